// The team policy file: parsing with positions and problems (table-driven, raw input), finding it
// by walking up to the repository root, checking a posture, the export to requirements.toml, and
// `codex-posture check --cwd` exits.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { resolvePosture } from '../../src/core/config/resolve';
import {
  baselineFor,
  checkPosture,
  expiryDaysFor,
  findPolicyFile,
  gitRulesFor,
  isPolicyFile,
  lintPolicyText,
  loadPolicyFor,
  outsidePrograms,
  parsePolicy,
  policyFindings,
  policyToRequirements,
} from '../../src/core/policy';
import { SANDBOX_MODES, WEB_SEARCH_MODES } from '../../src/core/config/types';
import { REQUIREMENT_LISTS } from '../../src/core/schema';
import { runCli } from '../support/runCli';
import { makeWorld, type TempWorld } from '../support/sandbox';

const run = runCli;

const TEAM = `allowed_sandbox_modes = ["read-only", "workspace-write"]
allowed_approval_policies = ["on-request"]
allowed_web_search_modes = ["disabled", "cached"]
allow_network_access = false

[mcp_servers.docs.identity]
command = "docs-server"

[git]
protected_branches = ["main", "release/*"]
feature_branch_pattern = "^(feature|fix|codex)/.+"

[exceptions]
max_expiry_days = 7
`;

describe('team policy: parse', () => {
  it('reads every rule with its line', () => {
    const { policy, problems } = parsePolicy(TEAM, '/r/.codex-posture.toml');
    assert.deepEqual(problems, []);
    assert.deepEqual(policy?.allowedSandboxModes?.value, ['read-only', 'workspace-write']);
    assert.equal(policy?.allowedSandboxModes?.span.line, 1);
    assert.deepEqual(policy?.allowedApprovalPolicies?.value, ['on-request']);
    assert.equal(policy?.allowNetworkAccess?.value, false);
    assert.equal(policy?.allowNetworkAccess?.span.line, 4);
    assert.deepEqual([...(policy?.mcpServers?.value ?? [])], [['docs', { command: 'docs-server' }]]);
    assert.deepEqual(policy?.protectedBranches?.value, ['main', 'release/*']);
    assert.equal(policy?.featureBranchPattern?.value, '^(feature|fix|codex)/.+');
    assert.equal(policy?.maxExpiryDays?.value, 7);
  });

  const tt: { test: string; input: string; want: RegExp; severity: 'error' | 'warning'; fixed?: string }[] = [
    {
      test: 'typo in a top-level key, with a rename',
      input: 'allowed_sandbox_mode = ["read-only"]\n',
      want: /Unknown key allowed_sandbox_mode.*allowed_sandbox_modes/,
      severity: 'warning',
      fixed: 'allowed_sandbox_modes = ["read-only"]\n',
    },
    {
      test: 'a word Codex does not know',
      input: 'allowed_sandbox_modes = ["workspace_write"]\n',
      want: /"workspace_write".*Did you mean "workspace-write"/,
      severity: 'error',
    },
    { test: 'a string where a list belongs', input: 'allowed_web_search_modes = "cached"\n', want: /must be a list/, severity: 'error' },
    { test: 'an empty allowlist', input: 'allowed_approval_policies = []\n', want: /is empty/, severity: 'error' },
    {
      test: 'a quoted boolean, with a fix',
      input: 'allow_network_access = "false"\n',
      want: /must be true or false/,
      severity: 'error',
      fixed: 'allow_network_access = false\n',
    },
    { test: 'an MCP server without identity', input: '[mcp_servers.docs]\ncommand = "x"\n', want: /needs an identity/, severity: 'error' },
    {
      test: 'an identity with both command and url',
      input: '[mcp_servers.docs.identity]\ncommand = "x"\nurl = "https://e"\n',
      want: /exactly one of command/,
      severity: 'error',
    },
    { test: 'a bad regular expression', input: '[git]\nfeature_branch_pattern = "("\n', want: /regular expression/, severity: 'error' },
    { test: 'expiry out of range', input: '[exceptions]\nmax_expiry_days = 0\n', want: /1 to 365/, severity: 'error' },
    { test: 'unknown key in [git]', input: '[git]\nprotected = ["main"]\n', want: /Unknown key git\.protected/, severity: 'warning' },
    { test: 'not TOML at all', input: 'allowed_sandbox_modes = [\n', want: /not valid TOML/, severity: 'error' },
  ];
  for (const t of tt) {
    it(t.test, () => {
      const { problems } = parsePolicy(t.input, '/r/.codex-posture.toml');
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0].message, t.want);
      assert.equal(problems[0].severity, t.severity);
      if (t.fixed !== undefined) {
        const f = problems[0].fix;
        assert.ok(f, 'has a fix');
        assert.equal(t.input.slice(0, f.start) + f.newText + t.input.slice(f.end), t.fixed);
      }
    });
  }
});

