// The model of what runs outside the sandbox (src/core/outside): MCP servers, hooks, notify, the
// agent's environment and administrator requirements, each rule as measured in codex 0.171
// (docs/codex-findings.md §8; the differential suite re-checks them against the binary).
import * as assert from 'node:assert/strict';
import { postureToJson } from '../../src/core/config/json';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { parseLaunchArgs } from '../../src/core/config/launchArgs';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { parseJsonWithLines } from '../../src/core/outside/jsonPositions';
import { environmentFor, hookTrustHash, looksLikeSecretName } from '../../src/core/outside/model';
import { isLoopbackHost, unpinnedPackage } from '../../src/core/outside/packageRunner';
import { accessibilityLabel, badgeText, outsideFindings, postureFindings } from '../../src/core/present/posture';
import { tooltipMarkdown } from '../../src/core/present/tooltip';
import { makeWorld, type TempWorld } from '../support/sandbox';

describe('outside the sandbox: model', () => {
  let w: TempWorld;
  let systemDir: string;
  beforeEach(() => {
    w = makeWorld();
    systemDir = w.mkdir('etc-codex');
  });
  afterEach(() => w.dispose());

  const resolve = (
    cwdRel: string,
    env: NodeJS.ProcessEnv = { PATH: '/usr/bin', HOME: w.home },
    argv: string[] = [],
  ): Promise<PostureSnapshot> =>
    resolvePosture({ cwd: w.path(cwdRel), codexHome: w.codexHome, home: w.home, launch: parseLaunchArgs(argv), systemDir, env });

  it('a cloned repository whose MCP server a writable session starts is an error on the badge', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    w.write('repo/.codex/config.toml', '# tools\n[mcp_servers.x]\ncommand = "sh"\nargs = ["-c", "echo hi"]\n');
    const s = await resolve('repo');
    const m = s.outsideSandbox!.mcpServers;
    assert.equal(m.length, 1);
    assert.equal(m[0].starts, true);
    assert.equal(m[0].projectSupplied, true);
    assert.equal(m[0].from.file, w.path('repo/.codex/config.toml'));
    assert.equal(m[0].from.line, 3);
  });

  it('the badge, its label and the tooltip say so', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    w.write('repo/.codex/config.toml', '# tools\n[mcp_servers.x]\ncommand = "sh"\nargs = ["-c", "echo hi"]\n');
    const s = await resolve('repo');
    const f = postureFindings(s).find((x) => x.code === 'repository-programs');
    assert.equal(f?.severity, 'error');
    assert.equal(f?.message, 'this repository starts 1 program outside the sandbox when a Codex session starts');
    assert.match(accessibilityLabel(s, [f!.message]), /1 MCP server outside the sandbox\. Warnings: this repository starts 1 program/);
    assert.match(badgeText(s, 'error'), /· 1 outside$/);
    const tip = tooltipMarkdown({
      folderName: 'repo',
      snapshot: s,
      launchArgs: [],
      findings: [f!],
      restricted: false,
      officialExtension: false,
    });
    assert.match(tip, /\*\*Runs outside the sandbox\*\*/);
    assert.match(tip, /config\\\.toml:3/);
  });

  it('a read-only session does not trust the project, so nothing of it starts', async () => {
    w.gitInit('repo');
    w.write('repo/.codex/config.toml', '[mcp_servers.x]\ncommand = "sh"\n');
    const s = await resolve('repo');
    assert.deepEqual(s.outsideSandbox!.mcpServers, []);
    assert.deepEqual(outsideFindings(s.outsideSandbox), []);
  });

  it('enabled = false and an administrator allowlist keep servers from starting', async () => {
    w.gitInit('repo');
    w.write(
      'home/.codex/config.toml',
      '[mcp_servers.a]\ncommand = "sh"\n[mcp_servers.b]\ncommand = "sh"\nenabled = false\n[mcp_servers.c]\ncommand = "node"\n',
    );
    w.write(
      'etc-codex/requirements.toml',
      '[mcp_servers.a]\nidentity = { command = "sh" }\n[mcp_servers.c]\nidentity = { command = "python" }\n',
    );
    const s = await resolve('repo');
    const by = new Map(s.outsideSandbox!.mcpServers.map((m) => [m.name, m]));
    assert.equal(by.get('a')!.starts, true);
    assert.equal(by.get('b')!.starts, false);
    assert.match(by.get('b')!.skipReason!, /enabled = false/);
    assert.equal(by.get('c')!.starts, false);
    assert.match(by.get('c')!.skipReason!, /allowlist/);
    const req = s.outsideSandbox!.requirements[0];
    assert.equal(req.from.layer, 'requirements');
    assert.equal(req.from.reason, 'administrator');
    assert.deepEqual(req.mcpServers, [
      { name: 'a', command: 'sh' },
      { name: 'c', command: 'python' },
    ]);
  });

  it('a stdio server gets a fixed set of variables plus env and env_vars, by name only', async () => {
    w.gitInit('repo');
    w.write(
      'home/.codex/config.toml',
      '[mcp_servers.a]\ncommand = "sh"\nenv = { API_TOKEN = "planted-literal-secret-1" }\nenv_vars = ["OTHER", "UNSET"]\n',
    );
    const s = await resolve('repo', {
      PATH: '/bin',
      HOME: '/h',
      TZ: 'UTC',
      OTHER: 'x',
      GITHUB_TOKEN: 'planted-env-secret-2',
      SSH_AUTH_SOCK: '/s',
    });
    assert.deepEqual(s.outsideSandbox!.mcpServers[0].envNames, ['API_TOKEN', 'HOME', 'OTHER', 'PATH', 'TZ']);
  });

  it('hooks from hooks.json and [hooks] are listed with their key, trust and line', async () => {
    w.gitInit('repo');
    w.write(
      'home/.codex/hooks.json',
      '{\n  "hooks": {\n    "SessionStart": [\n      { "hooks": [ { "type": "command",\n        "command": "echo user" } ] }\n    ]\n  }\n}\n',
    );
    w.write('home/.codex/config.toml', `[projects."${w.path('repo')}"]\ntrust_level = "trusted"\n`);
    w.write(
      'repo/.codex/config.toml',
      '[[hooks.PreToolUse]]\nmatcher = "Bash"\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "echo repo"\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "prompt"\n',
    );
    const s = await resolve('repo');
    const hooks = s.outsideSandbox!.hooks;
    assert.equal(hooks.length, 2);
    const user = hooks.find((h) => h.command === 'echo user')!;
    assert.equal(user.key, `${w.path('home/.codex/hooks.json')}:session_start:0:0`);
    assert.equal(user.from.line, 5);
    assert.equal(user.trust, 'untrusted');
    assert.equal(user.runs, false);
    const repo = hooks.find((h) => h.command === 'echo repo')!;
    assert.equal(repo.projectSupplied, true);
    assert.equal(repo.from.line, 5);
    assert.ok(s.warnings.some((x) => /prompt hooks are not supported/.test(x)));
    // Untrusted project hooks do not run, so the repository case stays quiet.
    assert.deepEqual(outsideFindings(s.outsideSandbox), []);
  });

  it('a hook runs once the user config holds its trusted hash; a changed hook is "modified"', async () => {
    w.gitInit('repo');
    const hash = hookTrustHash('SessionStart', undefined, { command: 'echo a', timeout: 600, async: false });
    w.write(
      'home/.codex/config.toml',
      `[[hooks.SessionStart]]\n[[hooks.SessionStart.hooks]]\ntype = "command"\ncommand = "echo a"\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "echo b"\n\n[hooks.state."${w.path('home/.codex/config.toml')}:session_start:0:0"]\ntrusted_hash = "${hash}"\n[hooks.state."${w.path('home/.codex/config.toml')}:stop:0:0"]\ntrusted_hash = "sha256:old"\n`,
    );
    const s = await resolve('repo');
    const [a, b] = s.outsideSandbox!.hooks;
    assert.equal(a.trust, 'trusted');
    assert.equal(a.runs, true);
    assert.equal(b.trust, 'modified');
    assert.equal(b.runs, false);
  });

  it('reproduces the trust hash codex 0.171 reported (hooks/list currentHash)', () => {
    // Measured: matcher "Bash" on PreToolUse, and timeout 5 with a status message on SessionStart.
    assert.equal(
      hookTrustHash('PreToolUse', 'Bash', { command: 'echo c', timeout: 600, async: false }),
      'sha256:eefc19c9e6fdf9d1cd24fc944b6ee89020b3e9153293f23dfbe3040b162cd40b',
    );
    assert.equal(
      hookTrustHash('SessionStart', undefined, { command: 'echo b', timeout: 5, async: false, statusMessage: 'hi' }),
      'sha256:ebe21ac7b428d97f9f514f9500387d03eb49a7873f7b376fca84cdfdd1b5be57',
    );
  });

  it('system and administrator hooks are managed; allow_managed_hooks_only skips the rest', async () => {
    w.gitInit('repo');
    w.write('etc-codex/config.toml', '[[hooks.SessionStart]]\n[[hooks.SessionStart.hooks]]\ntype = "command"\ncommand = "echo sys"\n');
    w.write(
      'etc-codex/requirements.toml',
      'allow_managed_hooks_only = true\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "echo req"\n',
    );
    w.write('home/.codex/hooks.json', '{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo user"}]}]}}');
    const s = await resolve('repo');
    const by = new Map(s.outsideSandbox!.hooks.map((h) => [h.command, h]));
    assert.equal(by.get('echo sys')!.trust, 'managed');
    assert.equal(by.get('echo sys')!.runs, true);
    assert.equal(by.get('echo req')!.runs, true);
    assert.equal(by.get('echo req')!.from.layer, 'requirements');
    assert.match(by.get('echo user')!.skipReason!, /managed hooks only/);
  });

  it('notify comes from the non-project layers only', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', `notify = ["notify-send", "done"]\n[projects."${w.path('repo')}"]\ntrust_level = "trusted"\n`);
    w.write('repo/.codex/config.toml', 'notify = ["evil"]\n');
    const s = await resolve('repo');
    assert.deepEqual(s.outsideSandbox!.notify?.argv, ['notify-send', 'done']);
    assert.equal(s.outsideSandbox!.notify?.from.line, 1);
  });
});

