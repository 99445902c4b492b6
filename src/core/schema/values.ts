// What each typed key must hold: allowed words, types and ranges, as Codex 0.171 deserialises them.
// The engine's loader refuses a file by these (config/validate.ts) and the lint rules and the JSON
// schema describe them from the same lists.
import { isTable, type TomlValue } from '../config/toml';
import { PROFILE_KEYS } from './keys';
import { FEATURE_TABLES, type FeatureTable } from './featureTables';

export { SANDBOX_MODES, WEB_SEARCH_MODES } from '../config/types';
export const APPROVAL_WORDS = ['on-request', 'never', 'on-failure'] as const;
export const REVIEWER_WORDS = ['user', 'auto_review', 'guardian_subagent'] as const;
export const TRUST_WORDS = ['trusted', 'untrusted'] as const;
export const BUILTIN_PERMISSION_PROFILES = [':read-only', ':workspace', ':danger-full-access'] as const;
export const RESERVED_PROVIDER_IDS = ['openai', 'ollama', 'lmstudio'] as const;

/** The fields `approval_policy = { granular = { ... } }` must all have. */
export const GRANULAR_REQUIRED = ['sandbox_approval', 'rules', 'mcp_elicitations'] as const;

/**
 * What a key must hold; a value of another type is fatal (verified key by key against 0.171).
 * `uint` is Codex's u64/usize (a negative integer is refused), `u8`/`u16` the small ones (300 is refused
 * for a u8), `nonzero-uint` a NonZeroU64, `number` its f64 (an integer is fine), `string-map` a table
 * of strings (headers, env), `table` any struct or map (only its type is checked here), and
 * `string-or-strings` a string or a list of strings (Codex's untagged `Repr`).
 */
export type KeyType =
  | 'string'
  | 'nonempty-string'
  | 'boolean'
  | 'integer'
  | 'uint'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'i32'
  | 'nonzero-uint'
  | 'number'
  | 'string[]'
  | 'string-or-strings'
  | 'string-map'
  | 'table'
  | { readonly oneOf: readonly string[] };

export interface TypedKey {
  readonly path: readonly string[];
  readonly type: KeyType;
  /**
   * Where Codex reports a bad value when it is not at the value: the table it names instead
   * (some fields are read through an untagged enum or a wrapper, and the error lands on the table).
   */
  readonly reportAt?: readonly string[];
  /** For paths with `*`: a name it does not stand for (`apps._default` is not an app). */
  readonly notNamed?: string;
}

