// Every lint rule with its stable code. The README's rule table, the diagnostics' code links and
// the JSON schema's descriptions all come from this list (a unit test keeps the README in step).

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleInfo {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  /** One sentence for the README table. */
  readonly summary: string;
}

export const RULES: readonly RuleInfo[] = [
  {
    code: 'CP001',
    name: 'toml-syntax',
    severity: 'error',
    summary: 'TOML syntax error; Codex refuses to load the file (reported at the line and column Codex names).',
  },
  {
    code: 'CP002',
    name: 'invalid-value',
    severity: 'error',
    summary:
      'A value of the wrong type, outside its allowed words or range (sandbox_mode, approval_policy, web_search, trust_level, features, MCP timeouts, ...), an undefined model_provider, or a missing model_instructions_file; Codex refuses to load.',
  },
  {
    code: 'CP003',
    name: 'approval-untrusted-retired',
    severity: 'error',
    summary: '`approval_policy = "untrusted"` is no longer supported; Codex refuses to load.',
  },
  {
    code: 'CP004',
    name: 'legacy-profile-key',
    severity: 'error',
    summary: 'Top-level `profile = "x"` is gone; use `x.config.toml` and `--profile x`.',
  },
  { code: 'CP005', name: 'wire-api-chat', severity: 'error', summary: '`wire_api = "chat"` is no longer supported; use `"responses"`.' },
  {
    code: 'CP006',
    name: 'mcp-inline-bearer-token',
    severity: 'error',
    summary: 'An inline MCP `bearer_token` is fatal (and a secret in the file); use `bearer_token_env_var`.',
  },
  {
    code: 'CP007',
    name: 'reserved-provider-id',
    severity: 'error',
    summary: '`openai`, `ollama` and `lmstudio` are reserved model provider ids.',
  },
  {
    code: 'CP008',
    name: 'permissions-without-default',
    severity: 'error',
    summary: '`[permissions]` profiles without `default_permissions` (fatal when `sandbox_mode` is unset).',
  },
  {
    code: 'CP009',
    name: 'unknown-default-permissions',
    severity: 'error',
    summary: '`default_permissions` names an unknown built-in or a profile with no `[permissions.<name>]` table.',
  },
  {
    code: 'CP010',
    name: 'legacy-profile-with-flag',
    severity: 'error',
    summary: '`[profiles.x]` together with `--profile x` (engine only: Codex refuses to start).',
  },
  {
    code: 'CP101',
    name: 'unknown-key',
    severity: 'warning',
    summary: 'A key Codex does not know and ignores, with a did-you-mean for typos.',
  },
  {
    code: 'CP102',
    name: 'guide-key',
    severity: 'warning',
    summary:
      'A key from the team guide that Codex 0.171 ignores (`ask_for_approval`, `[sandbox_read_only]`, `allowlisted_domains`, `allowlist_expiry`), with its real equivalent.',
  },
  {
    code: 'CP103',
    name: 'captured-key',
    severity: 'warning',
    summary: 'A top-level key written below a `[table]` header belongs to that table and is ignored there.',
  },
  {
    code: 'CP201',
    name: 'inert-tools-web-search',
    severity: 'warning',
    summary: '`[tools] web_search = true/false` is accepted and does nothing; use top-level `web_search = "live" | "cached" | "disabled"`.',
  },
  {
    code: 'CP202',
    name: 'inert-network-access',
    severity: 'warning',
    summary: '`[sandbox_workspace_write] network_access` has no effect when the sandbox is not workspace-write.',
  },
  {
    code: 'CP203',
    name: 'inert-legacy-profile',
    severity: 'warning',
    summary: 'Legacy `[profiles.x]` tables are inert; profiles live in `x.config.toml`.',
  },
  {
    code: 'CP204',
    name: 'inert-domain-rules',
    severity: 'warning',
    summary: 'Domain rules are enforced only with `features.network_proxy = true`; without it the network is open.',
  },
  {
    code: 'CP205',
    name: 'project-stripped-key',
    severity: 'warning',
    summary: 'A key Codex strips from project `.codex/config.toml` files (`model_provider`, `notify`, base URLs, ...).',
  },
  {
    code: 'CP206',
    name: 'untrusted-project-config',
    severity: 'information',
    summary:
      'This project config is not loaded because the project is not trusted; the diagnostic links to the trust entry when there is one.',
  },
  {
    code: 'CP207',
    name: 'overridden-by-layer',
    severity: 'information',
    summary:
      'A sandbox, approval, network, web search or writable-roots key that another layer overrides for the workspace folder (a trusted project, a profile, managed config, the launch arguments in `codexPosture.launchArgs`); the diagnostic links to the winning place.',
  },
  {
    code: 'CP208',
    name: 'removed-feature',
    severity: 'warning',
    summary: 'A `[features]` flag Codex has removed (`codex features list` stage "removed"): the line has no effect.',
  },
  {
    code: 'CP209',
    name: 'agent-config-file-in-dot-codex',
    severity: 'warning',
    summary:
      "An agent role's `config_file` written as `.codex/...` in a file inside `.codex/`: Codex looks for `.codex/.codex/...` and drops the role.",
  },
  {
    code: 'CP210',
    name: 'unused-permission-profile',
    severity: 'warning',
    summary:
      'A `[permissions.<name>]` profile nothing uses: `default_permissions` picks another one, or `sandbox_mode` decides and nothing sets `default_permissions`.',
  },
  {
    code: 'CP211',
    name: 'sandbox-mode-beside-default-permissions',
    severity: 'warning',
    summary: '`sandbox_mode` in the same file as `default_permissions` has no effect: the permission profile wins.',
  },
  {
    code: 'CP212',
    name: 'project-trust-entry',
    severity: 'warning',
    summary:
      'A trust entry `[projects."<path>"]` in a project\'s own `.codex/config.toml`: a project cannot trust anything (only `untrusted` for its own folders changes the default approval).',
  },
  {
    code: 'CP301',
    name: 'deprecated-on-failure',
    severity: 'warning',
    summary: '`approval_policy = "on-failure"` is deprecated and read as `on-request`.',
  },
  {
    code: 'CP302',
    name: 'deprecated-web-search-feature',
    severity: 'warning',
    summary: '`[features] web_search_request` / `web_search_cached` are deprecated; use top-level `web_search`.',
  },
  {
    code: 'CP303',
    name: 'deprecated-feature',
    severity: 'warning',
    summary: 'A deprecated `[features]` flag (such as `multi_agent`), with the replacement where Codex names one.',
  },
  {
    code: 'CP401',
    name: 'yolo',
    severity: 'warning',
    summary: 'Approval `never` with `danger-full-access`: no sandbox and no questions (what the TUI calls YOLO mode).',
  },
  { code: 'CP402', name: 'danger-full-access', severity: 'warning', summary: 'The agent runs commands with no sandbox.' },
  {
    code: 'CP403',
    name: 'network-on',
    severity: 'information',
    summary: 'Commands inside the sandbox can reach the network (a warning when the team baseline, `codexPosture.baseline`, wants it off).',
  },
  {
    code: 'CP404',
    name: 'live-web-search',
    severity: 'information',
    summary:
      'Live web search: the agent reads pages fetched now (prompt-injection surface; a warning when the team baseline excludes live).',
  },
  {
    code: 'CP405',
    name: 'notify-program',
    severity: 'warning',
    summary: '`notify` runs a local program after every turn, outside the sandbox.',
  },
  {
    code: 'CP406',
    name: 'credentials-elsewhere',
    severity: 'warning',
    summary: 'A base URL that sends your credentials to another host or over plain HTTP.',
  },
  {
    code: 'CP407',
    name: 'literal-secret',
    severity: 'warning',
    summary: 'A secret written as a literal value (bearer token, header, MCP env, token in args, a password in a URL); shown redacted.',
  },
  {
    code: 'CP408',
    name: 'windows-path-escape',
    severity: 'warning',
    summary: 'A Windows path with backslashes in a basic string: `\\t`, `\\n` ... are escapes there; use a literal string.',
  },
  {
    code: 'CP409',
    name: 'mcp-unpinned-package',
    severity: 'warning',
    summary:
      'An MCP server started through a package runner (`npx`, `uvx`, `pnpm dlx`, `bunx`, `pipx run`, ...) without an exact version: each session start may fetch and run different code outside the sandbox.',
  },
  {
    code: 'CP410',
    name: 'mcp-plain-http',
    severity: 'warning',
    summary: 'An MCP server reached over plain `http://` on another machine: its requests, answers and token travel unencrypted.',
  },
  {
    code: 'CP411',
    name: 'environment-inherits-all',
    severity: 'warning',
    summary:
      "`[shell_environment_policy]` passes the whole environment, tokens and passwords included, to the agent's commands with nothing excluded (Codex 0.171 excludes nothing by default).",
  },
  {
    code: 'CP412',
    name: 'project-runs-program',
    severity: 'warning',
    summary:
      "A project `.codex/config.toml` supplies an MCP server or a hook: the repository's own program, run outside the sandbox once the project is trusted (a writable session trusts it by itself).",
  },
  {
    code: 'CP413',
    name: 'hook-skipped',
    severity: 'information',
    summary:
      'A hook Codex skips: a `prompt` or `agent` hook, an invalid matcher, an empty command, an unknown event, or (in the editor) a hook you have not trusted yet.',
  },
  {
    code: 'CP414',
    name: 'broad-trust',
    severity: 'warning',
    summary:
      'A trust entry on `/`, the home folder or a folder that holds several repositories: it trusts none of the repositories below, and a session started there can write all of them (`.git/hooks` and `.codex/config.toml` included).',
  },
  {
    code: 'CP900',
    name: 'policy',
    severity: 'error',
    summary: 'A value the team policy forbids (`codex-posture check`, `lint --forbid`).',
  },
  {
    code: 'CP901',
    name: 'policy-file',
    severity: 'error',
    summary: 'An unknown key or a bad value in the team policy `.codex-posture.toml`; the rule it breaks is not enforced.',
  },
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleInfo(code: string): RuleInfo {
  const r = BY_CODE.get(code);
  if (!r) throw new Error(`unknown rule code ${code}`);
  return r;
}

/** The README anchor of a rule: `#cp101`. */
export function ruleAnchor(code: string): string {
  return code.toLowerCase();
}