describe('outside the sandbox: the agent environment', () => {
  const env = ['PATH', 'HOME', 'USER', 'LC_ALL', 'TERM', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'Lower_token', 'OTHER_X'];
  const layer = (text: string) => {
    // A one-file stack through the real parser, as resolvePosture builds it.
    const p = parseTomlWithPositions(text);
    if (!p.ok) throw new Error(p.error.message);
    return [{ kind: 'user' as const, table: p.value, file: '/u/config.toml', baseDir: '/u', locations: p.locations }];
  };
  const tt: { name: string; toml: string; want: string[] }[] = [
    { name: 'default: everything, nothing excluded', toml: '', want: [...env] },
    {
      name: 'ignore_default_excludes = false drops *KEY*, *SECRET*, *TOKEN* only',
      toml: '[shell_environment_policy]\nignore_default_excludes = false\n',
      want: ['PATH', 'HOME', 'USER', 'LC_ALL', 'TERM', 'DB_PASSWORD', 'OTHER_X'],
    },
    { name: 'core', toml: '[shell_environment_policy]\ninherit = "core"\n', want: ['PATH', 'HOME', 'USER', 'LC_ALL'] },
    { name: 'none with set', toml: '[shell_environment_policy]\ninherit = "none"\nset = { FOO = "1" }\n', want: ['FOO'] },
    {
      name: 'exclude and include_only are case-insensitive globs',
      toml: '[shell_environment_policy]\nexclude = ["other_*"]\ninclude_only = ["*token*", "PATH", "OTHER_X"]\n',
      want: ['PATH', 'GITHUB_TOKEN', 'Lower_token'],
    },
  ];
  for (const t of tt) {
    it(t.name, () => {
      const e = environmentFor(layer(t.toml), env, true);
      const codexOwn = ['CODEX_APPLY_PATCH_PRESERVE_LINE_ENDINGS', 'CODEX_SANDBOX_NETWORK_DISABLED', 'PWD'];
      assert.deepEqual(e.passed, [...new Set([...t.want, ...codexOwn])].sort());
    });
  }
  it('names that look like credentials', () => {
    for (const n of [
      'GITHUB_TOKEN',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'NPM_CONFIG__AUTH',
      'OPENAI_API_KEY',
      'DB_PASSWORD',
      'MY_SECRET',
      'GH_PAT',
      'AZURE_CLIENT_SECRET',
    ])
      assert.ok(looksLikeSecretName(n), n);
    for (const n of [
      'PATH',
      'HOME',
      'KEYBOARD_LAYOUT',
      'TERM',
      'LANG',
      'AWS_CA_BUNDLE',
      'CODE_SERVER_SESSION_SOCKET',
      'AWS_REGION',
      'SSH_AUTH_SOCK',
    ])
      assert.ok(!looksLikeSecretName(n), n);
  });
});