/** Typed keys beyond the posture keys above, as Codex 0.171 deserialises them. */
export const KEY_TYPES: readonly TypedKey[] = [
  { path: ['model'], type: 'string' },
  { path: ['review_model'], type: 'string' },
  { path: ['model_provider'], type: 'string' },
  { path: ['model_reasoning_effort'], type: 'nonempty-string' },
  { path: ['model_reasoning_summary'], type: { oneOf: ['auto', 'concise', 'detailed', 'none'] } },
  { path: ['model_verbosity'], type: { oneOf: ['low', 'medium', 'high'] } },
  { path: ['forced_login_method'], type: { oneOf: ['chatgpt', 'api'] } },
  { path: ['file_opener'], type: { oneOf: ['vscode', 'vscode-insiders', 'windsurf', 'cursor', 'none'] } },
  { path: ['model_auto_compact_token_limit_scope'], type: { oneOf: ['total', 'body_after_prefix'] } },
  { path: ['model_context_window'], type: 'integer' },
  { path: ['model_auto_compact_token_limit'], type: 'integer' },
  { path: ['project_doc_max_bytes'], type: 'uint' },
  { path: ['tool_output_token_limit'], type: 'uint' },
  { path: ['hide_agent_reasoning'], type: 'boolean' },
  { path: ['show_raw_agent_reasoning'], type: 'boolean' },
  { path: ['check_for_update_on_startup'], type: 'boolean' },
  { path: ['disable_paste_burst'], type: 'boolean' },
  { path: ['instructions'], type: 'string' },
  { path: ['developer_instructions'], type: 'string' },
  { path: ['openai_base_url'], type: 'string' },
  { path: ['chatgpt_base_url'], type: 'string' },
  { path: ['service_tier'], type: 'string' },
  { path: ['log_dir'], type: 'string' },
  { path: ['notify'], type: 'string[]' },
  { path: ['history', 'persistence'], type: { oneOf: ['save-all', 'none'] } },
  { path: ['history', 'max_bytes'], type: 'uint' },
  { path: ['analytics', 'enabled'], type: 'boolean' },
  { path: ['tui', 'animations'], type: 'boolean' },
  { path: ['tui', 'show_tooltips'], type: 'boolean' },
  { path: ['tui', 'alternate_screen'], type: { oneOf: ['auto', 'always', 'never'] } },
  { path: ['otel', 'environment'], type: 'string' },
  { path: ['otel', 'log_user_prompt'], type: 'boolean' },
  { path: ['shell_environment_policy', 'inherit'], type: { oneOf: ['core', 'all', 'none'] } },
  { path: ['shell_environment_policy', 'ignore_default_excludes'], type: 'boolean' },
  { path: ['shell_environment_policy', 'set'], type: 'string-map' },
  { path: ['shell_environment_policy', 'exclude'], type: 'string[]', reportAt: ['shell_environment_policy'] },
  { path: ['shell_environment_policy', 'include_only'], type: 'string[]', reportAt: ['shell_environment_policy'] },
  // Measured one by one with a string and an integer (round 2 of the lint differential).
  ...keys(
    'boolean',
    'allow_login_shell',
    'allow_symlinked_codex_home',
    'daybreak',
    'experimental_use_unified_exec_tool',
    'include_apps_instructions',
    'include_collaboration_mode_instructions',
    'include_environment_context',
    'include_environment_context_time',
    'include_permissions_instructions',
    'suppress_unstable_features_warning',
  ),
  ...keys(
    'string',
    'apps_mcp_product_sku',
    'compact_prompt',
    'experimental_realtime_start_instructions',
    'experimental_realtime_webrtc_call_base_url',
    'experimental_realtime_ws_backend_prompt',
    'experimental_realtime_ws_base_url',
    'experimental_realtime_ws_model',
    'experimental_realtime_ws_startup_context',
    'mcp_oauth_callback_url',
    'oss_provider',
    'plan_mode_reasoning_effort',
    'experimental_compact_prompt_file',
    'js_repl_node_path',
    'model_catalog_json',
    'model_instructions_file',
    'sqlite_home',
  ),
  ...keys('uint', 'background_terminal_max_timeout', 'mcp_optional_startup_grace_ms', 'thread_unload_delay_secs'),
  { path: ['mcp_oauth_callback_port'], type: 'u16' },
  { path: ['model_post_turn_compact_threshold_percent'], type: 'u8' },
  ...keys('string[]', 'project_doc_fallback_filenames', 'js_repl_node_module_dirs'),
  { path: ['forced_chatgpt_workspace_id'], type: 'string-or-strings' },
  { path: ['personality'], type: { oneOf: ['none', 'friendly', 'pragmatic'] } },
  { path: ['cli_auth_credentials_store'], type: { oneOf: ['file', 'keyring', 'auto', 'ephemeral'] } },
  { path: ['mcp_oauth_credentials_store'], type: { oneOf: ['auto', 'file', 'keyring'] } },
  // Tables (structs and maps): a scalar in their place is fatal.
  ...keys(
    'table',
    'agents',
    'analytics',
    'apps',
    'audio',
    'auto_review',
    'browser_use',
    'cloud',
    'code_mode',
    'computer_use',
    'desktop',
    'experimental_thread_store',
    'feedback',
    'ghost_snapshot',
    'goals',
    'history',
    'hooks',
    'marketplaces',
    'mcp_enterprise_managed_auth',
    'memories',
    'notice',
    'orchestrator',
    'otel',
    'permissions',
    'plugins',
    'profiles',
    'projects',
    'realtime',
    'responses',
    'responses_api_metadata',
    'rollout_trace',
    'shell_environment_policy',
    'skills',
    'tool_suggest',
    'tools',
    'tui',
    'windows',
  ),
  ...keys(
    'boolean',
    'notice.hide_full_access_warning',
    'notice.hide_world_writable_warning',
    'notice.fast_default_opt_out',
    'notice.hide_rate_limit_model_nudge',
    'notice.hide_gpt5_1_migration_prompt',
  ),
  { path: ['notice', 'external_config_migration_prompts'], type: 'table' },
  { path: ['notice', 'model_migrations'], type: 'string-map' },
  ...keys(
    'boolean',
    'tui.auto_recap',
    'tui.collapse_turn_details',
    'tui.copy_on_select_clear_selection',
    'tui.disable_paste_burst',
    'tui.fullscreen_transcript',
    'tui.question_esc_back',
    'tui.raw_output_mode',
    'tui.screen_reader_detection_done',
    'tui.show_server_version_notice',
    'tui.status_line_use_colors',
    'tui.vim_mode_default',
  ),
  ...keys('string', 'tui.pet', 'tui.theme'),
  ...keys('table', 'tui.default_hosts', 'tui.effects', 'tui.keymap', 'tui.model_availability_nux', 'tui.presets', 'tui.rendering'),
  ...keys('string[]', 'tui.status_line', 'tui.terminal_title'),
  { path: ['tui', 'mouse_scroll_speed'], type: 'number' },
  { path: ['tui', 'sidebar_width_percent'], type: 'u8' },
  { path: ['tui', 'terminal_resize_reflow_max_rows'], type: 'uint' },
  { path: ['tui', 'agents_overview_grouping'], type: { oneOf: ['project', 'status', 'model'] } },
  { path: ['tui', 'copy_on_select'], type: { oneOf: ['auto', 'always', 'never'] } },
  { path: ['tui', 'pet_anchor'], type: { oneOf: ['composer', 'screen-bottom'] } },
  { path: ['tui', 'resume_cwd'], type: { oneOf: ['current', 'session'] } },
  { path: ['tui', 'right_click_paste'], type: { oneOf: ['auto', 'on', 'off'] } },
  { path: ['tui', 'session_picker_view'], type: { oneOf: ['comfortable', 'dense'] } },
  // Read with `tui.notifications` through one untagged wrapper: Codex names the [tui] table.
  { path: ['tui', 'notification_condition'], type: { oneOf: ['unfocused', 'always'] }, reportAt: ['tui'] },
  { path: ['tui', 'notification_method'], type: { oneOf: ['auto', 'osc9', 'osc777', 'bel'] }, reportAt: ['tui'] },
  ...keys('boolean', 'otel.log_agent_responses', 'otel.log_guardian_assessments', 'otel.log_sse_deltas'),
  { path: ['otel', 'headers_helper'], type: 'string' },
  { path: ['otel', 'headers_helper_refresh_interval_ms'], type: 'nonzero-uint' },
  ...keys('table', 'otel.span_attributes', 'otel.tracestate', 'otel.tool_result'),
  { path: ['shell_environment_policy', 'experimental_use_profile'], type: 'boolean' },
  { path: ['shell_environment_policy', 'filters'], type: 'table', reportAt: ['shell_environment_policy'] },
  { path: ['tools', 'client_search_provider'], type: { oneOf: ['standalone', 'search_mcp'] } },
];

