// The environment the harness builds for a nested npm install and for code-server. Regression:
// started through `npm start`, the nested `npm install code-server` inherited the outer npm's user
// agent ("node/v20"), and code-server's postinstall refused to install under Node 24.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { childEnv, isParentToolVariable } from '../harness/childEnv';
import { codeServerDirs, codeServerEnv } from '../harness/codeServer';

/** What an outer `npm start` exports to its script, besides the user's own variables. */
const UNDER_NPM: NodeJS.ProcessEnv = {
  HOME: '/home/dev',
  PATH: '/usr/bin:/bin',
  LANG: 'C.UTF-8',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_cache: '/home/dev/.npm',
  npm_config_registry: 'https://mirror.example/npm/',
  'npm_config_@acme:registry': 'https://npm.acme.example/',
  NPM_CONFIG_CAFILE: '/etc/ssl/corp.pem',
  npm_config_nodedir: '/usr',
  npm_config_prefix: '/usr',
  npm_config_local_prefix: '/work/repo',
  npm_lifecycle_event: 'start',
  npm_package_name: 'codex-posture',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  NPM_CONFIG_LOGLEVEL: 'silly',
  INIT_CWD: '/work/repo',
  NODE: '/usr/bin/node',
  NODE_OPTIONS: '--inspect',
  VSCODE_IPC_HOOK_CLI: '/run/user/vscode-ipc.sock',
  ELECTRON_RUN_AS_NODE: '1',
};

describe('harness child environment', () => {
  const tt: { name: string; parentTool: boolean }[] = [
    { name: 'npm_config_user_agent', parentTool: true },
    { name: 'npm_lifecycle_event', parentTool: true },
    { name: 'NPM_CONFIG_LOGLEVEL', parentTool: true },
    { name: 'npm_config_nodedir', parentTool: true },
    { name: 'npm_config_local_prefix', parentTool: true },
    { name: 'npm_package_version', parentTool: true },
    { name: 'npm_config_registry', parentTool: false },
    { name: 'npm_config_cache', parentTool: false },
    { name: 'NPM_CONFIG_HTTPS_PROXY', parentTool: false },
    { name: 'npm_config_@acme:registry', parentTool: false },
    { name: 'INIT_CWD', parentTool: true },
    { name: 'NODE', parentTool: true },
    { name: 'NODE_OPTIONS', parentTool: true },
    { name: 'VSCODE_IPC_HOOK_CLI', parentTool: true },
    { name: 'ELECTRON_RUN_AS_NODE', parentTool: true },
    { name: 'HOME', parentTool: false },
    { name: 'PATH', parentTool: false },
    { name: 'NODE_EXTRA_CA_CERTS', parentTool: false },
    { name: 'NODE_PATH_X', parentTool: false },
    { name: 'CODEX_HOME', parentTool: false },
    { name: 'XNPM_TOKEN', parentTool: false },
  ];
  for (const t of tt) {
    it(`${t.name} is ${t.parentTool ? 'dropped' : 'kept'}`, () => assert.equal(isParentToolVariable(t.name), t.parentTool));
  }

  it('keeps the user variables and where packages come from; drops the rest of npm, VS Code and Node runner variables', () => {
    assert.deepEqual(childEnv(UNDER_NPM), {
      HOME: '/home/dev',
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      npm_config_cache: '/home/dev/.npm',
      npm_config_registry: 'https://mirror.example/npm/',
      'npm_config_@acme:registry': 'https://npm.acme.example/',
      NPM_CONFIG_CAFILE: '/etc/ssl/corp.pem',
    });
  });

  it('the caller can set an npm variable on purpose and remove one', () => {
    const env = childEnv(UNDER_NPM, { npm_config_nodedir: '/cache/node-24', PATH: '/cache/node-24/bin:/usr/bin', LANG: undefined });
    assert.equal(env.npm_config_nodedir, '/cache/node-24');
    assert.equal(env.PATH, '/cache/node-24/bin:/usr/bin');
    assert.equal(env.npm_config_user_agent, undefined);
    assert.equal('LANG' in env, false);
  });

  it('does not change the environment it was given', () => {
    const before = { ...UNDER_NPM };
    childEnv(UNDER_NPM, { HOME: '/elsewhere' });
    assert.deepEqual(UNDER_NPM, before);
  });

  it('a program started with it under a real npm does not see the outer user agent', function () {
    this.timeout(30_000);
    // `npm exec` sets the same variables as `npm start`; the child prints what it inherits.
    const script =
      `const { childEnv } = require(${JSON.stringify(require.resolve('../harness/childEnv'))});` +
      `const env = childEnv();` +
      `process.stdout.write(JSON.stringify({ outer: process.env.npm_config_user_agent ?? null, child: env.npm_config_user_agent ?? null }));`;
    const out = JSON.parse(
      execFileSync('npm', ['exec', '--yes=false', '--', 'node', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, npm_config_update_notifier: 'false' },
      }),
    );
    assert.match(String(out.outer), /^npm\//, 'npm exec should set a user agent for its child');
    assert.equal(out.child, null);
  });

  it('code-server gets the private dirs and the caller values, never the parent npm variables', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, UNDER_NPM);
      const env = codeServerEnv(codeServerDirs('/s'), { HOME: '/demo/home', CODEX_HOME: '/demo/home/.codex' });
      assert.equal(env.TMPDIR, '/s/t');
      assert.equal(env.HOME, '/demo/home');
      assert.equal(env.CODEX_HOME, '/demo/home/.codex');
      assert.equal(env.EXTENSIONS_GALLERY, '{}');
      for (const name of Object.keys(env)) assert.equal(isParentToolVariable(name), false, name);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