describe('outside the sandbox: status --json never carries a secret value', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  it('planted values in the environment, MCP env, args, headers and URLs do not appear', async () => {
    const planted = [
      'planted-env-value-7f3a',
      'planted-mcp-env-9c1d',
      'ghp_plantedTokenValue0123456789abcdef',
      'planted-header-55e2',
      'planted-url-pass-31b0',
      'planted-hook-tok-8d8d',
    ];
    w.gitInit('repo');
    w.write(
      'home/.codex/config.toml',
      [
        'sandbox_mode = "workspace-write"',
        `notify = ["notify", "--token", "${planted[5]}"]`,
        '[mcp_servers.a]',
        'command = "npx"',
        `args = ["-y", "pkg", "--api-key", "${planted[2]}"]`,
        `env = { SERVICE_TOKEN = "${planted[1]}" }`,
        '[mcp_servers.b]',
        `url = "https://user:${planted[4]}@mcp.example.com/x"`,
        `http_headers = { Authorization = "Bearer ${planted[3]}" }`,
        '[[hooks.SessionStart]]',
        '[[hooks.SessionStart.hooks]]',
        'type = "command"',
        `command = "curl -H 'Authorization: Bearer ${planted[5]}' https://x"`,
      ].join('\n') + '\n',
    );
    const s = await resolvePosture({
      cwd: w.path('repo'),
      codexHome: w.codexHome,
      home: w.home,
      systemDir: w.mkdir('etc'),
      env: { PATH: '/bin', GITHUB_TOKEN: planted[0] },
    });
    const json = JSON.stringify(postureToJson(s));
    assert.ok(json.includes('"outsideSandbox"'));
    assert.ok(json.includes('GITHUB_TOKEN'), 'the name is shown');
    for (const p of planted) assert.ok(!json.includes(p), `secret value leaked: ${p.slice(0, 12)}…`);
    const tip = tooltipMarkdown({
      folderName: 'repo',
      snapshot: s,
      launchArgs: [],
      findings: [],
      restricted: false,
      officialExtension: false,
    });
    for (const p of planted) assert.ok(!tip.includes(p), `secret value in tooltip: ${p.slice(0, 12)}…`);
  });
});