/** How an MCP tool or an app tool is approved (`approval_mode`, `default_tools_approval_mode`). */
export const TOOL_APPROVAL_WORDS = ['auto', 'prompt', 'writes', 'approve'] as const;

/**
 * Typed keys inside tables of named entries; `*` stands for any name. Measured one by one with a
 * word Codex does not know: an MCP server's fields are named at the value, the `apps` and `plugins`
 * entries at the first `[apps...]` / `[plugins...]` header (Codex reads those maps through a wrapper).
 */
export const NESTED_TYPES: readonly TypedKey[] = [
  { path: ['mcp_servers', '*', 'default_tools_approval_mode'], type: { oneOf: TOOL_APPROVAL_WORDS } },
  { path: ['mcp_servers', '*', 'tools', '*', 'approval_mode'], type: { oneOf: TOOL_APPROVAL_WORDS } },
  { path: ['apps', '*', 'default_tools_approval_mode'], type: { oneOf: TOOL_APPROVAL_WORDS }, reportAt: ['apps'], notNamed: '_default' },
  { path: ['apps', '*', 'tools', '*', 'approval_mode'], type: { oneOf: TOOL_APPROVAL_WORDS }, reportAt: ['apps'], notNamed: '_default' },
  { path: ['apps', '*', 'approvals_reviewer'], type: { oneOf: REVIEWER_WORDS }, reportAt: ['apps'], notNamed: '_default' },
  ...['enabled', 'default_tools_enabled', 'destructive_enabled', 'open_world_enabled'].map((k): TypedKey => ({
    path: ['apps', '*', k],
    type: 'boolean',
    reportAt: ['apps'],
    notNamed: '_default',
  })),
  { path: ['apps', '*', 'tools', '*', 'enabled'], type: 'boolean', reportAt: ['apps'], notNamed: '_default' },
  // The defaults for every app are a plain struct: named at the value.
  ...['enabled', 'destructive_enabled', 'open_world_enabled'].map((k): TypedKey => ({ path: ['apps', '_default', k], type: 'boolean' })),
  {
    path: ['plugins', '*', 'mcp_servers', '*', 'default_tools_approval_mode'],
    type: { oneOf: TOOL_APPROVAL_WORDS },
    reportAt: ['plugins'],
  },
  {
    path: ['plugins', '*', 'mcp_servers', '*', 'tools', '*', 'approval_mode'],
    type: { oneOf: TOOL_APPROVAL_WORDS },
    reportAt: ['plugins'],
  },
  { path: ['windows', 'sandbox'], type: { oneOf: ['elevated', 'unelevated', 'mxc'] } },
  { path: ['realtime', 'transport'], type: { oneOf: ['webrtc', 'websocket'] } },
  { path: ['realtime', 'type'], type: { oneOf: ['conversational', 'transcription'] } },
  { path: ['realtime', 'version'], type: { oneOf: ['v1', 'v2', 'v3'] } },
  {
    path: ['realtime', 'voice'],
    type: {
      oneOf: [
        'alloy',
        'arbor',
        'ash',
        'aube',
        'ballad',
        'breeze',
        'bubbie',
        'cedar',
        'coral',
        'cove',
        'echo',
        'ember',
        'haetsal',
        'hanul',
        'himari',
        'juniper',
        'leher',
        'maple',
        'marin',
        'miko',
        'neer',
        'porto',
        'rindo',
        'rio',
        'rivage',
        'sage',
        'selva',
        'shimmer',
        'sol',
        'sonna',
        'spruce',
        'tinta',
        'vale',
        'verse',
        'viola',
      ],
    },
  },
  { path: ['marketplaces', '*', 'source_type'], type: { oneOf: ['git', 'local'] } },
  { path: ['experimental_thread_store', 'type'], type: { oneOf: ['local', 'in_memory'] } },
  // Ranges: a value past the integer type is refused where it is written, except inside this map,
  // which Codex names at its table.
  { path: ['tui', 'model_availability_nux', '*'], type: 'u32', reportAt: ['tui', 'model_availability_nux'] },
  { path: ['agents', 'max_depth'], type: 'i32' },
  { path: ['model_providers', '*', 'auth', 'timeout_ms'], type: 'nonzero-uint' },
];