describe('team policy: find, check, export', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  it('is found by walking up to the repository root, and not above it', async () => {
    const repo = w.gitInit('outer/repo');
    w.mkdir('outer/repo/src/deep');
    assert.equal(await findPolicyFile(path.join(repo, 'src/deep')), undefined);
    w.write('outer/.codex-posture.toml', TEAM);
    assert.equal(await findPolicyFile(path.join(repo, 'src/deep')), undefined, 'above the repository root');
    const file = w.write('outer/repo/.codex-posture.toml', TEAM);
    assert.equal(await findPolicyFile(path.join(repo, 'src/deep')), file);
  });

  it('names the rule, the value and where it comes from', async () => {
    const repo = w.gitInit('repo');
    w.write(
      'home/.codex/config.toml',
      'web_search = "live"\nsandbox_mode = "danger-full-access"\n[mcp_servers.other]\ncommand = "other-server"\n',
    );
    const { policy } = parsePolicy(TEAM, path.join(repo, '.codex-posture.toml'));
    const snap = await resolvePosture({ cwd: repo, codexHome: w.codexHome });
    const v = checkPosture(snap, policy!, await outsidePrograms(snap));
    const rules = v.map((x) => `${x.rule}=${x.value}@${x.from?.line ?? '-'}`).sort();
    assert.deepEqual(
      rules,
      [
        'allow_network_access=network on@2',
        'allowed_sandbox_modes=danger-full-access@2',
        'allowed_web_search_modes=live@1',
        'mcp_servers=other@3',
      ].sort(),
    );
  });

  it('exports what Codex enforces, and says what it leaves out', () => {
    const { policy } = parsePolicy(TEAM, '/r/.codex-posture.toml');
    const { text, notExported } = policyToRequirements(policy!);
    assert.match(text, /^allowed_sandbox_modes = \["read-only", "workspace-write"\]$/m);
    assert.match(text, /^allowed_approval_policies = \["on-request"\]$/m);
    assert.match(text, /^allowed_web_search_modes = \["disabled", "cached"\]$/m);
    assert.match(text, /^\[mcp_servers\."docs"\.identity\]\ncommand = "docs-server"$/m);
    assert.deepEqual(notExported, [
      'allow_network_access',
      'git.protected_branches',
      'git.feature_branch_pattern',
      'exceptions.max_expiry_days',
    ]);
    const reparsed = parsePolicy(text, '/r/requirements.toml');
    assert.deepEqual(reparsed.problems, [], 'the export is itself a valid policy subset');
  });
});

describe('codex-posture check --cwd', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  it('exits 1 naming .codex-posture.toml, the rule, danger-full-access and the file:line it comes from', async () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n');
    const cfg = w.write('home/.codex/config.toml', 'model = "x"\nsandbox_mode = "danger-full-access"\n');
    const r = await run(['check', '--cwd', repo], w.env());
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /\.codex-posture\.toml:1:1: error CP900 /);
    assert.match(r.out, /allowed_sandbox_modes/);
    assert.match(r.out, /danger-full-access/);
    assert.ok(r.out.includes(`${cfg}:2`), r.out);
  });

  it('exits 0 for a compliant posture', async () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n');
    w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    const r = await run(['check', '--cwd', repo], w.env());
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /compliant with .*\.codex-posture\.toml/);
  });

  it('exits 0 and says so when no policy applies', async () => {
    const repo = w.gitInit('repo');
    const r = await run(['check', '--cwd', repo], w.env());
    assert.equal(r.code, 0);
    assert.match(r.err, /no \.codex-posture\.toml/);
  });

  it('exits 1 on a policy file with a bad value', async () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', 'allowed_sandbox_modes = ["full"]\n');
    const r = await run(['check', '--cwd', repo], w.env());
    assert.equal(r.code, 1);
    assert.match(r.out, /CP901/);
  });

  it('writes SARIF with repository-relative locations, help links and stable fingerprints', async () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', 'allowed_sandbox_modes = ["read-only"]\n');
    w.write('home/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    const a = JSON.parse((await run(['check', '--cwd', repo, '--format', 'sarif'], w.env())).out);
    w.write('repo/.codex-posture.toml', '# moved down a line\nallowed_sandbox_modes = ["read-only"]\n');
    const b = JSON.parse((await run(['check', '--cwd', repo, '--format', 'sarif'], w.env())).out);
    const ra = a.runs[0].results[0];
    const rb = b.runs[0].results[0];
    assert.equal(ra.locations[0].physicalLocation.artifactLocation.uri, '.codex-posture.toml');
    assert.match(a.runs[0].tool.driver.rules[0].helpUri, /#cp900$/);
    assert.notEqual(ra.locations[0].physicalLocation.region.startLine, rb.locations[0].physicalLocation.region.startLine);
    assert.deepEqual(ra.partialFingerprints, rb.partialFingerprints);
  });

  it('keeps check FILE... (lint plus the built-in policy)', async () => {
    const f = w.write('home/.codex/config.toml', 'approval_policy = "never"\n');
    const r = await run(['check', f], w.env());
    assert.equal(r.code, 1);
    assert.match(r.out, /CP900/);
  });
});

