// Unit tests for each layer rule of the posture engine. The differential suite checks the same
// ground against the real Codex; these pin each rule down one at a time, with provenance.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseLaunchArgs } from '../../src/core/config/launchArgs';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { makeWorld, type TempWorld } from '../support/sandbox';

describe('posture engine: layer rules', () => {
  let w: TempWorld;
  let systemDir: string;
  beforeEach(() => {
    w = makeWorld();
    systemDir = w.mkdir('etc-codex');
  });
  afterEach(() => w.dispose());

  const resolve = (cwdRel: string, argv: string[] = [], surface: 'interactive' | 'exec' = 'interactive'): Promise<PostureSnapshot> =>
    resolvePosture({ cwd: w.path(cwdRel), codexHome: w.codexHome, launch: parseLaunchArgs(argv), surface, systemDir });

  const trust = (dir: string, level = 'trusted') => `[projects."${w.path(dir)}"]\ntrust_level = "${level}"\n`;

  it('defaults to read-only, on-request, cached search with no trust entry', async () => {
    w.gitInit('repo');
    const s = await resolve('repo');
    assert.equal(s.loads, true);
    assert.equal(s.sandbox?.value, 'read-only');
    assert.equal(s.approval?.value, 'on-request');
    assert.equal(s.webSearch?.value, 'cached');
    assert.equal(s.networkAccess?.value, false);
    assert.equal(s.trusted?.value, null);
    assert.equal(s.permissionProfile?.value, ':read-only');
    assert.equal(s.sandbox?.from.layer, 'default');
  });

  it('a trusted project defaults to workspace-write with the :workspace profile', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', trust('repo'));
    const s = await resolve('repo');
    assert.equal(s.sandbox?.value, 'workspace-write');
    assert.equal(s.permissionProfile?.value, ':workspace');
    assert.equal(s.trusted?.value, true);
    assert.equal(s.trusted?.from.line, 2);
  });

  it('an explicitly untrusted project gets workspace-write with the untrusted approval policy', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', trust('repo', 'untrusted'));
    w.write('repo/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    const s = await resolve('repo');
    assert.equal(s.sandbox?.value, 'workspace-write');
    assert.equal(s.approval?.value, 'untrusted');
    assert.equal(s.trusted?.value, false);
    const projectLayer = s.layers.find((l) => l.kind === 'project');
    assert.equal(projectLayer?.applied, false);
  });

  it('trust on the git root covers a subdirectory; trust above the project root does not', async () => {
    w.gitInit('repo');
    w.mkdir('repo/src/deep');
    w.write('home/.codex/config.toml', trust('repo'));
    assert.equal((await resolve('repo/src/deep')).trusted?.value, true);
    w.gitInit('other');
    w.write('home/.codex/config.toml', trust('.'));
    assert.equal((await resolve('other')).trusted?.value, null);
  });

  it('auto-trusts a git repository when the user config makes the sandbox writable, and applies its project config', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    w.write('repo/.codex/config.toml', 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n');
    const s = await resolve('repo');
    assert.deepEqual(s.autoTrust, { root: w.path('repo') });
    assert.equal(s.trusted?.value, true);
    assert.equal(s.sandbox?.value, 'danger-full-access');
    assert.equal(s.approval?.value, 'never');
    assert.equal(s.sandbox?.from.file, w.path('repo/.codex/config.toml'));
    assert.equal(s.webSearch?.value, 'live');
  });

  it('does not auto-trust a read-only session', async () => {
    w.gitInit('repo');
    w.write('repo/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    const s = await resolve('repo');
    assert.equal(s.autoTrust, undefined);
    assert.equal(s.sandbox?.value, 'read-only');
  });

  it('order: user < profile < trusted project < -c < -s', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', `approval_policy = "never"\nweb_search = "disabled"\nsandbox_mode = "read-only"\n${trust('repo')}`);
    w.write('home/.codex/fast.config.toml', 'web_search = "indexed"\n');
    w.write('repo/.codex/config.toml', 'web_search = "live"\napproval_policy = "on-request"\n');
    let s = await resolve('repo', ['--profile', 'fast']);
    assert.equal(s.webSearch?.value, 'live');
    assert.equal(s.webSearch?.from.layer, 'project');
    assert.equal(s.approval?.value, 'on-request');
    s = await resolve('repo', [
      '--profile',
      'fast',
      '-c',
      'web_search="disabled"',
      '-c',
      'sandbox_mode="danger-full-access"',
      '-s',
      'workspace-write',
    ]);
    assert.equal(s.webSearch?.value, 'disabled');
    assert.equal(s.webSearch?.from.arg, '-c web_search="disabled"');
    assert.equal(s.sandbox?.value, 'workspace-write');
    assert.equal(s.sandbox?.from.layer, 'flag');
  });

  it('the nearest project .codex/config.toml wins per key', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', trust('repo'));
    w.write('repo/.codex/config.toml', 'web_search = "disabled"\n[sandbox_workspace_write]\nnetwork_access = true\n');
    w.write('repo/pkg/.codex/config.toml', 'web_search = "indexed"\n');
    const s = await resolve('repo/pkg');
    assert.equal(s.webSearch?.value, 'indexed');
    assert.equal(s.webSearch?.from.file, w.path('repo/pkg/.codex/config.toml'));
    assert.equal(s.networkAccess?.value, true);
    assert.equal(s.networkAccess?.from.file, w.path('repo/.codex/config.toml'));
    assert.equal(s.networkAccess?.from.line, 3);
  });

  it('strips denylisted keys from project configs and says so', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', trust('repo'));
    w.write('repo/.codex/config.toml', 'notify = ["sh", "-c", "x"]\nprofile = "x"\nweb_search = "disabled"\n');
    const s = await resolve('repo');
    assert.equal(s.loads, true);
    const layer = s.layers.find((l) => l.kind === 'project');
    assert.deepEqual(
      layer?.strippedKeys.map((k) => k.key),
      ['notify', 'profile'],
    );
    assert.equal(s.webSearch?.value, 'disabled');
  });

  it('ignores a syntax error in an untrusted project file but fails on one in a trusted project', async () => {
    w.gitInit('repo');
    w.write('repo/.codex/config.toml', 'sandbox_mode = \n');
    assert.equal((await resolve('repo')).loads, true);
    w.write('home/.codex/config.toml', trust('repo'));
    const s = await resolve('repo');
    assert.equal(s.loads, false);
    assert.equal(s.loadError?.file, w.path('repo/.codex/config.toml'));
    assert.equal(s.loadError?.line, 1);
    assert.equal(s.loadError?.column, 16);
  });

  it('network_access applies to workspace-write only', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', `sandbox_mode = "read-only"\n${trust('repo')}[sandbox_workspace_write]\nnetwork_access = true\n`);
    assert.equal((await resolve('repo')).networkAccess?.value, false);
    const s = await resolve('repo', ['-s', 'workspace-write']);
    assert.equal(s.networkAccess?.value, true);
  });

  it('resolves relative writable roots against the declaring file and --add-dir against the cwd', async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', `${trust('repo')}[sandbox_workspace_write]\nwritable_roots = ["cache"]\n`);
    w.write('repo/.codex/config.toml', '');
    const s = await resolve('repo', ['--add-dir', 'out']);
    assert.deepEqual(s.writableRoots?.value, [path.join(w.codexHome, 'cache'), w.path('repo/out')]);
  });

  it('permission profiles: named profile with network, builtin, and -s forcing legacy', async () => {
    w.gitInit('repo');
    w.write(
      'home/.codex/config.toml',
      `default_permissions = "dev"\n${trust('repo')}[permissions.dev]\nextends = ":workspace"\n[permissions.dev.network]\nenabled = true\n`,
    );
    let s = await resolve('repo');
    assert.equal(s.permissionProfile?.value, 'dev');
    assert.equal(s.sandbox?.value, 'workspace-write');
    assert.equal(s.networkAccess?.value, true);
    s = await resolve('repo', ['-s', 'read-only']);
    assert.equal(s.permissionProfile?.value, null);
    assert.equal(s.networkAccess?.value, false);
  });

  it('fails on [permissions] without default_permissions only when sandbox_mode is unset', async () => {
    w.write('home/.codex/config.toml', '[permissions.dev]\nextends = ":workspace"\n');
    w.mkdir('plain');
    assert.equal((await resolve('plain')).loads, false);
    w.write('home/.codex/config.toml', 'sandbox_mode = "read-only"\n[permissions.dev]\nextends = ":workspace"\n');
    assert.equal((await resolve('plain')).loads, true);
  });

  it('web search: deprecated features, danger-full-access and --search', async () => {
    w.mkdir('plain');
    w.write('home/.codex/config.toml', '[features]\nweb_search_request = true\n');
    assert.equal((await resolve('plain')).webSearch?.value, 'live');
    w.write('home/.codex/config.toml', 'web_search = "disabled"\n');
    assert.equal((await resolve('plain', ['--yolo'])).webSearch?.value, 'disabled');
    assert.equal((await resolve('plain', ['--search'])).webSearch?.value, 'live');
    w.write('home/.codex/config.toml', '[tools]\nweb_search = true\n');
    assert.equal((await resolve('plain')).webSearch?.value, 'cached');
  });

  it('approval: on-failure reads as on-request, granular, exec forces never', async () => {
    w.mkdir('plain');
    w.write('home/.codex/config.toml', 'approval_policy = "on-failure"\n');
    let s = await resolve('plain');
    assert.equal(s.approval?.value, 'on-request');
    assert.ok(s.warnings.some((x) => x.includes('on-failure')));
    w.write(
      'home/.codex/config.toml',
      'approval_policy = { granular = { sandbox_approval = true, rules = true, mcp_elicitations = false } }\n',
    );
    assert.equal((await resolve('plain')).approval?.value, 'granular');
    s = await resolve('plain', [], 'exec');
    assert.equal(s.approval?.value, 'never');
    assert.equal(
      (await resolve('plain', ['--approve-for-me'], 'exec')).approval?.value,
      'on-request',
      '--approve-for-me forces on-request',
    );
  });

  it('--approve-for-me gives workspace-write and the auto_review reviewer; guardian_subagent reads as auto_review', async () => {
    w.mkdir('plain');
    let s = await resolve('plain', ['--approve-for-me']);
    assert.equal(s.sandbox?.value, 'workspace-write');
    assert.equal(s.approvalsReviewer?.value, 'auto_review');
    w.write('home/.codex/config.toml', 'approvals_reviewer = "guardian_subagent"\n');
    s = await resolve('plain');
    assert.equal(s.approvalsReviewer?.value, 'auto_review');
  });

  const fatal: { name: string; config: string; line?: number; message: RegExp }[] = [
    { name: 'bad sandbox enum', config: 'model = "x"\nsandbox_mode = "yolo"\n', line: 2, message: /unknown variant `yolo`/ },
    { name: 'retired untrusted', config: 'approval_policy = "untrusted"\n', line: 1, message: /no longer supported/ },
    { name: 'legacy profile key', config: 'profile = "fast"\n', line: 1, message: /profile/ },
    { name: 'chat wire api', config: '[model_providers.local]\nname = "x"\nwire_api = "chat"\n', line: 3, message: /wire_api/ },
    { name: 'reserved provider id', config: '[model_providers.openai]\nname = "x"\n', line: 1, message: /reserved/ },
    {
      name: 'inline mcp bearer token',
      config: '[mcp_servers.s]\ncommand = "x"\nbearer_token = "abc"\n',
      line: 1,
      message: /bearer_token_env_var/,
    },
    { name: 'unknown builtin profile', config: 'default_permissions = ":everything"\n', line: 1, message: /unknown built-in/ },
    { name: 'unknown trust level', config: '[projects."/x"]\ntrust_level = "maybe"\n', line: 2, message: /unknown variant `maybe`/ },
    { name: 'top-level web_search boolean', config: 'web_search = true\n', line: 1, message: /invalid type: a boolean/ },
    {
      name: 'key captured by [features]',
      config: '[features]\napproval_policy = "never"\n',
      line: 2,
      message: /features\.approval_policy/,
    },
    { name: 'TOML syntax error', config: 'a = 1\nb = \n\n\nc = 2\n', line: 2, message: /TOML parse error/ },
  ];
  for (const c of fatal) {
    it(`refuses to load: ${c.name}`, async () => {
      w.mkdir('plain');
      const file = w.write('home/.codex/config.toml', c.config);
      const s = await resolve('plain');
      assert.equal(s.loads, false);
      assert.equal(s.loadError?.file, file);
      if (c.line) assert.equal(s.loadError?.line, c.line);
      assert.match(s.loadError!.message, c.message);
    });
  }

  it('a missing CODEX_HOME is an io error', async () => {
    const s = await resolvePosture({ cwd: w.root, codexHome: w.path('nope'), systemDir });
    assert.equal(s.loads, false);
    assert.equal(s.loadError?.kind, 'io');
  });

  it('a missing profile file counts as empty; a bad profile name is rejected', async () => {
    w.mkdir('plain');
    assert.equal((await resolve('plain', ['--profile', 'ghost'])).loads, true);
    assert.equal((await resolve('plain', ['--profile', '../x'])).loads, false);
    assert.equal((await resolve('plain', ['--profile', 'a.b'])).loads, false);
  });

  it('[profiles.x] is inert, but fatal together with --profile x', async () => {
    w.mkdir('plain');
    w.write('home/.codex/config.toml', '[profiles.fast]\nsandbox_mode = "danger-full-access"\n');
    assert.equal((await resolve('plain')).sandbox?.value, 'read-only');
    assert.equal((await resolve('plain', ['--profile', 'fast'])).loads, false);
  });

  it('requirements.toml clamps a disallowed value to an allowed one', async () => {
    w.mkdir('plain');
    w.write('etc-codex/requirements.toml', 'allowed_sandbox_modes = ["read-only"]\nallowed_web_search_modes = ["disabled"]\n');
    w.write('home/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    const s = await resolve('plain');
    assert.equal(s.sandbox?.value, 'read-only');
    assert.equal(s.sandbox?.from.layer, 'requirements');
    assert.equal(s.webSearch?.value, 'disabled');
  });

  it('the system layer is the lowest', async () => {
    w.mkdir('plain');
    w.write('etc-codex/config.toml', 'web_search = "disabled"\napproval_policy = "never"\n');
    w.write('home/.codex/config.toml', 'web_search = "indexed"\n');
    const s = await resolve('plain');
    assert.equal(s.webSearch?.value, 'indexed');
    assert.equal(s.approval?.value, 'never');
    assert.equal(s.approval?.from.layer, 'system');
  });
});