/**
 * Limits Codex checks after the file has been read (measured: fatal with the message below and no
 * line; a type error anywhere in the file is named first). `min`/`max` are inclusive.
 */
export interface CheckedRange {
  readonly path: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly message: string;
  /** Checked before the model provider is looked up (the others after it; measured). */
  readonly beforeProvider?: boolean;
}

export const CHECKED_RANGES: readonly CheckedRange[] = [
  {
    path: ['model_post_turn_compact_threshold_percent'],
    max: 100,
    message: 'model_post_turn_compact_threshold_percent must be between 0 and 100',
    beforeProvider: true,
  },
  // Codex names the field by its internal name.
  { path: ['agents', 'max_threads'], min: 1, message: 'agents.max_concurrent_threads_per_session must be at least 1' },
  {
    path: ['features', 'multi_agent_v2', 'max_concurrent_threads_per_session'],
    min: 1,
    message: 'features.multi_agent_v2.max_concurrent_threads_per_session must be at least 1',
  },
  ...['default_wait_timeout_ms', 'min_wait_timeout_ms', 'max_wait_timeout_ms'].flatMap((k) => [
    { path: ['features', 'multi_agent_v2', k], min: 0, message: `features.multi_agent_v2.${k} must be at least 0` },
    { path: ['features', 'multi_agent_v2', k], max: 3_600_000, message: `features.multi_agent_v2.${k} must be at most 3600000` },
  ]),
];

/**
 * Feature flags that also take a table of settings (`[features.network_proxy]`): all other
 * features refuse a table ("invalid type: map, expected a boolean"), and these refuse anything but
 * a boolean or their table. The fields and their value types were each measured against the
 * binary (scripts/genFeatureTables.ts); a table marked incomplete is judged only on the fields
 * it knows.
 */
export const TABLE_FEATURES: Readonly<Record<string, FeatureTable>> = FEATURE_TABLES;

/** Built-in model providers `model_provider` may name without a `[model_providers.<id>]` table (measured). */
export const BUILTIN_PROVIDER_IDS = ['openai', 'ollama', 'lmstudio', 'amazon-bedrock'] as const;

/**
 * Files Codex reads while it loads the config; a relative path is taken from the folder of the
 * file that sets it (measured in the user, profile and project files). A missing one is fatal with
 * no line, in this order (the first missing one is named).
 */
export const FILES_READ_AT_LOAD: readonly { readonly key: string; readonly what: string }[] = [
  { key: 'model_instructions_file', what: 'model instructions file' },
  { key: 'experimental_compact_prompt_file', what: 'experimental compact prompt file' },
  { key: 'model_catalog_json', what: 'model catalog' },
];

