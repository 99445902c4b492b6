// Ground truth for "what runs outside the sandbox": in each scenario, MCP servers and hooks are
// harmless `sh -c` scripts that only write a marker file under the scenario's temp root, so the
// markers prove which of them a real Codex 0.171 session starts. The oracle starts a real
// app-server session (`thread/start`, then one `turn/start` against a local mock model, because
// SessionStart hooks fire with the first turn) in a temp HOME/CODEX_HOME with no network, and
// asks `hooks/list` and `command/exec` (the agent's command environment) on the way. The engine
// (resolvePosture's outsideSandbox) must agree on every program and every variable name.
// Remote MCP servers appear only with a loopback URL on a port nobody listens on.
//
// Run: npx mocha --no-config out/test/differential/outside.differential.test.js --timeout 120000

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { AppServerClient } from '../../src/core/codex/appServer';
import { resolvePosture } from '../../src/core/config/resolve';
import { expandRoot, findCodex, materialise, type Materialised, type Scenario } from './oracle';
import { MockResponsesServer } from './mockResponses';

/** A marker-writing program: records the names (never values) of the variables it was given. */
function marker(name: string): string {
  return `env | cut -d= -f1 | sort > {{root}}/markers/${name}`;
}

const mcp = (name: string, extra = ''): string =>
  `[mcp_servers.${name}]\ncommand = "sh"\nargs = ["-c", "${marker(`mcp-${name}`)}"]\n${extra}`;
const tomlHook = (event: string, name: string, matcher?: string): string =>
  `[[hooks.${event}]]\n${matcher !== undefined ? `matcher = "${matcher}"\n` : ''}[[hooks.${event}.hooks]]\ntype = "command"\ncommand = "${marker(`hook-${name}`)}"\n`;
const jsonHooks = (event: string, name: string): string =>
  JSON.stringify({ hooks: { [event]: [{ hooks: [{ type: 'command', command: marker(`hook-${name}`) }] }] } }, null, 2);

interface OutsideScenario extends Scenario {
  /** Hook files whose hooks the user has reviewed: the engine computes their trusted_hash. */
  readonly trustHooksIn?: readonly string[];
  /** Planted variables in Codex's environment (fake secrets among them). */
  readonly env?: Readonly<Record<string, string>>;
  /** The markers the real session wrote when this was measured: a change in Codex shows up here. */
  readonly measured: readonly string[];
}

const PLANTED = {
  FAKE_API_TOKEN: 'planted-token-value-0001',
  DB_PASSWORD: 'planted-password-0002',
  AWS_SECRET_ACCESS_KEY: 'planted-aws-0003',
  OTHER_VAR: 'plain',
};

