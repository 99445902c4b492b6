// How postures read: badge words, the screen-reader label, findings and their severity, and a
// tooltip that escapes everything that comes from files, paths or branch names.
import * as assert from 'node:assert/strict';
import { parseLaunchArgs } from '../../src/core/config/launchArgs';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { accessibilityLabel, badgeText, escapeMarkdown, postureFindings, worstSeverity } from '../../src/core/present/posture';
import { themeIconText } from '../../src/core/present/safeText';
import { fileLink, reportMarkdown, tooltipMarkdown } from '../../src/core/present/tooltip';
import { compareWithConfigRead } from '../../src/core/codex/confirm';
import { makeWorld, type TempWorld } from '../support/sandbox';

describe('posture presentation', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  const snap = async (config: string, argv: string[] = [], dir = 'repo'): Promise<PostureSnapshot> => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', config);
    return resolvePosture({ cwd: w.path(dir), codexHome: w.codexHome, launch: parseLaunchArgs(argv), systemDir: w.mkdir('etc') });
  };
  const trust = () => `\n[projects."${w.path('repo')}"]\ntrust_level = "trusted"\n`;

  const table: { name: string; config: () => string; argv?: string[]; text: string; severity: string; codes: string[] }[] = [
    {
      name: 'baseline',
      config: () => `sandbox_mode = "workspace-write"${trust()}`,
      text: '$(shield) Workspace · Ask · net off · web cached',
      severity: 'ok',
      codes: [],
    },
    {
      name: 'yolo flag',
      config: () => trust(),
      argv: ['--yolo'],
      text: '$(error) Codex: YOLO · web live',
      severity: 'error',
      codes: ['danger-full-access', 'approval-never', 'web-search-live', 'baseline-drift'],
    },
    {
      name: 'network on',
      config: () => `[sandbox_workspace_write]\nnetwork_access = true${trust()}`,
      text: '$(warning) Workspace · Ask · net on · web cached',
      severity: 'warning',
      codes: ['network-on', 'baseline-drift'],
    },
    {
      name: 'read-only',
      config: () => '',
      text: '$(warning) Read Only · Ask · net off · web cached',
      severity: 'warning',
      codes: ['baseline-drift'],
    },
    {
      name: 'auto-trust',
      config: () => 'sandbox_mode = "workspace-write"\n',
      text: '$(warning) Workspace · Ask · net off · web cached',
      severity: 'warning',
      codes: ['auto-trust'],
    },
    {
      name: 'config error',
      config: () => 'sandbox_mode = 3\n',
      text: '$(error) Codex: config error',
      severity: 'error',
      codes: ['config-error'],
    },
  ];
  for (const t of table) {
    it(`reads ${t.name}`, async () => {
      const s = await snap(t.config(), t.argv);
      const findings = postureFindings(s);
      const severity = worstSeverity(findings);
      assert.equal(badgeText(s, severity), t.text);
      assert.equal(severity, t.severity);
      assert.deepEqual(
        findings.map((f) => f.code),
        t.codes,
      );
      assert.match(
        accessibilityLabel(
          s,
          findings.map((f) => f.message),
        ),
        /^Codex posture: /,
      );
    });
  }

  it('escapes Markdown, theme icons, HTML and control characters from untrusted text', () => {
    const hostile = '[x](command:evil) $(zap) <img src=x> `code` *b* |pipe|\u202e\u0007';
    const out = escapeMarkdown(hostile);
    assert.doesNotMatch(out, /(^|[^\\])\[|(^|[^\\])\$\(|(^|[^\\])<|\u202e|\u0007/);
    assert.match(out, /\\\[x\\\]\\\(command\\:evil\\\)/);
  });

  it('builds file links that no path can break out of', () => {
    const link = fileLink('/tmp/a (b)/[c]/config.toml', 3);
    // A fixed title: VS Code's default title is the decoded path, where `$(name)` would become an icon.
    assert.match(link, /^\[.*\]\(file:\/\/\/tmp\/a%20%28b%29\/%5Bc%5D\/config\.toml#L3 "Open at line 3"\)$/);
  });

  // Regression: the report was the tooltip's Markdown, where every `-`, `.`, `~`, `(` and `_` is
  // escaped for VS Code's hover: `**workspace\-write**`, `[\~/\.codex/config\.toml:2]`. Read as
  // source (the report is a document; the clipboard goes into chats and tickets) it was noise.
  it('the posture report reads as plain Markdown source: headings, values and paths as written', async () => {
    const s = await snap(`approval_policy = "on-failure"\n[sandbox_workspace_write]\nnetwork_access = true${trust()}`);
    const input = {
      folderName: 'my_repo (v2)',
      snapshot: s,
      launchArgs: ['--profile', 'fast'],
      findings: postureFindings(s),
      gitSummary: 'feat/x_y · 1 modified',
      codexSummary: 'codex-cli 0.171.0 confirms sandbox, approval (PATH)',
      restricted: false,
      officialExtension: false,
      home: w.path('home'),
    };
    const report = reportMarkdown(input);
    assert.match(report, /^# Codex posture · my_repo \(v2\)\n/);
    assert.match(report, /^\| Sandbox \| \*\*workspace-write\*\* \| default because the project is trusted \|$/m);
    assert.match(
      report,
      /^\| Approval \| \*\*on-request\*\* \| user \[~\/\.codex\/config\.toml:1\]\(file:\/\/\/\S+\/home\/\.codex\/config\.toml#L1 "Open at line 1"\) \("on-failure" is read as "on-request"\) \|$/m,
    );
    assert.match(report, /^\| Permission profile \| \*\*legacy sandbox_mode\*\* \| /m);
    assert.match(report, /^\*\*Launch arguments:\*\* `--profile` `fast`$/m);
    assert.match(report, /^\*\*Codex:\*\* codex-cli 0\.171\.0 confirms sandbox, approval \(PATH\)$/m);
    assert.match(report, /^\*\*Git:\*\* feat\/x_y · 1 modified$/m);
    assert.match(report, /^## Warnings\n\n- network is on inside the sandbox$/m);
    // Nothing escaped that did not need it, and no theme icons.
    assert.doesNotMatch(report.replace(/\]\([^)]*\)/g, ']()'), /\\[-.~()_:!#+{}*]/);
    assert.doesNotMatch(report, /\$\(/);
    // The tooltip keeps its full escaping (VS Code's hover renders theme icons).
    assert.match(tooltipMarkdown(input), /\*\*workspace\\-write\*\*/);
  });

  it('report text that starts a line or a list item cannot become a heading, quote or list', async () => {
    const s = await snap(`sandbox_mode = "workspace-write"${trust()}`);
    const base = { snapshot: s, launchArgs: [], findings: [], restricted: false, officialExtension: false };
    const report = reportMarkdown({
      ...base,
      folderName: 'a',
      otherFolders: [
        { name: '# big', line: '> quoted' },
        { name: '1. one', line: '- x' },
      ],
    });
    assert.match(report, /^- \\# big: \\> quoted$/m);
    assert.match(report, /^- 1\\\. one: \\- x$/m);
  });

  it('the tooltip escapes a hostile folder name, branch summary and load error', async () => {
    const s = await snap('sandbox_mode = "$(zap) [x](command:y)"\n');
    const md = tooltipMarkdown({
      folderName: '<b>repo</b>',
      snapshot: s,
      launchArgs: ['-c', 'x=`y`'],
      findings: postureFindings(s),
      gitSummary: 'branch $(bug) [evil](command:rm)',
      restricted: true,
      officialExtension: true,
    });
    assert.doesNotMatch(md, /[^\\]\[evil\]|[^\\]\$\(zap\)|[^\\]\$\(bug\)|<b>|command:rm\)/);
    assert.match(md, /Restricted Mode/);
    assert.match(md, /chat mode picker/);
  });
});

/**
 * What the badge's tooltip shows in VS Code: a MarkdownString with theme icons is rendered to HTML
 * (markdown-it here, marked there), then every `$(name)` in that HTML (attributes included) becomes
 * an icon unless a backslash precedes it, which is dropped (VS Code's renderLabelWithIcons). Before
 * parsing, VS Code doubles the backslash of an escaped icon (`\$(x)` becomes `\\$(x)`).
 */
function vscodeThemeIconRendering(markdown: string): { html: string; text: string } {
  const MarkdownIt = require('markdown-it') as new (o: object) => { render(md: string): string };
  const icon = String.raw`\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)`;
  const source = markdown.replace(new RegExp(String.raw`\\` + icon, 'g'), (m) => `\\${m}`);
  const html = new MarkdownIt({ html: false })
    .render(source)
    .replace(new RegExp(String.raw`(\\)?` + icon, 'g'), (m, escaped?: string) => (escaped ? m.slice(1) : '<span class="codicon"></span>'));
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
  return { html, text };
}

describe('theme icons in the tooltip (VS Code renders $(name) after Markdown)', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  // Regression: a folder named `p $(id)` showed as `p ` in the tooltip, a branch `feat/$(x)` as
  // `feat/`, and a config path holding `$(id)` broke the file link's href into visible HTML.
  it('folder names, branches, paths and launch arguments holding $(name) show as written', async () => {
    const dir = w.mkdir('p $(id) `t`');
    w.write('home/.codex/config.toml', `sandbox_mode = "workspace-write"\n[projects.${JSON.stringify(dir)}]\ntrust_level = "trusted"\n`);
    w.write('p $(id) `t`/.codex/config.toml', 'approval_policy = "never"\n');
    const s = await resolvePosture({ cwd: dir, codexHome: w.codexHome, systemDir: w.mkdir('etc') });
    const input = {
      folderName: 'p $(id) a\\$(zap)',
      snapshot: s,
      launchArgs: ['-c', 'x="$(bug)"'],
      findings: postureFindings(s),
      gitSummary: 'feat/$(x)`y` · clean',
      restricted: false,
      officialExtension: false,
    };
    const md = tooltipMarkdown(input);
    const { html, text } = vscodeThemeIconRendering(md);
    assert.match(text, /Codex posture · p \$\(id\) a\\\$\(zap\)/);
    assert.match(text, /feat\/\$\(x\)`y` · clean/);
    assert.match(text, /x="\$\(bug\)"/);
    assert.match(text, /p \$\(id\) `t`\/\.codex\/config\.toml:1/);
    // Only our own icons: the warning list's. None inside a link.
    assert.doesNotMatch(html, /href="[^"]*(codicon|\$\()/);
    assert.equal((html.match(/codicon/g) ?? []).length, postureFindings(s).length);
    // Documents and the clipboard have no icons: `$(` is plain text there.
    const report = reportMarkdown(input);
    assert.match(report, /^# Codex posture · p \$\(id\) a\\\\\$\(zap\)$/m);
    assert.match(report, /`-c` `x="\$\(bug\)"`/);
    assert.doesNotMatch(report, /codicon|\$\((error|warning|shield)\)/);
  });

  it('quick pick descriptions keep $(name) from a path as text, on one line', () => {
    assert.equal(themeIconText('/w/p $(id)/a\\$(x)\n\u001b[2J.toml:3'), '/w/p \\$(id)/a\\\\$(x) [2J.toml:3');
  });
});

describe('confirmation against codex config/read', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  it('confirms matching keys and files, and names the value that drifts', async () => {
    w.mkdir('plain');
    const file = w.write('home/.codex/config.toml', 'sandbox_mode = "read-only"\napproval_policy = "on-failure"\n');
    const s = await resolvePosture({ cwd: w.path('plain'), codexHome: w.codexHome, systemDir: w.mkdir('etc') });
    const origin = { name: { type: 'user' as const, file }, version: 'x' };
    const ok = compareWithConfigRead(s, {
      config: { sandbox_mode: 'read-only', approval_policy: 'on-failure' },
      origins: { sandbox_mode: origin, approval_policy: origin },
    });
    assert.deepEqual(ok, { confirmed: true, drift: [] });
    const bad = compareWithConfigRead(s, {
      config: { sandbox_mode: 'workspace-write', approval_policy: 'on-failure' },
      origins: { sandbox_mode: origin, approval_policy: origin },
    });
    assert.equal(bad.confirmed, false);
    assert.match(bad.drift[0], /^sandbox: codex reads sandbox_mode = "workspace-write", the engine "read-only"/);
    assert.equal(compareWithConfigRead(s, { error: 'invalid configuration' }).confirmed, false);
  });

  // The cloned-repository case: config/read answers before the session writes the trust entry, so
  // it reports the project layer disabled and the user's sandbox_mode merged. The response below
  // has the shape codex 0.171.0 returned for this world (measured with the real binary).
  async function clonedRepo() {
    const user = w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    const repo = w.gitInit('repo');
    const project = w.write('repo/.codex/config.toml', 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n');
    const s = await resolvePosture({ cwd: repo, codexHome: w.codexHome, systemDir: w.mkdir('etc') });
    const userOrigin = { name: { type: 'user' as const, file: user, profile: null }, version: 'x' };
    const projectLayer = (config: Record<string, unknown>) => ({
      name: { type: 'project' as const, dotCodexFolder: `${repo}/.codex` },
      version: 'y',
      config,
      disabledReason: `To load project-local config, hooks, and exec policies, add ${repo} as a trusted project in ${user}.`,
    });
    const response = (config: Record<string, unknown>) => ({
      config: { sandbox_mode: 'workspace-write' },
      origins: { sandbox_mode: userOrigin },
      layers: [projectLayer(config), { ...userOrigin, config: { sandbox_mode: 'workspace-write' } }],
    });
    return { s, project, response };
  }

  it('compares like with like when a session start trusts the project: no drift, and says why', async () => {
    const { s, project, response } = await clonedRepo();
    assert.equal(s.sandbox?.value, 'danger-full-access');
    assert.equal(s.sandbox?.from.file, project);
    const c = compareWithConfigRead(s, response({ sandbox_mode: 'danger-full-access', approval_policy: 'never' }));
    assert.deepEqual(c.drift, []);
    assert.equal(c.confirmed, true);
    assert.match(c.note ?? '', /^a session start trusts this project \(.*repo\) and applies its \.codex\/config\.toml/);
  });

  it('still reports drift when the auto-trusted project says something else than the engine read', async () => {
    const { s, response } = await clonedRepo();
    const c = compareWithConfigRead(s, response({ sandbox_mode: 'read-only', approval_policy: 'never' }));
    assert.equal(c.confirmed, false);
    assert.match(c.drift[0], /^sandbox: codex reads sandbox_mode = "read-only", the engine "danger-full-access"/);
  });
});