/** Keys given as dotted paths, all of one type (the measured lists above are long). */
function keys(type: KeyType, ...paths: string[]): TypedKey[] {
  return paths.map((p) => ({ path: p.split('.'), type }));
}

/** Typed fields of each `[model_providers.<id>]` and `[mcp_servers.<name>]` entry. */
export const ENTRY_TYPES: Readonly<Record<'model_providers' | 'mcp_servers', Readonly<Record<string, KeyType>>>> = {
  model_providers: {
    name: 'string',
    base_url: 'string',
    env_key: 'string',
    env_key_instructions: 'string',
    experimental_bearer_token: 'string',
    query_params: 'string-map',
    http_headers: 'string-map',
    env_http_headers: 'string-map',
    request_max_retries: 'uint',
    stream_max_retries: 'uint',
    stream_idle_timeout_ms: 'uint',
    requires_openai_auth: 'boolean',
  },
  mcp_servers: {
    command: 'string',
    url: 'string',
    args: 'string[]',
    env: 'string-map',
    env_vars: 'string[]',
    cwd: 'string',
    bearer_token_env_var: 'string',
    http_headers: 'string-map',
    env_http_headers: 'string-map',
    enabled: 'boolean',
    required: 'boolean',
    startup_timeout_sec: 'number',
    tool_timeout_sec: 'number',
    startup_timeout_ms: 'uint',
    enabled_tools: 'string[]',
    disabled_tools: 'string[]',
  },
};

/**
 * The typed keys of a legacy `[profiles.x]` table besides the posture keys: the top-level key types
 * of the fields Codex's profile has (measured: a bad value of these is fatal there; every other key
 * in a profile is an ignored unknown key).
 */
export const PROFILE_TYPED_KEYS = KEY_TYPES.filter((k) => k.path.length === 1 && PROFILE_KEYS.includes(k.path[0]));

/** MCP fields that belong to one transport; Codex names the server's table when the other one has them. */
export const STDIO_ONLY = ['args', 'env', 'env_vars', 'cwd'] as const;
export const HTTP_ONLY = ['bearer_token_env_var', 'http_headers', 'env_http_headers'] as const;

/** Whether `v` has the type `type` (words, ranges and all). */
export function typeOk(v: TomlValue, type: KeyType): boolean {
  if (typeof type === 'object') return typeof v === 'string' && type.oneOf.includes(v);
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'uint':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0;
    case 'u8':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xff;
    case 'u16':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff;
    case 'u32':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
    case 'i32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;
    case 'nonzero-uint':
      return typeof v === 'number' && Number.isInteger(v) && v > 0;
    case 'table':
      return isTable(v);
    case 'string-or-strings':
      return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    case 'number':
      return typeof v === 'number';
    case 'nonempty-string':
      return typeof v === 'string' && v !== '';
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'string-map':
      return isTable(v) && Object.values(v).every((x) => typeof x === 'string');
    default:
      return typeof v === type;
  }
}

/** Types that are integers: a whole-number float is refused for them (`1e5`, `2.0`). */
export const INTEGER_TYPES: readonly KeyType[] = ['integer', 'uint', 'u8', 'u16', 'u32', 'i32', 'nonzero-uint'];

/** The three otel exporter keys, each `none`, `statsig` or one otlp table. */
export const OTEL_EXPORTERS = ['exporter', 'trace_exporter', 'metrics_exporter'] as const;

/** The type of the key at `path`, as checkLayer reads it (undefined: not typed). */
export function typeOfKey(path: readonly string[]): KeyType | undefined {
  const [first, , third] = path;
  if (path.length === 3 && (first === 'model_providers' || first === 'mcp_servers')) return ENTRY_TYPES[first][third];
  if (path.length === 3 && first === 'profiles') return PROFILE_TYPED_KEYS.find((k) => k.path[0] === third)?.type;
  return KEY_TYPES.find((k) => k.path.length === path.length && k.path.every((seg, i) => seg === path[i]))?.type;
}

/** What each list of a `requirements.toml` may hold. */
export const REQUIREMENT_LISTS: Readonly<Record<string, readonly string[]>> = {
  allowed_approval_policies: ['on-request', 'never', 'untrusted', 'on-failure'],
  allowed_sandbox_modes: ['read-only', 'workspace-write', 'danger-full-access'],
  allowed_web_search_modes: ['disabled', 'cached', 'indexed', 'live'],
};