const SCENARIOS: OutsideScenario[] = [
  {
    name: 'outside/repo-mcp-auto-trust',
    measured: ['mcp-repo'],
    covers: 'issue 13: a cloned repository starts its MCP server when a writable session auto-trusts it',
    git: ['repo'],
    cwd: 'repo',
    env: PLANTED,
    files: {
      'home/.codex/config.toml': 'sandbox_mode = "workspace-write"\n',
      'repo/.codex/config.toml': `${mcp('repo', 'env_vars = ["OTHER_VAR", "UNSET_VAR"]\nenv = { LITERAL_SETTING = "x" }\n')}\n${mcp('off', 'enabled = false\n')}\n${tomlHook('SessionStart', 'repo-toml')}`,
      'repo/.codex/hooks.json': jsonHooks('UserPromptSubmit', 'repo-json'),
    },
  },
  {
    name: 'outside/repo-read-only-no-auto-trust',
    measured: [],
    covers: 'a read-only session does not trust the project, so its MCP server does not start',
    git: ['repo'],
    cwd: 'repo',
    files: { 'home/.codex/config.toml': '', 'repo/.codex/config.toml': mcp('repo') },
  },
  {
    name: 'outside/repo-explicitly-untrusted',
    measured: [],
    covers: 'an explicitly untrusted project supplies nothing',
    git: ['repo'],
    cwd: 'repo',
    files: {
      'home/.codex/config.toml': 'sandbox_mode = "workspace-write"\n[projects."{{root}}/repo"]\ntrust_level = "untrusted"\n',
      'repo/.codex/config.toml': mcp('repo'),
    },
  },
  {
    name: 'outside/hooks-trusted-by-hash',
    measured: ['hook-repo-prompt', 'hook-repo-start', 'hook-user-json'],
    covers: 'a hook runs only with a matching [hooks.state] trusted_hash; the engine computes the same hash',
    git: ['repo'],
    cwd: 'repo',
    trustHooksIn: ['repo/.codex/config.toml', 'home/.codex/hooks.json'],
    files: {
      'home/.codex/config.toml': '[projects."{{root}}/repo"]\ntrust_level = "trusted"\n',
      'home/.codex/hooks.json': jsonHooks('SessionStart', 'user-json'),
      'repo/.codex/config.toml': `${tomlHook('SessionStart', 'repo-start', 'startup')}\n${tomlHook('UserPromptSubmit', 'repo-prompt')}`,
      'repo/.codex/hooks.json': jsonHooks('SessionStart', 'repo-json-untrusted'),
    },
  },
  {
    name: 'outside/hooks-feature-off',
    measured: [],
    covers: '[features] hooks = false: no hook runs, trusted or not',
    git: ['repo'],
    cwd: 'repo',
    trustHooksIn: ['home/.codex/hooks.json'],
    files: {
      'home/.codex/config.toml': '[features]\nhooks = false\n[projects."{{root}}/repo"]\ntrust_level = "trusted"\n',
      'home/.codex/hooks.json': jsonHooks('SessionStart', 'user-json'),
    },
  },
  {
    name: 'outside/user-mcp-env-and-remote',
    measured: ['mcp-user'],
    covers: 'a user MCP server gets a fixed set of variables plus env/env_vars; a remote one is contacted, not started',
    git: ['repo'],
    cwd: 'repo',
    env: { ...PLANTED, LC_ALL: 'C.UTF-8', TZ: 'UTC', USER: 'tester', SHELL: '/bin/sh', LOGNAME: 'tester', SSH_AUTH_SOCK: '/nonexistent' },
    files: {
      'home/.codex/config.toml': `${mcp('user', 'env_vars = ["OTHER_VAR"]\n')}\n[mcp_servers.remote]\nurl = "http://127.0.0.1:9/mcp"\nbearer_token_env_var = "FAKE_API_TOKEN"\n`,
    },
  },
];

const ENV_POLICIES: { name: string; policy: string }[] = [
  { name: 'default', policy: '' },
  { name: 'core', policy: '[shell_environment_policy]\ninherit = "core"\n' },
  { name: 'none-set', policy: '[shell_environment_policy]\ninherit = "none"\nset = { FOO = "bar" }\n' },
  { name: 'default-excludes', policy: '[shell_environment_policy]\nignore_default_excludes = false\n' },
  {
    name: 'exclude-include',
    policy: '[shell_environment_policy]\nexclude = ["OTHER_*"]\ninclude_only = ["*TOKEN*", "PATH", "HOME", "DB_*"]\n',
  },
];

async function writeTrustedHashes(m: Materialised, s: OutsideScenario, env: NodeJS.ProcessEnv): Promise<void> {
  if (!s.trustHooksIn?.length) return;
  // The engine computes the hashes; if they were wrong, Codex would not run the hooks and the
  // marker comparison below fails. That is the point: it checks hookTrustHash against Codex.
  const snap = await resolvePosture({ cwd: m.cwd, codexHome: m.codexHome, home: m.home, env, systemDir: '/etc/codex' });
  const want = s.trustHooksIn.map((f) => path.join(m.root, f));
  let add = '';
  for (const h of snap.outsideSandbox?.hooks ?? []) {
    if (!want.includes(h.from.file ?? '')) continue;
    add += `\n[hooks.state.${JSON.stringify(h.key)}]\ntrusted_hash = ${JSON.stringify(h.hash)}\n`;
  }
  await fsp.appendFile(path.join(m.codexHome, 'config.toml'), add);
}

interface Observed {
  readonly started: Map<string, string[]>;
  readonly hooksList: { key: string; trustStatus: string; hash: string }[];
  readonly requirements: Record<string, unknown> | null;
}

/**
 * Codex reads requirements and managed hooks from /etc/codex only (measured: not from CODEX_HOME,
 * no variable moves it). To give it some without touching the machine's /etc, the app-server runs
 * in a private mount namespace with an overlay on /etc whose upper layer is the scenario's `etc`
 * folder; the namespace, and the overlay with it, end with the process. Needs root and unshare.
 */