describe('posture engine: snapshots and parsing once per change', () => {
  let w: TempWorld;
  afterEach(() => w.dispose());

  it('re-parses a file only when it changes, and snapshots are frozen', async () => {
    w = makeWorld();
    const { ConfigFileCache } = await import('../../src/core/config/fileCache');
    const cache = new ConfigFileCache();
    w.mkdir('plain');
    w.write('home/.codex/config.toml', 'web_search = "disabled"\n');
    const opts = { cwd: w.path('plain'), codexHome: w.codexHome, systemDir: w.mkdir('etc'), cache };
    const a = await resolvePosture(opts);
    const b = await resolvePosture(opts);
    assert.equal(cache.parses, 1);
    assert.equal(b.webSearch?.value, 'disabled');
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.webSearch) && Object.isFrozen(a.layers));
    w.write('home/.codex/config.toml', 'web_search = "live"\n# changed size\n');
    const c = await resolvePosture(opts);
    assert.equal(cache.parses, 2);
    assert.equal(c.webSearch?.value, 'live');
  });
});

describe('posture engine: rules found by the adversarial differential run', () => {
  let w: TempWorld;
  let systemDir: string;
  beforeEach(() => {
    w = makeWorld();
    systemDir = w.mkdir('etc-codex');
  });
  afterEach(() => w.dispose());
  const resolve = (cwdRel: string, argv: string[] = []) =>
    resolvePosture({ cwd: w.path(cwdRel), codexHome: w.codexHome, launch: parseLaunchArgs(argv), systemDir });
  const entry = (key: string, level = 'trusted') => `[projects.${JSON.stringify(key)}]\ntrust_level = "${level}"\n`;

  it('matches trust keys as written: a trailing slash or .. matches nothing', async () => {
    w.gitInit('repo');
    for (const key of [`${w.root}/repo/`, `${w.root}/other/../repo`, `${w.root}//repo`]) {
      w.write('home/.codex/config.toml', entry(key));
      const s = await resolve('repo');
      assert.equal(s.trusted?.value, null, key);
      assert.equal(s.sandbox?.value, 'read-only', key);
    }
  });

  it('an entry on a directory between the cwd and the git root does not trust the session', async () => {
    w.gitInit('repo');
    w.mkdir('repo/a/b');
    w.write('home/.codex/config.toml', entry(w.path('repo/a')));
    assert.equal((await resolve('repo/a/b')).sandbox?.value, 'read-only');
  });

  it('each project .codex loads only when its own directory (else the root) is trusted', async () => {
    w.gitInit('repo');
    w.mkdir('repo/pkg');
    w.write('home/.codex/config.toml', entry(w.path('repo/pkg')));
    w.write('repo/.codex/config.toml', 'approval_policy = "never"\n');
    w.write('repo/pkg/.codex/config.toml', 'web_search = "live"\n');
    const s = await resolve('repo/pkg');
    assert.equal(s.approval?.value, 'on-request');
    assert.equal(s.webSearch?.value, 'live');
    assert.deepEqual(
      s.layers.filter((l) => l.kind === 'project').map((l) => l.applied),
      [false, true],
    );
  });

  it('refuses an invalid permission-profile chain', async () => {
    w.mkdir('plain');
    const cases: [string, RegExp][] = [
      [
        'default_permissions = "a"\n[permissions.a]\nextends = ":danger-full-access"\n',
        /cannot extend unsupported built-in profile `:danger-full-access`/,
      ],
      [
        'default_permissions = "a"\n[permissions.a]\nextends = "b"\n[permissions.b]\nextends = "a"\n',
        /inheritance cycle detected: a -> b -> a/,
      ],
      ['default_permissions = "a"\n[permissions.a]\nextends = "ghost"\n', /`a` extends undefined profile `ghost`/],
    ];
    for (const [config, message] of cases) {
      w.write('home/.codex/config.toml', config);
      const s = await resolve('plain');
      assert.equal(s.loads, false, config);
      assert.match(s.loadError!.message, message);
    }
  });

  it('filesystem write entries make a profile workspace-write with extra roots; sandbox_workspace_write roots do not apply', async () => {
    w.mkdir('plain');
    w.write(
      'home/.codex/config.toml',
      `default_permissions = "fs"\n[sandbox_workspace_write]\nwritable_roots = ["/ignored"]\n[permissions.fs]\nextends = ":read-only"\n[permissions.fs.filesystem]\n${JSON.stringify(w.path('extra'))} = "write"\n`,
    );
    const s = await resolve('plain', ['--add-dir', '.']);
    assert.equal(s.sandbox?.value, 'workspace-write');
    assert.deepEqual(s.writableRoots?.value, [w.path('extra')], 'the cwd from --add-dir . is never listed');
  });

  it('deprecated features: web_search_cached = true wins over web_search_request = true', async () => {
    w.mkdir('plain');
    w.write('home/.codex/config.toml', '[features]\nweb_search_request = true\nweb_search_cached = true\n');
    assert.equal((await resolve('plain')).webSearch?.value, 'cached');
  });

  it('--approve-for-me forces on-request over a configured never', async () => {
    w.mkdir('plain');
    w.write('home/.codex/config.toml', 'approval_policy = "never"\n');
    assert.equal((await resolve('plain', ['--approve-for-me'])).approval?.value, 'on-request');
  });
});
