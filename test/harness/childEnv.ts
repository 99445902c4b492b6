// The environment for the programs the harness starts (a nested `npm install`, code-server and so
// the extension host): the user's own variables, without the ones a parent tool sets for its own
// children.
//
// Why: `npm start` / `npm test` export `npm_config_user_agent="npm/11 node/v20 ..."` and dozens of
// other `npm_*` variables. A nested `npm install` keeps an inherited user agent as its own, and
// code-server's postinstall reads the Node major from that string, so it refused to install
// ("requires node v24 ... you are on node v20") although Node 24 was first on PATH. Most other
// `npm_config_*` would likewise override the nested npm's own settings. VS Code's variables would
// point code-server at the wrong instance, and NODE_OPTIONS / ELECTRON_RUN_AS_NODE are meant for
// the parent's Node, not Node 24.

/**
 * npm settings that say where packages come from and where they are kept. A user may export them
 * (a registry mirror, a CA, a proxy, a cache folder), and a nested npm needs them as much as the
 * outer one; every other `npm_config_*` describes the outer invocation (user agent, prefix,
 * nodedir, the script it runs), and the nested npm reads the user's npmrc files by itself.
 */
const NPM_SETTINGS_PASSED = new Set([
  'registry',
  'cache',
  'userconfig',
  'globalconfig',
  'cafile',
  'ca',
  'cert',
  'key',
  'strict_ssl',
  'proxy',
  'https_proxy',
  'http_proxy',
  'noproxy',
  'offline',
  'prefer_offline',
  'fetch_retries',
  'fetch_timeout',
  'fetch_retry_mintimeout',
  'fetch_retry_maxtimeout',
]);

/** True for a variable that an outer npm, VS Code or Node runner sets for its own children. */
export function isParentToolVariable(name: string): boolean {
  const npmSetting = /^npm_config_(.+)$/i.exec(name)?.[1].toLowerCase();
  if (npmSetting !== undefined) {
    // `npm_config_@scope:registry`: a scoped registry, as npm exports it.
    return !(NPM_SETTINGS_PASSED.has(npmSetting) || npmSetting.endsWith(':registry'));
  }
  return (
    /^npm_/i.test(name) ||
    // npm sets these two beside its npm_* variables for lifecycle scripts.
    name === 'INIT_CWD' ||
    name === 'NODE' ||
    name.startsWith('VSCODE_') ||
    name === 'NODE_OPTIONS' ||
    name === 'ELECTRON_RUN_AS_NODE'
  );
}

/**
 * `base` without the parent tools' variables, then `extra` on top (its values win; an `undefined`
 * value removes the variable).
 */
export function childEnv(
  base: NodeJS.ProcessEnv = process.env,
  extra: Readonly<Record<string, string | undefined>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !isParentToolVariable(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
