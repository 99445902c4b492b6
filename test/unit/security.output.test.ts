// Security review, as tests: what we write never acts, and never carries a secret.
//
// Escaping: hostile text from config values, paths, branch names, the approval log (a file in the
// workspace), terminal command lines and codex output goes through every document we produce (the
// badge tooltip, the posture report, the session record, the commit summary, the audit report).
// Each document is rendered by markdown-it with raw HTML *allowed* (the most permissive renderer a
// reader could use) and the HTML is checked: no link but our file:// links, no image, no tag from
// the input, no escape sequence or bidi override, no line added by a newline in a value.
// (test/unit/hostile.test.ts covers the tooltip for hostile folder names; present.test.ts the
// escapeMarkdown unit.)
//
// Secrets: distinctive values planted in the user and project configs (a model provider's bearer
// token and Authorization header, an MCP server's env, args and headers, OTel headers, URLs with a
// password) never appear in any output of `status`, `status --json`, `lint` (text, json, sarif) or
// `check`, nor in the reports built from the same configs. The extension's own surfaces (log,
// diagnostics, tooltip, reports, session record) are checked in test/integration/security.test.ts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { SandboxVerification } from '../../src/core/codex/sandbox';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { postureFindings } from '../../src/core/present/posture';
import { UNSAFE_CHARS } from '../../src/core/present/safeText';
import { reportMarkdown, tooltipMarkdown, type TooltipInput } from '../../src/core/present/tooltip';
import { inferKind, lintText } from '../../src/core/rules/lint';
import { redactSecretsInText } from '../../src/core/rules/secrets';
import { auditMarkdown } from '../../src/core/session/audit';
import { evaluateChecklist, type SessionData } from '../../src/core/session/checklist';
import type { LogEntry } from '../../src/core/session/log';
import { DEFAULT_BASELINE } from '../../src/core/present/posture';
import { commitSummary, sessionRecordMarkdown } from '../../src/core/session/record';
import { makeWorld, type TempWorld } from '../support/sandbox';
import { PLANTED, plantedProjectConfig, plantedUserConfig } from '../support/secrets';

// markdown-it is what VS Code's own Markdown preview renders with (a dev dependency; it ships no
// types, and @types/markdown-it is not worth a dependency for one call).
const MarkdownIt = require('markdown-it') as new (o: object) => { render(md: string): string };
const md = new MarkdownIt({ html: true, linkify: false });

/** Hostile text: links, images, HTML, autolinks, entities, code breakouts, escapes, bidi, new lines. */
const HOSTILE = [
  '[click](command:workbench.action.quit)',
  '![x](https://evil.invalid/p.png)',
  '<img src=x onerror=alert(1)>',
  '<https://evil.invalid/auto>',
  '&#x202e;gnp.exe',
  '\u001b[31mred\u001b]8;;https://evil.invalid\u0007',
  '\u009b31m',
  'bidi \u202eevil\u2066x\u2069 \u200f',
  '`a` ``b``',
  '| a | b |',
  'x\nSigned-off-by: mallory\r\n- [x] faked',
  '$(zap) [y](command:z)',
].join(' ');

const ALLOWED_TAGS = new Set([
  'p',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'code',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'h1',
  'h2',
  'h3',
  'h4',
  'br',
  'hr',
]);

/** What in `markdown`, once rendered, could act: for an assertion message, empty when safe. */
function unsafeRendering(markdown: string): string[] {
  const out: string[] = [];
  const html = md.render(markdown);
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    const [tag, name, attrs] = m;
    if (!ALLOWED_TAGS.has(name.toLowerCase())) out.push(`tag ${tag}`);
    if (name === 'a' && !/^\s*href="file:\/\/\/[^"\s]*"\s*$/.test(attrs)) out.push(`link ${tag}`);
  }
  // markdown-it decodes entities (&#x202e;) into characters: check the rendering, not the source.
  const unsafe = html.match(UNSAFE_CHARS);
  if (unsafe) out.push(`characters ${unsafe.map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(' ')}`);
  if (/^\s*(Signed-off-by|- \[x\] faked)/m.test(markdown)) out.push('a line added by a newline in a value');
  return out;
}