function overlayLaunch(codex: string, m: Materialised): { executable: string; globalArgs: string[] } {
  const script = `mount -t overlay overlay -o lowerdir=/etc,upperdir=${m.root}/etc,workdir=${m.root}/etc-work /etc && exec "$@"`;
  return { executable: 'unshare', globalArgs: ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', codex] };
}

function canOverlayEtc(): boolean {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { timeout: 5000 });
  return r.status === 0;
}

interface ObserveOptions {
  readonly overlayEtc?: boolean;
}

async function observe(codex: string, m: Materialised, env: NodeJS.ProcessEnv, o: ObserveOptions = {}): Promise<Observed> {
  const mock = new MockResponsesServer();
  await mock.start();
  const launch = o.overlayEtc ? overlayLaunch(codex, m) : { executable: codex, globalArgs: [] };
  const client = AppServerClient.start({ ...launch, args: mock.configArgs(), env, cwd: m.cwd, requestTimeoutMs: 30_000 });
  try {
    await client.initialize();
    const requirements = await client.request<{ requirements: Record<string, unknown> | null }>('configRequirements/read', {});
    const done = new Promise<void>((resolve) => client.onNotification((n) => n.method === 'turn/completed' && resolve()));
    const t = await client.threadStart({ cwd: m.cwd, ephemeral: true });
    const list = await client.request<{ data: { hooks: { key: string; trustStatus: string; currentHash: string }[] }[] }>('hooks/list', {
      cwds: [m.cwd],
    });
    await client.turnStart({ threadId: t.thread.id, input: [{ type: 'text', text: 'hi' }] });
    await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
    // MCP servers start in the background; give them a moment after the turn.
    await new Promise((r) => setTimeout(r, 1500));
    const started = new Map<string, string[]>();
    for (const f of await fsp.readdir(path.join(m.root, 'markers')).catch(() => [] as string[])) {
      started.set(f, (await fsp.readFile(path.join(m.root, 'markers', f), 'utf8')).split('\n').filter(Boolean));
    }
    return {
      started,
      requirements: requirements.requirements,
      hooksList: list.data.flatMap((d) => d.hooks.map((h) => ({ key: h.key, trustStatus: h.trustStatus, hash: h.currentHash }))),
    };
  } finally {
    await client.close();
    await mock.stop();
  }
}

function scenarioEnv(m: Materialised, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...m.env, ...extra };
}

