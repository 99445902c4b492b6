// Config files for the lint differential suite (lint.differential.test.ts): each one is written as
// the user config.toml of a fresh CODEX_HOME and shown to the real codex 0.171. What codex does with
// it (loads or not, the line it names, every key it ignores) is measured at test time, never written
// here; `deprecated` lists lines Codex accepts silently but reads differently (no oracle for those).
import { TABLE_FEATURES } from '../../src/core/schema';

export interface LintCase {
  readonly name: string;
  readonly toml: string;
  /** 1-based lines of deprecated forms that must get a finding. */
  readonly deprecated?: readonly number[];
  /** When codex refuses the file: lint's error must be at the very line and column codex names, not only on its line. */
  readonly exactPosition?: boolean;
  /** Lines with a literal secret: CP407 must be there whether or not codex loads the file. */
  readonly secretLines?: readonly number[];
}

const c = (name: string, toml: string, deprecated?: number[]): LintCase => ({ name, toml: toml.replace(/^\n/, ''), deprecated });
/** A TOML syntax error whose position (line and column) codex names and lint must match. */
const at = (name: string, toml: string): LintCase => ({ name, toml, exactPosition: true });

export const LINT_CASES: readonly LintCase[] = [
  // --- files Codex loads ---
  c('empty', ''),
  c('comments-only', '# nothing here\n'),
  c('plain-posture', 'sandbox_mode = "workspace-write"\napproval_policy = "on-request"\nweb_search = "cached"\n'),
  c('yolo', 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n'),
  c('read-only-net', 'sandbox_mode = "read-only"\n[sandbox_workspace_write]\nnetwork_access = true\n'),
  c(
    'ww-net-roots',
    'sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\nwritable_roots = ["/tmp/x"]\nexclude_slash_tmp = false\n',
  ),
  c('granular', 'approval_policy = { granular = { sandbox_approval = true, rules = false, mcp_elicitations = true } }\n'),
  c('reviewer', 'approvals_reviewer = "auto_review"\n'),
  c('reviewer-legacy', 'approvals_reviewer = "guardian_subagent"\n'),
  c('on-failure', 'approval_policy = "on-failure"\n', [1]),
  c('web-search-request', '[features]\nweb_search_request = true\n', [2]),
  c('web-search-cached-feature', '[features]\nweb_search_cached = true\n', [2]),
  c('tools-web-search-true', '[tools]\nweb_search = true\n'),
  c('tools-web-search-table', '[tools.web_search]\ncontext_size = "high"\n'),
  c('typo-top', 'sandbox_mod = "read-only"\n'),
  c('typo-approval', 'aproval_policy = "never"\n'),
  c('typo-websearch', 'websearch = "live"\n'),
  c('several-unknown', 'foo = 1\nbar = 2\nbaz = 3\nqux = 4\nsandbox_mode = "read-only"\n'),
  c('guide-ask-for-approval', '[sandbox_workspace_write]\nask_for_approval = "never"\nnetwork_access = false\n'),
  c('guide-sandbox-read-only', 'sandbox_mode = "read-only"\n[sandbox_read_only]\nnetwork_access = true\n'),
  c('guide-allowlisted', '[sandbox_workspace_write]\nallowlisted_domains = ["github.com"]\nallowlist_expiry = "2025-01-01"\n'),
  c('guide-allowlist-top', 'allowlisted_domains = ["github.com"]\n'),
  c('captured-approval', '[sandbox_workspace_write]\nnetwork_access = false\napproval_policy = "never"\n'),
  c('captured-under-tools', '[tools]\nweb_search = false\nsandbox_mode = "read-only"\n'),
  c('captured-under-projects', '[projects."/tmp/x"]\ntrust_level = "trusted"\nsandbox_mode = "workspace-write"\n'),
  c('legacy-profiles', '[profiles.full_auto]\napproval_policy = "on-failure"\nsandbox_mode = "workspace-write"\n', [2]),
  c('legacy-profiles-unknown', '[profiles.fast]\nmodel = "gpt-5"\nmodle_reasoning = "high"\n'),
  c('profiles-dotted', 'profiles.x.model = "gpt-5"\n'),
  c('trust-entries', '[projects."/tmp/a"]\ntrust_level = "trusted"\n[projects."/tmp/b"]\ntrust_level = "untrusted"\n'),
  c('projects-unknown-key', '[projects."/tmp/a"]\ntrust_level = "trusted"\ntrusted = true\n'),
  c(
    'permissions-profile',
    'default_permissions = "web"\n[permissions.web.network]\nenabled = true\n[permissions.web.network.domains]\n"example.com" = "allow"\n',
  ),
  c('permissions-builtin', 'default_permissions = ":workspace"\n'),
  c('permissions-with-sandbox-mode', 'sandbox_mode = "read-only"\n[permissions.web.network]\nenabled = true\n'),
  c(
    'network-proxy',
    'default_permissions = "web"\n[features]\nnetwork_proxy = true\n[permissions.web.network]\nenabled = true\n[permissions.web.network.domains]\n"example.com" = "deny"\n',
  ),
  c(
    'provider-ok',
    'model_provider = "acme"\n[model_providers.acme]\nname = "Acme"\nbase_url = "http://acme.example.com/v1"\nenv_key = "ACME_KEY"\nwire_api = "responses"\n',
  ),
  c(
    'provider-secret',
    '[model_providers.acme]\nname = "Acme"\nbase_url = "https://acme.example.com/v1"\nexperimental_bearer_token = "sk-test-abcdefghijklmnop"\n',
  ),
  c('provider-unknown-key', '[model_providers.acme]\nname = "Acme"\nbase_url = "https://acme.example.com/v1"\napi_key = "nope"\n'),
  c(
    'provider-headers',
    '[model_providers.acme]\nname = "Acme"\nbase_url = "https://acme.example.com/v1"\nhttp_headers = { "Authorization" = "Bearer abcdefghijklmnop" }\n',
  ),
  c('mcp-ok', '[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs"]\nenv_vars = ["DOCS_TOKEN"]\n'),
  c('mcp-env-secret', '[mcp_servers.docs]\ncommand = "npx"\nenv = { DOCS_TOKEN = "supersecretvalue123" }\n'),
  c('mcp-args-token', '[mcp_servers.docs]\ncommand = "npx"\nargs = ["docs", "--token", "ghp_abcdefghijklmnopqrstuvwxyz0123"]\n'),
  c('mcp-http', '[mcp_servers.remote]\nurl = "https://mcp.example.com"\nbearer_token_env_var = "MCP_TOKEN"\n'),
  c('mcp-unknown', '[mcp_servers.docs]\ncommand = "npx"\ndescription = "docs"\n'),
  c('notify', 'notify = ["notify-send", "Codex"]\n'),
  // Feature flags by stage (featureStages.ts, from `codex features list`): older names Codex reads
  // as another feature are known keys; deprecated ones are read (a finding); removed ones load
  // and do nothing; an unknown one is ignored with a warning.
  // Real configs: `skills = true` below [features]; moved to the top level it would be refused
  // (top-level `skills` is a table), so lint offers no move there.
  c('captured-skills-under-features', '[features]\nhooks = true\nskills = true\n'),
  c(
    'captured-yolo-legacy-profiles',
    'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n[profiles.a]\nmodel = "x"\n[profiles.b]\nmodel = "y"\n',
  ),
  // Merge-conflict markers left in a config (real configs): Codex names the marker's own line.
  c('merge-conflict', 'model = "a"\n<<<<<<< HEAD\nsandbox_mode = "read-only"\n=======\nsandbox_mode = "workspace-write"\n>>>>>>> branch\n'),
  c('merge-conflict-first-line', '<<<<<<< HEAD\nmodel = "a"\n'),
  c('merge-conflict-after-table', '[tui]\nnotifications = true\n\n>>>>>>> theirs\n'),
  c('merge-conflict-separator', 'sandbox_mode = "read-only"\n=======\nmodel = "x"\n'),
  c('features-aliases', '[features]\ncodex_hooks = true\nconnectors = false\nmemory_tool = true\nweb_search = false\n'),
  c('features-deprecated', '[features]\nmulti_agent = true\ncollab = false\nuse_legacy_landlock = false\n', [2, 3, 4]),
  c('features-removed', '[features]\njs_repl = true\ncollaboration_modes = false\nnosuch_feature = true\n', [2, 3]),
  c('base-urls', 'openai_base_url = "https://proxy.example.com/v1"\nchatgpt_base_url = "https://chatgpt.com"\n'),
  c('windows-path-ok', '[sandbox_workspace_write]\nwritable_roots = ["C:\\\\Users\\\\me"]\n'),
  c('windows-path-escape', '[sandbox_workspace_write]\nwritable_roots = ["C:\\temp\\new"]\n'),
  c('features-unknown', '[features]\nno_such_feature = true\n'),
  c('tui-unknown', '[tui]\nnotifications = true\nfancy = true\n'),
  c('history', '[history]\npersistence = "none"\n'),
  c('history-unknown', '[history]\npersist = "none"\n'),
  c('bom-crlf', '\uFEFFsandbox_mode = "read-only"\r\nfoo = 1\r\n'),
  c('toml11-inline', 'approval_policy = { granular = {\n  sandbox_approval = true,\n  rules = true,\n  mcp_elicitations = false,\n} }\n'),
  c('nested-unknown-deep', '[sandbox_workspace_write]\nnetwork = true\n'),
  c('otel-unknown', '[otel]\nexporter = "none"\nexportr = "none"\n'),
  c('shell-env', '[shell_environment_policy]\ninherit = "core"\nexclude = ["*TOKEN*"]\n'),
  c('project-root-markers', 'project_root_markers = [".git", ".hg"]\n'),
  c('model-settings', 'model = "gpt-5.5"\nmodel_reasoning_effort = "high"\nmodel_verbosity = "low"\nmodel_reasoning_summary = "concise"\n'),
  // --- files Codex refuses ---
  c('bad-sandbox', 'sandbox_mode = "full"\n'),
  c('bad-approval', 'approval_policy = "always"\n'),
  c('untrusted-retired', 'sandbox_mode = "read-only"\napproval_policy = "untrusted"\n'),
  c('legacy-profile-key', 'profile = "fast"\n'),
  c('web-search-bool', 'web_search = true\n'),
  c('approval-number', 'model = "x"\napproval_policy = 5\n'),
  c('granular-missing-rules', 'approval_policy = { granular = { sandbox_approval = true, mcp_elicitations = true } }\n'),
  c('wire-api-chat', '[model_providers.local]\nname = "Local"\nbase_url = "http://localhost:1234/v1"\nwire_api = "chat"\n'),
  c('reserved-provider', '[model_providers.openai]\nname = "Mine"\nbase_url = "https://x.example.com"\n'),
  c('mcp-bearer-inline', 'model = "x"\n\n[mcp_servers.docs]\nurl = "https://mcp.example.com"\nbearer_token = "abcdefghijklmnop"\n'),
  c('permissions-no-default', '[permissions.web.network]\nenabled = true\n'),
  c('default-permissions-unknown-builtin', 'default_permissions = ":everything"\n'),
  c('default-permissions-missing-profile', 'default_permissions = "web"\n'),
  c('trust-level-maybe', '[projects."/tmp/a"]\n\ntrust_level = "maybe"\n'),
  c('feature-string', '[features]\nweb_search_request = "yes"\n'),
  c('captured-under-features', '[features]\nnetwork_proxy = true\nsandbox_mode = "read-only"\n'),
  c('syntax-missing-value', 'sandbox_mode =\n'),
  c('syntax-unclosed-string', 'model = "gpt\n'),
  c('syntax-bad-escape', '[sandbox_workspace_write]\nwritable_roots = ["C:\\Users\\me"]\n'),
  c('syntax-duplicate-key', 'model = "a"\nmodel = "b"\n'),
  // Syntax errors inside multi-line arrays and inline tables (TOML 1.1 allows newlines in both).
  at('syntax-array-missing-comma', '[sandbox_workspace_write]\nwritable_roots = [\n  "/a",\n  "/b"\n  "/c",\n]\n'),
  at('syntax-array-missing-comma-crlf', 'writable = [\r\n  "/a",\r\n  "/b"\r\n  "/c",\r\n]\r\n'),
  at('syntax-array-bad-third-value', 'notify = [\n  "notify-send",\n  "Codex",\n  done,\n]\n'),
  at('syntax-array-stray-comma', 'project_root_markers = [\n  ".git",\n  ,\n]\n'),
  at('syntax-array-trailing-garbage', 'notify = [\n  "notify-send",\n  "Codex"\n] # ok\nx = [\n  1\n] junk\n'),
  at('syntax-array-unclosed-eof', 'notify = [\n  "notify-send",\n  "Codex",\n'),
  at('syntax-array-unclosed-before-header', 'notify = [\n  "notify-send",\n  "Codex",\n\n[tools]\nweb_search = true\n'),
  at('syntax-array-missing-comma-after-comment', 'project_root_markers = [\n  ".git" # git\n  ".hg"\n]\n'),
  at(
    'syntax-inline-missing-comma',
    'approval_policy = { granular = {\n  sandbox_approval = true\n  rules = true,\n  mcp_elicitations = false,\n} }\n',
  ),
  at('syntax-inline-unclosed-eof', 'approval_policy = { granular = {\n  sandbox_approval = true,\n  rules = true,\n'),
  at('syntax-inline-bad-third-value', 'mcp_servers.docs = {\n  command = "docs",\n  enabled = true,\n  required = nope,\n}\n'),
  at('syntax-inline-trailing-garbage', 'mcp_servers.docs = {\n  command = "docs",\n} junk\n'),
  at('syntax-inline-key-without-value', 'mcp_servers.docs = {\n  command = "docs",\n  enabled\n}\n'),
  at(
    'syntax-array-in-inline-missing-comma',
    'mcp_servers.docs = {\n  command = "docs",\n  args = [\n    "-y",\n    "pkg"\n    "--verbose"\n  ],\n}\n',
  ),
  c('toml11-inline-value-on-next-line', 'mcp_servers.docs = {\n  command =\n    "docs-mcp-server",\n  enabled\n    = false,\n}\n'),
  // Keys that do nothing (the effect round removes each one and asks codex again).
  c(
    'unused-profile-other-picked',
    'default_permissions = "a"\n[permissions.a]\nextends = ":workspace"\n[permissions.b.network]\nenabled = true\n[permissions.b.filesystem]\n"/srv" = "write"\n',
  ),
  c(
    'unused-profile-sandbox-mode',
    'sandbox_mode = "workspace-write"\npermissions.web.network.enabled = true\n[permissions.ro]\nextends = ":read-only"\n',
  ),
  c(
    'sandbox-mode-beside-default-permissions',
    'sandbox_mode = "danger-full-access"\ndefault_permissions = ":read-only"\napproval_policy = "never"\n',
  ),
  c(
    'default-permissions-beside-sandbox-mode',
    'default_permissions = "web"\nsandbox_mode = "read-only"\n[permissions.web]\nextends = ":workspace"\n',
  ),
  c(
    'permissions-unknown-keys',
    'default_permissions = "web"\n[permissions.web]\nextends = ":workspace"\nfoo = 1\n[permissions.web.network]\nenabled = true\nallowlisted = ["x"]\n[permissions.web.netwrk]\nenabled = false\n',
  ),
  c('permissions-typo-extend', 'default_permissions = "web"\n[permissions.web]\nextend = ":workspace"\n'),
  c('project-trusts-itself', 'web_search = "disabled"\n[projects."{{work}}"]\ntrust_level = "trusted"\n'),
  c('project-untrusts-itself', '[projects."{{work}}"]\ntrust_level = "untrusted"\n'),
  c(
    'project-trusts-elsewhere',
    '[projects."/elsewhere/repo"]\ntrust_level = "trusted"\n[projects."/elsewhere/other"]\ntrust_level = "untrusted"\n',
  ),
  c(
    'broad-trust-root-and-home',
    '[projects."/"]\ntrust_level = "trusted"\n[projects."/root"]\ntrust_level = "trusted"\n[projects."/home"]\ntrust_level = "untrusted"\n',
  ),
  // A literal secret in a file codex refuses.
  {
    name: 'secret-in-file-with-bad-value',
    toml: 'sandbox_mode = "bogus"\n[mcp_servers.docs]\ncommand = "docs-mcp-server"\nenv = { DOCS_TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123" }\n',
    secretLines: [4],
  },
  {
    name: 'secret-in-file-with-toml-error',
    toml: '[model_providers.acme]\nname = "Acme"\nexperimental_bearer_token = "sk-test-abcdefghijklmnopqrstu"\n[mcp_servers.docs]\ncommand = "docs"\nargs = [\n  "--token",\n  "ghp_abcdefghijklmnopqrstuvwxyz0123"\n  "--verbose"\n]\n',
    secretLines: [3, 8],
  },
  {
    name: 'secret-below-toml-error',
    toml: 'model = "gpt\n[mcp_servers.docs]\nurl = "https://mcp.example.com"\nhttp_headers = { Authorization = "Bearer abcdefghijklmnop1234" }\n',
    secretLines: [4],
  },
  c('syntax-lone-cr', 'model = "a"\rweb_search = "live"\n'),
  c('bad-web-search', 'web_search = "always"\n'),
  c('bad-reviewer', 'approvals_reviewer = "robot"\n'),
  c('ww-network-string', '[sandbox_workspace_write]\nnetwork_access = "yes"\n'),
  c('model-number', 'model = 5\n'),
  c('notify-string', 'notify = "notify-send"\n'),
  c('verbosity-bad', 'model_verbosity = "loud"\n'),
  c('history-bad', '[history]\npersistence = "all"\n'),
  c('mcp-no-transport', '[mcp_servers.docs]\nenabled = true\n'),
  c('tools-web-search-string', '[tools]\nweb_search = "live"\n'),
  c('profiles-bad-enum', '[profiles.fast]\nsandbox_mode = "full"\n'),
  // --- found by the generated files (lintGenerated.ts), minimised ---
  c('mcp-required-server', '[mcp_servers.docs]\ncommand = "docs-mcp-server"\nrequired = true\n'),
  c('granular-missing-sandbox-approval', 'approval_policy = { granular = { rules = true, mcp_elicitations = true } }\n'),
  c('granular-missing-mcp-elicitations', '[approval_policy.granular]\nrules = false\nsandbox_approval = true\n'),
  c('provider-no-name', 'model = "x"\n[model_providers.acme]\nbase_url = "https://acme.example.com/v1"\n'),
  c('provider-blank-name', 'model_providers.acme = { name = "  ", base_url = "https://acme.example.com/v1" }\n'),
  c('provider-wire-api-completions', '[model_providers.acme]\nname = "Acme"\nwire_api = "completions"\n'),
  c('provider-negative-retries', '[model_providers.acme]\nname = "Acme"\nrequest_max_retries = -1\n'),
  c('provider-header-number', '[model_providers.acme]\nname = "Acme"\n\n[model_providers.acme.http_headers]\nX-Team = 1\n'),
  c('mcp-url-number', '[mcp_servers.docs]\nurl = 5\n'),
  c('mcp-command-list', 'mcp_servers.docs.command = ["docs-mcp-server"]\n'),
  c('mcp-timeout-string', '[mcp_servers.docs]\ncommand = "docs-mcp-server"\nstartup_timeout_sec = "20s"\n'),
  c('mcp-stdio-with-headers', 'model = "x"\n[mcp_servers.docs]\ncommand = "docs-mcp-server"\nhttp_headers = { X-Org = "acme" }\n'),
  c('mcp-http-with-args', 'model = "x"\n[mcp_servers.docs]\nurl = "http://127.0.0.1:9/mcp"\nargs = ["--verbose"]\n'),
  c('mcp-servers-array', 'model = "x"\n[[mcp_servers]]\nname = "docs"\n'),
  c('permissions-enabled-number', 'default_permissions = "web"\n[permissions.web]\n[permissions.web.network]\nenabled = 1\n'),
  c('permissions-domain-block', 'default_permissions = "web"\n\n[permissions.web.network.domains]\n"pypi.org" = "block"\n'),
  c('permissions-filesystem-rw', 'default_permissions = "dev"\n[permissions.dev]\nfilesystem = { "/srv/data" = "rw" }\n'),
  c('permissions-extends-bogus', 'default_permissions = "dev"\n[permissions.dev]\nextends = ":bogus"\n'),
  c('tui-animations-number', '[tui]\nanimations = 1\n'),
  c('tui-notifications-string', 'model = "x"\n[tui]\nnotifications = "yes"\n'),
  c('tui-alternate-screen-bad', '[tui]\nalternate_screen = "sometimes"\n'),
  c('otel-exporter-unknown', '[otel]\nexporter = "stdout"\n'),
  c('otel-exporter-otlp-string', '[otel]\nexporter = "otlp-http"\n'),
  c('file-opener-bad', 'file_opener = "emacs"\n'),
  c('log-dir-list', 'model = "x"\nlog_dir = ["/tmp/codex-logs"]\n'),
  c('tool-output-limit-float', 'tool_output_token_limit = 1.5\n'),
  c('doc-max-bytes-negative', 'project_doc_max_bytes = -1\n'),
  c('reasoning-effort-empty', 'model_reasoning_effort = ""\n'),
  c('compact-scope-bad', 'model_auto_compact_token_limit_scope = "all"\n'),
  c('shell-env-inherit-bad', '[shell_environment_policy]\ninherit = "some"\n'),
  c('shell-env-exclude-string', 'model = "x"\n[shell_environment_policy]\nexclude = "AWS_*"\n'),
  c('shell-env-set-number', '[shell_environment_policy.set]\nCI = "1"\nRUST_LOG = 1\n'),
  c('history-max-bytes-string', '[history]\nmax_bytes = "1"\n'),
  c('analytics-enabled-string', '[analytics]\nenabled = "no"\n'),
  c('tools-web-search-context-bad', '[tools]\nweb_search = { context_size = "huge" }\n'),
  c('stripped-table-named-when-file-fails', '[profiles.work]\nsandbox_mode = true\n[tui]\nshow_tooltips = "true"\n'),
  c(
    'mcp-bearer-dotted',
    'mcp_servers.fs.url = "http://127.0.0.1:9/mcp"\nmcp_servers.fs.startup_timeout_sec = 20\nmcp_servers.fs.bearer_token = "abcdefghijklmnop"\n',
  ),
  c('profiles-model-number', '[profiles.fast]\nmodel = 5\n'),
  c('profiles-verbosity-bad', 'profiles.fast = { model_verbosity = "loud" }\n'),
  c('profiles-feature-string', '[profiles.fast.features]\nundo = true\nweb_search_request = "yes"\n'),
  c('syntax-stray-bracket', 'model = "x"\n\n ]\n'),
  // --- round 2: keys round 1 never wrote (types measured key by key), legacy profile fields ---
  c(
    'profile-non-profile-keys',
    '[profiles.fast]\nmodel = "gpt-5"\nhide_agent_reasoning = true\nnotify = ["ding"]\n[profiles.fast.sandbox_workspace_write]\nnetwork_access = true\n',
  ),
  c('profile-sww-string-ignored', '[profiles.fast]\nsandbox_workspace_write = "zzz"\ndefault_permissions = 5\n'),
  c('profile-personality-bad', '[profiles.fast]\npersonality = "grumpy"\n'),
  c('client-search-provider-top', 'client_search_provider = "standalone"\n[tools]\nclient_search_provider = "search_mcp"\n'),
  c('tools-client-search-provider-bad', '[tools]\nclient_search_provider = "bing"\n'),
  c('personality-bad', 'personality = "grumpy"\n'),
  c('include-context-string', 'include_environment_context = "no"\n'),
  c('notice-bool-string', '[notice]\nhide_full_access_warning = "yes"\n'),
  c('notice-unknown', '[notice]\nhide_full_access_warning = true\nhide_everything = true\n'),
  c('agents-scalar', 'agents = 5\n'),
  c('u8-overflow', 'model_post_turn_compact_threshold_percent = 300\n'),
  c('u16-overflow', 'mcp_oauth_callback_port = 70000\n'),
  c('retired-thread-store-endpoint', 'experimental_thread_store_endpoint = "http://localhost:9"\n'),
  c('forced-workspace-list', 'forced_chatgpt_workspace_id = ["ws-1", "ws-2"]\n'),
  c('forced-workspace-number-list', 'forced_chatgpt_workspace_id = [1]\n'),
  c('tui-notification-method-bad', 'model = "x"\n[tui]\nnotification_method = "beep"\n'),
  c('tui-sidebar-overflow', '[tui]\nsidebar_width_percent = 300\n'),
  c('shell-env-filters-string', 'model = "x"\n[shell_environment_policy]\nfilters = "x"\n'),
  c('otel-helper-refresh-zero', '[otel]\nheaders_helper_refresh_interval_ms = 0\n'),
  // otel exporters: one variant table; otlp-http needs endpoint and protocol, otlp-grpc endpoint.
  c(
    'otel-otlp-http-ok',
    '[otel.exporter.otlp-http]\nendpoint = "http://localhost:4318"\nprotocol = "binary"\nheaders = { x-team = "obs" }\n',
  ),
  c('otel-otlp-http-no-protocol', 'model = "x"\n[otel]\nexporter = { otlp-http = { endpoint = "http://localhost:4318" } }\n'),
  c('otel-otlp-grpc-no-endpoint', '[otel.trace_exporter.otlp-grpc]\nheaders = {}\n'),
  c('otel-otlp-protocol-bad', '[otel.exporter.otlp-http]\nendpoint = "x"\nprotocol = "grpc"\n'),
  c(
    'otel-exporter-two-variants',
    '[otel.exporter.otlp-http]\nendpoint = "x"\nprotocol = "json"\n[otel.exporter.otlp-grpc]\nendpoint = "x"\n',
  ),
  c('otel-exporter-unknown-variant', '[otel.exporter]\nbogus = {}\n'),
  c('otel-statsig-settings', '[otel.exporter]\nstatsig = { a = 1 }\n'),
  // --- round 2: found by the generated files of seeds 47 and up, minimised ---
  c('float-for-integer', 'model = "x"\nmodel_context_window = 1e5\n'),
  c('provider-retries-float', '[model_providers.acme]\nname = "Acme"\nrequest_max_retries = 2.0\n'),
  c('unknown-table-defined-after-sub-table', 'model = "x"\n[x_t3.sub]\na = 1\n[x_t3]\nb = 2\n'),
  c('array-of-tables-unknown', '[[x_arr]]\na = 1\n[[x_arr]]\na = 2\n[x_arr.sub]\nb = 1\n'),
  c('otel-stray-named-when-failing', '[otel.metrics_exporter.otlp-grpc]\nendpoint = "x"\nendpont = "y"\n\n[tui]\nanimations = 1\n'),
  c('project-reserved-provider-named-when-failing', '[model_providers.ollama]\nname = "x"\n[tui]\nanimations = 1\n'),
  c('notice-model-migrations-number', '[notice.model_migrations]\n"gpt-5" = 1\n'),
  c('notice-renamed-prompt', '[notice]\n"hide_gpt-5.1-codex-max_migration_prompt" = true\n'),
  c(
    'shell-env-filter-list',
    'model = "x"\n[shell_environment_policy]\ninherit = "core"\n[shell_environment_policy.filters]\n"AWS_*" = ["a"]\n',
  ),
  c('shell-env-filter-ok', '[shell_environment_policy.filters]\n"AWS_*" = "exclude"\nPATH = "include"\n'),
  c('features-rollout-budget-on', '[features]\nrollout_budget = true\n'),
  c('features-rollout-budget-tokens', '[features.rollout_budget]\nenabled = true\nlimit_tokens = 1000\n'),
  c('features-rollout-budget-off', '[features.rollout_budget]\nlimit_budget = 5\n'),
  c(
    'otel-otlp-unknown-fields',
    'model = "x"\n[otel.metrics_exporter.otlp-grpc]\nendpoint = "x"\ntimeout = 5\ntls = { ca-certificate = "/ca.pem", ca_certificate = "/ca.pem" }\n',
  ),
  // --- load errors neither side reported (model provider, nested words, ranges, feature shapes, files) ---
  c('provider-not-found', 'model = "m"\nmodel_provider = "x"\n'),
  c('provider-defined', 'model_provider = "x"\n[model_providers.x]\nname = "X"\nbase_url = "http://127.0.0.1:9"\n'),
  c('provider-builtin-bedrock', 'model_provider = "amazon-bedrock"\n'),
  c('provider-in-legacy-profile', '[profiles.p]\nmodel_provider = "x"\n'),
  c('mcp-tool-approval-bad', 'model = "m"\n[mcp_servers.s]\ncommand = "true"\n[mcp_servers.s.tools.t]\napproval_mode = "bogus"\n'),
  c('mcp-tool-approval-ok', '[mcp_servers.s]\ncommand = "true"\n[mcp_servers.s.tools.t]\napproval_mode = "writes"\n'),
  c('mcp-default-approval-bad', '[mcp_servers.s]\ncommand = "true"\ndefault_tools_approval_mode = "ask"\n'),
  c('apps-default-approval-bad', 'model = "m"\n[apps.x]\ndefault_tools_approval_mode = "bogus"\n'),
  c('apps-tool-approval-dotted', 'model = "m"\napps.x.tools.t.approval_mode = "bogus"\n'),
  c('apps-reviewer-bad', '[apps.x]\nenabled = true\napprovals_reviewer = "me"\n'),
  c('plugins-mcp-approval-bad', 'model = "m"\n[plugins.p.mcp_servers.s]\ndefault_tools_approval_mode = "bogus"\n'),
  c('apps-enabled-string', 'model = "m"\n\n[apps.linear]\nenabled = "yes"\n'),
  c('apps-default-enabled-string', 'model = "m"\n[apps._default]\nenabled = "yes"\n'),
  c('thread-store-in-memory-no-id', 'model = "m"\n[experimental_thread_store]\ntype = "in_memory"\n'),
  c('thread-store-in-memory-id', 'experimental_thread_store = { type = "in_memory", id = "t1" }\n'),
  c('windows-sandbox-bad', '[windows]\nsandbox = "bogus"\n'),
  c('realtime-words', '[realtime]\ntransport = "websocket"\ntype = "transcription"\nvoice = "verse"\nversion = "v9"\n'),
  c('realtime-voice-bad', 'model = "m"\n[realtime]\nvoice = "robot"\n'),
  c('permissions-network-mode-bad', 'default_permissions = "p"\n[permissions.p.network]\nenabled = true\nmode = "open"\n'),
  c('marketplace-source-bad', '[marketplaces.m]\nsource_type = "svn"\n'),
  c('tool-suggest-type-bad', 'model = "m"\n[[tool_suggest.discoverables]]\nid = "x"\ntype = "app"\n'),
  c('hook-type-bad', 'model = "m"\n[[hooks.PreToolUse]]\n[[hooks.PreToolUse.hooks]]\ntype = "script"\n'),
  c('thread-store-type-bad', 'experimental_thread_store = { type = "remote" }\n'),
  c('mcp-startup-timeout-negative', 'model = "m"\n\n[mcp_servers.s]\ncommand = "true"\nstartup_timeout_sec = -1\n'),
  c('mcp-startup-timeout-dotted-nan', 'model = "m"\nmcp_servers.s.command = "true"\nmcp_servers.s.startup_timeout_sec = nan\n'),
  c('mcp-tool-timeout-negative', '[mcp_servers.s]\ncommand = "true"\ntool_timeout_sec = -0.5\n'),
  c('mcp-tool-timeout-inf', '[mcp_servers.s]\ncommand = "true"\ntool_timeout_sec = inf\n'),
  c('mcp-timeouts-zero', '[mcp_servers.s]\ncommand = "true"\nstartup_timeout_sec = 0\ntool_timeout_sec = 0.0\n'),
  c('compact-percent-over-100', 'model_post_turn_compact_threshold_percent = 150\n'),
  c('agents-max-threads-zero', 'model = "m"\n[agents]\nmax_threads = 0\n'),
  c('agents-max-depth-i32', '[agents]\nmax_depth = 2147483648\n'),
  c('nux-u32-negative', 'model = "m"\n[tui]\nanimations = true\n[tui.model_availability_nux]\nx = -1\n'),
  c('history-max-bytes-negative', '[history]\nmax_bytes = -1\n'),
  c('mouse-scroll-zero', '[tui]\nmouse_scroll_speed = 0\n'),
  c('provider-auth-timeout-zero', '[model_providers.x]\nname = "x"\n[model_providers.x.auth]\ncommand = "true"\ntimeout_ms = 0\n'),
  c('multi-agent-v2-threads-zero', '[features.multi_agent_v2]\nmax_concurrent_threads_per_session = 0\n'),
  c('multi-agent-v2-timeout-over', '[features.multi_agent_v2]\nmax_wait_timeout_ms = 4000000\n'),
  c('glob-depth-zero-in-use', 'default_permissions = "p"\n[permissions.p.filesystem]\nglob_scan_max_depth = 0\n'),
  c(
    'glob-depth-zero-extended',
    'default_permissions = "q"\n[permissions.q]\nextends = "p"\n[permissions.p.filesystem]\nglob_scan_max_depth = 0\n',
  ),
  c(
    'glob-depth-zero-unused',
    'default_permissions = "q"\n[permissions.q]\nextends = ":workspace"\n[permissions.p.filesystem]\nglob_scan_max_depth = 0\n',
  ),
  c('multi-agent-v2-default-below-min', '[features.multi_agent_v2]\ndefault_wait_timeout_ms = 9999\n'),
  c('multi-agent-v2-max-below-default', '[features.multi_agent_v2]\nmax_wait_timeout_ms = 20000\n'),
  c('multi-agent-v2-min-above-max', '[features.multi_agent_v2]\nmin_wait_timeout_ms = 500\nmax_wait_timeout_ms = 400\n'),
  c(
    'multi-agent-v2-timeouts-ok',
    '[features.multi_agent_v2]\nmin_wait_timeout_ms = 1000\ndefault_wait_timeout_ms = 1000\nmax_wait_timeout_ms = 30000\n',
  ),
  c('feature-bool-as-table', 'model = "m"\n[features]\nhooks = { enabled = true }\n'),
  c('feature-bool-as-header-table', 'model = "m"\n[features.hooks]\nenabled = true\n'),
  c('feature-unknown-as-table', '[features]\nzzz_unknown = { a = 1 }\n'),
  c(
    'feature-table-ok',
    '[features.network_proxy]\nenabled = true\nmode = "limited"\n[features.multi_agent_v2]\nenabled = true\nusage_hint_enabled = false\n',
  ),
  c('feature-table-unknown-field', 'model = "m"\n[features.network_proxy]\nenabled = true\nmodee = "full"\n'),
  c('feature-table-bad-word', 'model = "m"\n\n[features.network_proxy]\nmode = "open"\n'),
  c('feature-table-as-string', '[features]\nnetwork_proxy = "on"\n'),
  c('feature-table-enabled-string', '[features.token_budget]\nenabled = "yes"\n'),
  c('feature-context-management-enabled', '[features.context_management]\nenabled = true\n'),
  c('feature-table-multi-agent-wait-agent', '[features.multi_agent_v2]\nwait_agent_enabled = true\n'),
  c('feature-table-token-budget-unknown', 'model = "m"\n[features.token_budget]\nzzz_unknown = 1\n'),
  c('feature-table-token-budget-wrong-type', '[features.token_budget]\nreminder_threshold_tokens = "many"\n'),
  c('feature-table-multi-agent-wrong-type', '[features.multi_agent_v2]\nwait_agent_enabled = "yes"\n'),
  c('feature-table-code-mode-unknown', '[features.code_mode]\nenabled = true\nzzz_unknown = true\n'),
  ...featureTableFieldCases(),
  c('instructions-file-missing', 'model = "m"\nmodel_instructions_file = "missing-instructions.md"\n'),
  c('instructions-file-dot-codex', 'model_instructions_file = ".codex/config.toml"\n'),
  c('compact-prompt-file-missing', 'experimental_compact_prompt_file = "/nonexistent/compact.md"\n'),
  c('model-catalog-missing', 'model_catalog_json = "missing-catalog.json"\n'),
  c('instructions-file-legacy-profile', '[profiles.p]\nmodel_instructions_file = "/nonexistent/x.md"\n'),
];

/** One measured field per table feature with a value of the first kind Codex accepted for it. */
function featureTableFieldCases(): LintCase[] {
  const sample = { boolean: 'true', integer: '1', float: '1.5', string: '"x"', array: '[]', table: '{}' } as const;
  return Object.entries(TABLE_FEATURES).flatMap(([feature, table]) => {
    // A boolean or a string first: integers may meet checks of their range against other fields.
    const fields = Object.entries(table.fields).filter(([name, f]) => name !== 'enabled' && f.kinds.length > 0);
    const found = fields.find(([, f]) => f.kinds[0] === 'boolean' || f.kinds[0] === 'string') ?? fields[0];
    if (!found) return [];
    const [name, f] = found;
    const value = f.kinds[0] === 'string' && f.words ? `"${f.words[0]}"` : sample[f.kinds[0]];
    return [c(`feature-table-field-${feature}`, `[features.${feature}]\n${name} = ${value}\n`)];
  });
}