describe('security: documents escape text from files, git, terminals and codex', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld('cp-escape-')));
  afterEach(() => w.dispose());

  it('markdownText-safe check itself catches every hostile form when nothing is escaped', () => {
    // The check would see each attack: raw hostile text fails it for several reasons.
    const found = unsafeRendering(`- ${HOSTILE}`).join('\n');
    for (const want of [/link <a href="command:/, /tag <img/, /characters .*U\+202e/, /U\+001b/, /a line added/]) assert.match(found, want);
  });

  // A TOML basic string: JSON's escapes (\n, \u001b) are TOML escapes too.
  const tomlString = (s: string): string => JSON.stringify(s);

  async function hostileSnapshot(): Promise<PostureSnapshot> {
    const project = w.mkdir('project');
    // A value Codex accepts (writable roots are free paths) and, in a second layer, a profile...
    w.write(
      'home/.codex/config.toml',
      `sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nwritable_roots = [${tomlString(`/tmp/${HOSTILE}`)}]\n[projects.${tomlString(project)}]\ntrust_level = "trusted"\n`,
    );
    return resolvePosture({ cwd: project, codexHome: w.codexHome, systemDir: w.path('no-etc') });
  }

  it('the badge tooltip and the posture report, with hostile config values, launch arguments and git text', async () => {
    const s = await hostileSnapshot();
    assert.equal(s.loads, true, s.loadError?.message);
    assert.ok(
      s.writableRoots?.value.some((r) => r.includes('command:workbench')),
      'the hostile root is in the posture',
    );
    const input: TooltipInput = {
      folderName: HOSTILE,
      snapshot: s,
      launchArgs: ['-c', HOSTILE],
      launchError: HOSTILE,
      findings: [...postureFindings(s), { severity: 'warning', code: 'git', message: `on branch ${HOSTILE}` }],
      gitSummary: `branch ${HOSTILE}`,
      codexSummary: `codex disagrees: ${HOSTILE}`,
      restricted: false,
      officialExtension: false,
      otherFolders: [{ name: HOSTILE, line: HOSTILE }],
    };
    const tooltip = tooltipMarkdown(input);
    assert.deepEqual(unsafeRendering(tooltip), [], tooltip);
    const report = reportMarkdown(input);
    assert.deepEqual(unsafeRendering(report), [], report);
    assert.match(
      report,
      /command:workbench\.action\.quit|command\\:workbench\\\.action\\\.quit/,
      'the text is shown, escaped, not dropped',
    );
  });

  it('the tooltip and the report when the config does not load and the error quotes a hostile value', async () => {
    w.write('home/.codex/config.toml', `sandbox_mode = ${tomlString(HOSTILE)}\n`);
    const s = await resolvePosture({ cwd: w.mkdir('p'), codexHome: w.codexHome, systemDir: w.path('no-etc') });
    assert.equal(s.loads, false);
    const input = {
      folderName: 'p',
      snapshot: s,
      launchArgs: [],
      findings: postureFindings(s),
      restricted: false,
      officialExtension: false,
    };
    const tooltip = tooltipMarkdown(input);
    assert.deepEqual(unsafeRendering(tooltip), [], tooltip);
    assert.deepEqual(unsafeRendering(reportMarkdown(input)), []);
  });

  const entry = (over: Partial<LogEntry> = {}): LogEntry => ({
    v: 1,
    id: 'e1',
    kind: 'exception',
    // Date.parse accepts this: the log's `at` and `expires` are not just dates.
    at: `Jan 1 2025 (${HOSTILE})`,
    requester: HOSTILE,
    scope: HOSTILE,
    domains: [HOSTILE],
    reason: HOSTILE,
    expires: `Jan 1 2099 (${HOSTILE})`,
    rollback: HOSTILE,
    enables: ['network'],
    changes: [HOSTILE],
    ...over,
  });
  const session: SessionData = {
    id: 's',
    folder: `/w/${HOSTILE}`,
    startedAt: '2025-06-10T10:00:00Z',
    startPosture: { loads: true, sandbox: 'workspace-write', approval: 'on-request', networkAccess: false, webSearch: 'cached' },
    startHead: 'a'.repeat(40),
    startBranch: `feature/${HOSTILE}`,
    manual: { 'reviewed-diff': true },
    stashes: [{ at: '2025-06-10T10:01:00Z', message: HOSTILE }],
    testRuns: [{ name: `\`${HOSTILE}\``, at: '2025-06-10T11:00:00Z', exitCode: 0 }],
    branchesCreated: [],
  };
  const sandbox: SandboxVerification = {
    at: '2025-06-10T10:30:00Z',
    folder: '/w',
    codex: `/opt/${HOSTILE}/codex`,
    sandbox: 'workspace-write',
    networkAccess: false,
    passed: false,
    unavailable: HOSTILE,
    probes: [
      {
        id: 'network',
        title: HOSTILE,
        expect: 'fail',
        passed: false,
        exitCode: 1,
        timedOut: false,
        durationMs: 5,
        command: HOSTILE,
        output: `curl: ${HOSTILE}\n`,
      } as SandboxVerification['probes'][number],
    ],
  };
  const now = new Date('2025-06-10T12:00:00Z');

  it('the session record, with a hostile folder, branch, approval log, test command and codex output', () => {
    const items = evaluateChecklist({ now, baseline: DEFAULT_BASELINE, findings: [], gitWarnings: [HOSTILE], expired: [], session });
    const record = sessionRecordMarkdown({
      session,
      finishedAt: now,
      endPosture: session.startPosture,
      items,
      entries: [entry(), entry({ kind: 'revocation' })],
      sandbox,
      branch: `codex/${HOSTILE}`,
      head: 'b'.repeat(40),
    });
    assert.deepEqual(unsafeRendering(record), [], record);
    assert.match(record, /^- Branch: feature\/.*→ codex\//m, 'branch names stay readable');
  });

  it('the commit summary: plain lines, none added by a value, no escape sequence or bidi override', () => {
    const items = evaluateChecklist({ now, baseline: DEFAULT_BASELINE, findings: [], gitWarnings: [], expired: [], session });
    const sum = commitSummary({ session, now, items, entries: [entry(), entry({ kind: 'revocation' })], sandbox });
    assert.equal(sum.match(UNSAFE_CHARS), null, JSON.stringify(sum));
    assert.doesNotMatch(sum, /^\s*(Signed-off-by|- \[x\] faked)/m, 'no trailer or line injected');
    assert.deepEqual(
      sum
        .split('\n')
        .filter(
          (l) => l && !/^- (Posture:|Approvals\/exceptions:|Revoked:|Tests:|Sandbox (verified|verification tried) |Checked:)/.test(l),
        ),
      ['Codex session:'],
    );
  });

  it('the audit report, with hostile config values, a hostile MCP server name in lint findings and a hostile log', async () => {
    const s = await hostileSnapshot();
    const userFile = path.join(w.codexHome, 'config.toml');
    const text = `[mcp_servers.${tomlString(HOSTILE)}]\ncommand = "x"\nenv = { API_KEY = "sk-PLANTEDaudit0123456789" }\n`;
    const lint = lintText(text, { kind: inferKind(userFile), file: userFile });
    assert.ok(lint.findings.length > 0);
    const report = auditMarkdown({
      now,
      folderName: HOSTILE,
      snapshot: s,
      findings: [{ severity: 'warning', code: 'x', message: HOSTILE }],
      lint: [
        {
          file: `/tmp/${HOSTILE}/config.toml`,
          lines: lint.findings.map((f) => `${f.span.line}:${f.span.column} ${f.code} ${f.severity}: ${f.message}`),
        },
      ],
      entries: [entry()],
      lastAudit: undefined,
    });
    assert.deepEqual(unsafeRendering(report), [], report);
    assert.doesNotMatch(report, /PLANTED/);
  });
});

describe('security: CLI output escapes control characters from config files', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld('cp-term-')));
  afterEach(() => w.dispose());

  it('status (text and JSON) and lint (text, JSON, SARIF) print no raw escape sequence or bidi override', async () => {
    // A clear-screen, an OSC 8 hidden hyperlink, a carriage return and a bidi override.
    const nasty = '/tmp/a\u001b[2J\u001b]8;;https://evil.invalid\u0007b\rc\u202ed';
    const project = w.mkdir('project');
    const config = w.write(
      'home/.codex/config.toml',
      `sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nwritable_roots = [${JSON.stringify(nasty)}]\n[mcp_servers.${JSON.stringify(`x${nasty}`)}]\ncommand = "x"\nenv = { API_KEY = "sk-PLANTEDterm0123456789" }\n`,
    );
    for (const argv of [
      ['status', '--cwd', project],
      ['status', '--json', '--cwd', project],
      ['lint', config],
      ['lint', '--format', 'json', config],
      ['lint', '--format', 'sarif', config],
    ]) {
      let text = '';
      const code = await main(argv, { out: (s) => (text += s + '\n'), err: (s) => (text += s + '\n') }, w.env());
      assert.ok(code === 0 || code === 1, `${argv.join(' ')}: exit ${code}\n${text}`);
      assert.equal(text.match(UNSAFE_CHARS), null, `${argv.join(' ')}: ${JSON.stringify(text)}`);
      if (argv[0] === 'status' && argv[1] !== '--json') assert.match(text, /\/tmp\/a\\u001b\[2J/, 'shown as a visible escape');
      if (argv.includes('--json'))
        assert.deepEqual(JSON.parse(text).writableRoots, [path.resolve(nasty)], 'JSON still decodes to the same value');
      if (argv.includes('sarif')) JSON.parse(text);
    }
  });
});