describe('differential: what runs outside the sandbox (real codex app-server)', function () {
  this.timeout(120_000);
  let codex: string;
  before(function () {
    try {
      codex = findCodex();
    } catch (e) {
      this.skip();
      void e;
    }
  });

  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const m = await materialise({ ...s, dirs: [...(s.dirs ?? []), 'markers'] });
      try {
        const env = scenarioEnv(m, s.env);
        await writeTrustedHashes(m, s, env);
        const snap = await resolvePosture({ cwd: m.cwd, codexHome: m.codexHome, home: m.home, env, systemDir: '/etc/codex' });
        const o = snap.outsideSandbox!;
        const seen = await observe(codex, m, env);
        const engineStarted = [
          ...o.mcpServers.filter((x) => x.starts && x.transport === 'stdio').map((x) => `mcp-${x.name}`),
          ...o.hooks.filter((h) => h.runs).map((h) => markerOf(h.command, m.root)),
        ].sort();
        assert.deepEqual([...seen.started.keys()].sort(), [...s.measured].sort(), 'what Codex started (as measured before)');
        assert.deepEqual(engineStarted, [...seen.started.keys()].sort(), 'programs started');
        for (const x of o.mcpServers.filter((y) => y.starts && y.transport === 'stdio')) {
          const got = (seen.started.get(`mcp-${x.name}`) ?? []).filter((n) => n !== 'PWD' && n !== 'SHLVL' && n !== '_');
          assert.deepEqual([...x.envNames].sort(), got.sort(), `environment names of MCP server ${x.name}`);
        }
        // hooks/list shows the hooks of the layers that apply, with Codex's own key and trust.
        const engineList = o.hooks
          .filter((h) => h.skipReason !== '[features] hooks = false')
          .map((h) => ({ key: h.key, trustStatus: h.trust, hash: h.hash }));
        assert.deepEqual(sortKeys(engineList), sortKeys(seen.hooksList), 'hooks/list');
      } finally {
        await m.cleanup();
      }
    });
  }

  it('outside/requirements (administrator: allowlist, managed hooks only)', async function () {
    if (!canOverlayEtc()) this.skip();
    const m = await materialise({
      name: 'requirements',
      covers: 'requirements.toml: MCP allowlist, allow_managed_hooks_only, managed hooks; system config hooks are managed',
      git: ['repo'],
      cwd: 'repo',
      dirs: ['markers', 'etc-work'],
      files: {
        'etc/codex/requirements.toml': `allowed_sandbox_modes = ["read-only", "workspace-write"]\nallowed_approval_policies = ["on-request"]\nallowed_web_search_modes = ["cached", "disabled"]\nallow_managed_hooks_only = true\n\n[mcp_servers.allowed]\nidentity = { command = "sh" }\n\n${tomlHook('SessionStart', 'requirements')}`,
        'etc/codex/config.toml': tomlHook('SessionStart', 'system'),
        'home/.codex/config.toml': `[projects."{{root}}/repo"]\ntrust_level = "trusted"\n${mcp('allowed')}\n${mcp('other')}`,
        'home/.codex/hooks.json': jsonHooks('SessionStart', 'user-json'),
      },
    });
    try {
      const env = scenarioEnv(m);
      const systemDir = path.join(m.root, 'etc', 'codex');
      const snap = await resolvePosture({ cwd: m.cwd, codexHome: m.codexHome, home: m.home, env, systemDir });
      const o = snap.outsideSandbox!;
      const seen = await observe(codex, m, env, { overlayEtc: true });
      const measured = ['hook-requirements', 'hook-system', 'mcp-allowed'];
      assert.deepEqual([...seen.started.keys()].sort(), measured, 'what Codex started (as measured before)');
      const engineStarted = [
        ...o.mcpServers.filter((x) => x.starts).map((x) => `mcp-${x.name}`),
        ...o.hooks.filter((h) => h.runs).map((h) => markerOf(h.command, m.root)),
      ].sort();
      assert.deepEqual(engineStarted, measured, 'programs started');
      // Codex names the files /etc/codex/...; the engine read them from the overlay's upper folder.
      const engineList = o.hooks
        .filter((h) => h.runs)
        .map((h) => ({ key: h.key.replace(systemDir, '/etc/codex'), trustStatus: h.trust, hash: h.hash }));
      assert.deepEqual(sortKeys(engineList), sortKeys(seen.hooksList), 'hooks/list');
      const r = o.requirements[0];
      const q = seen.requirements ?? {};
      assert.deepEqual(
        {
          sandbox: r.allowedSandboxModes,
          approval: r.allowedApprovalPolicies,
          web: r.allowedWebSearchModes,
          managedOnly: r.allowManagedHooksOnly,
        },
        {
          sandbox: q.allowedSandboxModes,
          approval: q.allowedApprovalPolicies,
          web: q.allowedWebSearchModes,
          managedOnly: q.allowManagedHooksOnly,
        },
        'configRequirements/read',
      );
    } finally {
      await m.cleanup();
    }
  });

  for (const p of ENV_POLICIES) {
    it(`outside/environment/${p.name}`, async () => {
      const m = await materialise({
        name: p.name,
        covers: 'shell_environment_policy',
        git: ['repo'],
        cwd: 'repo',
        files: { 'home/.codex/config.toml': `${p.policy}[projects."{{root}}/repo"]\ntrust_level = "trusted"\n` },
      });
      try {
        const env = scenarioEnv(m, PLANTED);
        const snap = await resolvePosture({ cwd: m.cwd, codexHome: m.codexHome, home: m.home, env, systemDir: '/etc/codex' });
        const client = AppServerClient.start({ executable: codex, env, cwd: m.cwd });
        let names: string[];
        try {
          await client.initialize();
          const r = await client.request<{ stdout: string }>('command/exec', {
            command: ['sh', '-c', 'env | cut -d= -f1 | sort'],
            cwd: m.cwd,
          });
          names = r.stdout.split('\n').filter(Boolean);
        } finally {
          await client.close();
        }
        assert.deepEqual([...snap.outsideSandbox!.environment.passed].sort(), names.filter((n) => n !== 'SHLVL' && n !== '_').sort());
      } finally {
        await m.cleanup();
      }
    });
  }
});

function markerOf(command: string, root: string): string {
  const m = new RegExp(`${expandRoot('{{root}}', root).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/markers/(\\S+)`).exec(command);
  return m ? m[1] : `?${command}`;
}

function sortKeys<T extends { key: string }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => a.key.localeCompare(b.key));
}