describe('outside the sandbox: helpers', () => {
  it('package runners without an exact version', () => {
    const tt: [string, string[], boolean][] = [
      ['npx', ['-y', '@modelcontextprotocol/server-filesystem', '/x'], true],
      ['npx', ['-y', '@modelcontextprotocol/server-filesystem@1.2.3', '/x'], false],
      ['npx', ['-y', 'pkg@latest'], true],
      ['npx', ['pkg@^1.0.0'], true],
      ['uvx', ['mcp-server-git'], true],
      ['uvx', ['mcp-server-git==0.6.2'], false],
      ['uvx', ['--from', 'mcp-server-git==0.6.2', 'mcp-server-git'], false],
      ['pnpm', ['dlx', 'pkg'], true],
      ['pnpm', ['install'], false],
      ['bunx', ['pkg@2.0.0'], false],
      ['pipx', ['run', 'pkg'], true],
      ['pipx', ['run', '--spec', 'pkg==1.0', 'pkg'], false],
      ['/usr/local/bin/npx', ['pkg'], true],
      ['node', ['server.js'], false],
    ];
    for (const [cmd, args, flagged] of tt) assert.equal(unpinnedPackage(cmd, args) !== undefined, flagged, `${cmd} ${args.join(' ')}`);
  });
  it('loopback hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'a.localhost']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com']) assert.ok(!isLoopbackHost(h), h);
  });
  it('JSON lines for hooks.json', () => {
    const p = parseJsonWithLines('{\n "a": [\n  1,\n  {"b": "x\\n"}\n ]\n}');
    assert.ok(p.ok);
    if (!p.ok) return;
    assert.equal(p.lines.get(JSON.stringify(['a', 1, 'b'])), 4);
    const bad = parseJsonWithLines('{\n "a": ,\n}');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.line, 2);
  });
});