describe('security: redacting secrets in free text (terminal command lines, program output)', () => {
  const table: [string, string][] = [
    ['OPENAI_API_KEY=sk-PLANTEDkey0123456789 npm test', 'OPENAI_API_KEY=**** npm test'],
    ['GITHUB_TOKEN="ghp_PLANTED0123456789abcdefghij" make test', 'GITHUB_TOKEN=**** make test'],
    [
      'curl -H "Authorization: Bearer PLANTEDbearer99" https://x.invalid && npm test',
      'curl -H "Authorization: ****" https://x.invalid && npm test',
    ],
    ['npm test -- --token PLANTEDtok0123 --api-key=PLANTEDkey0123', 'npm test -- --token **** --api-key=****'],
    ['git clone https://alice:PLANTEDpw@git.invalid/r.git && make test', 'git clone https://alice:****@git.invalid/r.git && make test'],
    ['echo sk-PLANTEDbare0123456789 | pytest', 'echo **** | pytest'],
    ['npm test -- --grep "token expiry"', 'npm test -- --grep "token expiry"'],
    ['PASSWORD=hunter2 npx jest', 'PASSWORD=**** npx jest'],
  ];
  for (const [input, want] of table) {
    it(JSON.stringify(input), () => {
      const out = redactSecretsInText(input);
      assert.equal(out, want);
      assert.doesNotMatch(out, /PLANTED|hunter2/);
    });
  }
});