describe('team policy: JSON schema for Even Better TOML', () => {
  const schema = require('../../../schemas/codex-posture.schema.json');
  const pkg = require('../../../package.json');

  it('knows the same keys and words as the parser', () => {
    const { problems } = parsePolicy(TEAM, '/r/.codex-posture.toml');
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.keys(schema.properties).sort(), [
      'allow_network_access',
      'allow_programs_outside_sandbox',
      'allowed_approval_policies',
      'allowed_sandbox_modes',
      'allowed_web_search_modes',
      'exceptions',
      'git',
      'mcp_servers',
    ]);
    for (const [key, words] of [
      ['allowed_sandbox_modes', SANDBOX_MODES],
      ['allowed_web_search_modes', WEB_SEARCH_MODES],
      ['allowed_approval_policies', REQUIREMENT_LISTS.allowed_approval_policies],
    ] as const) {
      assert.deepEqual(schema.properties[key].items.enum, [...words], key);
    }
  });

  it('is contributed for .codex-posture.toml', () => {
    const entry = pkg.contributes.tomlValidation.find((t: { url: string }) => t.url === './schemas/codex-posture.schema.json');
    assert.ok(entry);
    assert.ok(new RegExp(entry.regexMatch).test('/home/u/repo/.codex-posture.toml'));
    assert.ok(!new RegExp(entry.regexMatch).test('/home/u/repo/.codex/config.toml'));
  });
});

describe('team policy: one policy for every surface', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());
  const SETTINGS = { sandbox: ['workspace-write'], approval: ['on-request'], networkAccess: false, webSearch: ['cached'] } as const;

  it('the repository policy wins over the settings where present, and says so', async () => {
    const repo = w.gitInit('repo');
    assert.equal(baselineFor(await loadPolicyFor(repo), SETTINGS).source, 'settings');
    const file = w.write(
      'repo/.codex-posture.toml',
      'allowed_sandbox_modes = ["read-only"]\n[git]\nprotected_branches = ["trunk"]\n[exceptions]\nmax_expiry_days = 3\n',
    );
    const found = await loadPolicyFor(repo);
    const applied = baselineFor(found, SETTINGS);
    assert.equal(applied.source, file);
    assert.deepEqual(applied.baseline.sandbox, ['read-only']);
    assert.deepEqual(applied.baseline.webSearch, ['cached'], 'unset in the policy: the setting');
    assert.deepEqual(gitRulesFor(found, ['main'], '^f/').protectedBranches, ['trunk']);
    assert.equal(gitRulesFor(found, ['main'], '^f/').featureBranchPattern, '^f/');
    assert.equal(expiryDaysFor(found, 7), 3);
  });

  it('a violation is an error finding that names the policy and the rule', async () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n');
    w.write('home/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    const snap = await resolvePosture({ cwd: repo, codexHome: w.codexHome });
    const f = policyFindings(snap, await loadPolicyFor(repo));
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /^policy \.codex-posture\.toml allowed_sandbox_modes .* danger-full-access/);
  });
});

describe('team policy: editor diagnostics', () => {
  it('reports CP901 with the rename as the preferred quick fix', () => {
    const text = 'allowed_sandbox_mode = ["read-only"]\n';
    const r = lintPolicyText(text, '/r/.codex-posture.toml');
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].code, 'CP901');
    assert.equal(r.findings[0].span.line, 1);
    assert.deepEqual(r.findings[0].fixes[0].edits, [{ start: 0, end: 20, newText: 'allowed_sandbox_modes' }]);
    assert.ok(isPolicyFile('/r/.codex-posture.toml') && !isPolicyFile('/r/.codex/config.toml'));
  });
});