describe('security: no secret value in CLI output (status, lint, check; text, JSON, SARIF)', function () {
  this.timeout(60_000);
  let w: TempWorld;
  let project: string;
  let files: string[];
  beforeEach(() => {
    w = makeWorld('cp-secrets-');
    project = w.gitInit('project');
    files = [w.write('home/.codex/config.toml', plantedUserConfig(project)), w.write('project/.codex/config.toml', plantedProjectConfig())];
  });
  afterEach(() => w.dispose());

  async function cli(argv: string[]): Promise<{ code: number; text: string }> {
    let text = '';
    const code = await main(argv, { out: (s) => (text += s + '\n'), err: (s) => (text += s + '\n') }, w.env());
    return { code, text };
  }

  const runs: [string, (p: string, f: string[]) => string[]][] = [
    ['status', (p) => ['status', '--cwd', p]],
    ['status --json', (p) => ['status', '--json', '--cwd', p]],
    ['lint', (_p, f) => ['lint', ...f]],
    ['lint --format json', (_p, f) => ['lint', '--format', 'json', ...f]],
    ['lint --format sarif', (_p, f) => ['lint', '--format', 'sarif', ...f]],
    ['check', (_p, f) => ['check', ...f]],
    ['check --format sarif', (_p, f) => ['check', '--format', 'sarif', ...f]],
  ];
  for (const [name, argv] of runs) {
    it(name, async () => {
      const r = await cli(argv(project, files));
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.text}`);
      assert.doesNotMatch(r.text, /PLANTED/, r.text);
      // The check must have seen the secrets it hides: lint names each planted key, redacted.
      if (name.startsWith('lint') || name.startsWith('check')) assert.match(r.text, /experimental_bearer_token/);
      if (name === 'status --json') assert.equal(JSON.parse(r.text).loads, true, 'the planted config loads');
    });
  }

  it('a key pasted into an enum setting is not quoted back in the load error (status, JSON, SARIF)', async () => {
    w.write('home/.codex/config.toml', `sandbox_mode = "${PLANTED.openaiKey}"\n`);
    for (const argv of [
      ['status', '--cwd', project],
      ['status', '--json', '--cwd', project],
      ['lint', '--format', 'sarif', files[0]],
    ]) {
      const r = await cli(argv);
      assert.equal(r.code, 1, r.text);
      assert.match(r.text, /unknown variant `\*\*\*\* \(\d+ characters, looks like a secret\)`/);
      assert.doesNotMatch(r.text, /PLANTED/, r.text);
    }
  });

  it('the session record, commit summary and audit report built from the same configs', async () => {
    const s = await resolvePosture({ cwd: project, codexHome: w.codexHome, systemDir: w.path('no-etc') });
    const lint = files.map((f) => ({
      file: f,
      lines: lintText(readFileSync(f, 'utf8'), { kind: inferKind(f), file: f }).findings.map((x) => `${x.code} ${x.message}`),
    }));
    const audit = auditMarkdown({ now: new Date(), folderName: 'project', snapshot: s, findings: postureFindings(s), lint, entries: [] });
    assert.match(audit, /experimental_bearer_token/);
    const input = {
      folderName: 'project',
      snapshot: s,
      launchArgs: [],
      findings: postureFindings(s),
      restricted: false,
      officialExtension: false,
    };
    const tooltip = tooltipMarkdown(input);
    const testRun = { name: `\`OPENAI_API_KEY=${PLANTED.openaiKey} npm test\``, at: new Date().toISOString(), exitCode: 0 };
    const sess: SessionData = {
      id: 's',
      folder: project,
      startedAt: new Date().toISOString(),
      manual: {},
      stashes: [],
      testRuns: [testRun],
      branchesCreated: [],
    } as unknown as SessionData;
    const items = evaluateChecklist({
      now: new Date(),
      baseline: DEFAULT_BASELINE,
      findings: [],
      gitWarnings: [],
      expired: [],
      session: sess,
    });
    const record = sessionRecordMarkdown({ session: sess, finishedAt: new Date(), items, entries: [] });
    const summary = commitSummary({ session: sess, now: new Date(), items, entries: [] });
    for (const [what, text] of [
      ['audit', audit],
      ['tooltip', tooltip],
      ['report', reportMarkdown(input)],
      ['record', record],
      ['summary', summary],
    ]) {
      assert.doesNotMatch(text, /PLANTED/, `${what}:\n${text}`);
    }
    assert.match(record, /OPENAI_API_KEY=\*\*\*\* npm test/);
  });
});
