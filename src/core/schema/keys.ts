// Which keys Codex 0.171 recognises, table by table. Read from the binary itself, not from Codex's
// own (stale) config documentation: the top-level and nested key names are what `codex app-server`
// config/read serialises, and the MCP server keys were probed one by one (a known key with a wrong
// type is fatal, an unknown one gives "Codex is ignoring N unrecognized configuration settings").
// A table missing from KNOWN_TABLES is not checked for unknown keys (no guessing: a false "unknown
// key" would teach people to ignore the warning).
import { FEATURE_ALIASES, FEATURES } from './features';

export const KNOWN_TOP_LEVEL: readonly string[] = [
  'agents',
  'allow_login_shell',
  'allow_symlinked_codex_home',
  'analytics',
  'approval_policy',
  'approvals_reviewer',
  'apps',
  'apps_mcp_product_sku',
  'audio',
  'auto_review',
  'background_terminal_max_timeout',
  'browser_use',
  'chatgpt_base_url',
  'check_for_update_on_startup',
  'cli_auth_credentials_store',
  'cloud',
  'code_mode',
  'compact_prompt',
  'computer_use',
  'daybreak',
  'default_permissions',
  'desktop',
  'developer_instructions',
  'disable_paste_burst',
  'experimental_compact_prompt_file',
  'experimental_realtime_start_instructions',
  'experimental_realtime_webrtc_call_base_url',
  'experimental_realtime_ws_backend_prompt',
  'experimental_realtime_ws_base_url',
  'experimental_realtime_ws_model',
  'experimental_realtime_ws_startup_context',
  'experimental_thread_store',
  'experimental_thread_store_endpoint',
  'experimental_use_unified_exec_tool',
  'features',
  'feedback',
  'file_opener',
  'forced_chatgpt_workspace_id',
  'forced_login_method',
  'ghost_snapshot',
  'goals',
  'hide_agent_reasoning',
  'history',
  'hooks',
  'include_apps_instructions',
  'include_collaboration_mode_instructions',
  'include_environment_context',
  'include_environment_context_time',
  'include_permissions_instructions',
  'instructions',
  'js_repl_node_module_dirs',
  'js_repl_node_path',
  'log_dir',
  'marketplaces',
  'mcp_enterprise_managed_auth',
  'mcp_oauth_callback_port',
  'mcp_oauth_callback_url',
  'mcp_oauth_credentials_store',
  'mcp_optional_startup_grace_ms',
  'mcp_servers',
  'memories',
  'model',
  'model_auto_compact_token_limit',
  'model_auto_compact_token_limit_scope',
  'model_catalog_json',
  'model_context_window',
  'model_instructions_file',
  'model_post_turn_compact_threshold_percent',
  'model_provider',
  'model_providers',
  'model_reasoning_effort',
  'model_reasoning_summary',
  'model_verbosity',
  'notice',
  'notify',
  'openai_base_url',
  'orchestrator',
  'oss_provider',
  'otel',
  'permissions',
  'personality',
  'plan_mode_reasoning_effort',
  'plugins',
  'profile',
  'profiles',
  'project_doc_fallback_filenames',
  'project_doc_max_bytes',
  'project_root_markers',
  'projects',
  'realtime',
  'responses',
  'responses_api_metadata',
  'review_model',
  'rollout_trace',
  'sandbox_mode',
  'sandbox_workspace_write',
  'service_tier',
  'shell_environment_policy',
  'show_raw_agent_reasoning',
  'skills',
  'sqlite_home',
  'suppress_unstable_features_warning',
  'thread_unload_delay_secs',
  'tool_output_token_limit',
  'tool_suggest',
  'tools',
  'tui',
  'web_search',
  'windows',
];

/** The `tls` settings of an otel `otlp-http` / `otlp-grpc` exporter (paths). */
export const OTEL_TLS_FIELDS: readonly string[] = ['ca-certificate', 'client-certificate', 'client-private-key'];

/** The settings of an otel exporter table: the same for `otlp-http` and `otlp-grpc` (measured). */
const OTLP_FIELDS = ['endpoint', 'headers', 'protocol', 'tls'];
const OTLP_TABLES = Object.fromEntries(
  ['exporter', 'trace_exporter', 'metrics_exporter'].flatMap((e) =>
    ['otlp-http', 'otlp-grpc'].flatMap((v) => [
      [`otel.${e}.${v}`, OTLP_FIELDS],
      [`otel.${e}.${v}.tls`, OTEL_TLS_FIELDS],
    ]),
  ),
) as Record<string, readonly string[]>;

/**
 * Keys per table; `*` stands for any name (a provider id, a server name, a project path). A key
 * with more than two segments is an exact table path (`otel.exporter.otlp-http`).
 */
/**
 * The fields of a permission profile `[permissions.<name>]` and of its `network` table in 0.171
 * (measured: a value of the wrong type is fatal for each of these). Any other key passes without a
 * word, even with `--strict-config`; `filesystem`, `network.domains` and `network.unix_sockets`
 * are maps of paths and hosts, not checked here.
 */
export const PERMISSION_PROFILE_KEYS: readonly string[] = ['extends', 'description', 'filesystem', 'network', 'workspace_roots'];
export const PERMISSION_NETWORK_KEYS: readonly string[] = [
  'enabled',
  'mode',
  'domains',
  'unix_sockets',
  'allow_local_binding',
  'dangerously_allow_all_unix_sockets',
  'proxy_url',
  'socks_url',
  'enable_socks5',
  'enable_socks5_udp',
  'allow_upstream_proxy',
  'dangerously_allow_non_loopback_proxy',
  'mitm',
];

export const KNOWN_TABLES: Readonly<Record<string, readonly string[]>> = {
  'permissions.*': PERMISSION_PROFILE_KEYS,
  'permissions.*.network': PERMISSION_NETWORK_KEYS,
  sandbox_workspace_write: ['writable_roots', 'network_access', 'exclude_tmpdir_env_var', 'exclude_slash_tmp'],
  tools: ['web_search', 'client_search_provider'],
  features: [...FEATURES, ...FEATURE_ALIASES],
  history: ['persistence', 'max_bytes'],
  analytics: ['enabled'],
  'projects.*': ['trust_level'],
  'model_providers.*': [
    'name',
    'base_url',
    'model_catalog_url',
    'env_key',
    'env_key_instructions',
    'experimental_bearer_token',
    'auth',
    'gateway_oauth',
    'aws',
    'project_id',
    'location',
    'credential_file',
    'wire_api',
    'capabilities',
    'query_params',
    'http_headers',
    'env_http_headers',
    'request_max_retries',
    'stream_max_retries',
    'stream_idle_timeout_ms',
    'websocket_connect_timeout_ms',
    'requires_openai_auth',
    'supports_websockets',
    'supports_standalone_web_search',
  ],
  'mcp_servers.*': [
    'args',
    'bearer_token',
    'bearer_token_env_var',
    'command',
    'cwd',
    'default_tools_approval_mode',
    'disabled_tools',
    'enabled',
    'enabled_tools',
    'env',
    'env_http_headers',
    'env_vars',
    'environment_id',
    'http_headers',
    'name',
    'oauth',
    'oauth_resource',
    'required',
    'scopes',
    'startup_timeout_ms',
    'startup_timeout_sec',
    'supports_parallel_tool_calls',
    'tool_timeout_sec',
    'tools',
    'url',
  ],
  tui: [
    'agents_overview_grouping',
    'alternate_screen',
    'animations',
    'auto_recap',
    'collapse_turn_details',
    'copy_on_select',
    'copy_on_select_clear_selection',
    'default_hosts',
    'disable_paste_burst',
    'effects',
    'fullscreen_transcript',
    'keymap',
    'model_availability_nux',
    'mouse_scroll_speed',
    'notification_condition',
    'notification_method',
    'notifications',
    'pet',
    'pet_anchor',
    'presets',
    'question_esc_back',
    'raw_output_mode',
    'rendering',
    'resume_cwd',
    'right_click_paste',
    'screen_reader_detection_done',
    'session_picker_view',
    'show_server_version_notice',
    'show_tooltips',
    'sidebar_width_percent',
    'status_line',
    'status_line_provider',
    'status_line_use_colors',
    'terminal_resize_reflow_max_rows',
    'terminal_title',
    'theme',
    'vim_mode_default',
  ],
  otel: [
    'environment',
    'exporter',
    'headers_helper',
    'headers_helper_refresh_interval_ms',
    'log_agent_responses',
    'log_guardian_assessments',
    'log_sse_deltas',
    'log_user_prompt',
    'metrics_exporter',
    'span_attributes',
    'tool_result',
    'trace_exporter',
    'tracestate',
  ],
  shell_environment_policy: ['exclude', 'experimental_use_profile', 'filters', 'ignore_default_excludes', 'include_only', 'inherit', 'set'],
  ...OTLP_TABLES,
  // The struct's fields, plus two Codex reads under other names (found by probing: the quoted
  // `"hide_gpt-5.1-codex-max_migration_prompt"` key and the `model_migrations` map).
  notice: [
    'hide_full_access_warning',
    'hide_world_writable_warning',
    'fast_default_opt_out',
    'hide_rate_limit_model_nudge',
    'hide_gpt5_1_migration_prompt',
    'hide_gpt-5.1-codex-max_migration_prompt',
    'external_config_migration_prompts',
    'model_migrations',
  ],
};

/**
 * The fields of a legacy `[profiles.x]` table (Codex's profile struct), measured by writing every
 * top-level key below `[profiles.x]` and asking `--strict-config`: the rest of the top level is an
 * ignored unknown key there (`hide_agent_reasoning`, `sandbox_workspace_write`, `notify`, ...).
 */
export const PROFILE_KEYS: readonly string[] = [
  'analytics',
  'approval_policy',
  'approvals_reviewer',
  'chatgpt_base_url',
  'experimental_compact_prompt_file',
  'experimental_use_unified_exec_tool',
  'features',
  'include_apps_instructions',
  'include_collaboration_mode_instructions',
  'include_environment_context',
  'include_environment_context_time',
  'include_permissions_instructions',
  'js_repl_node_module_dirs',
  'js_repl_node_path',
  'model',
  'model_catalog_json',
  'model_instructions_file',
  'model_provider',
  'model_reasoning_effort',
  'model_reasoning_summary',
  'model_verbosity',
  'oss_provider',
  'personality',
  'plan_mode_reasoning_effort',
  'sandbox_mode',
  'service_tier',
  'tools',
  'tui',
  'web_search',
  'windows',
];

/** The known keys of the table at `tablePath`, or undefined when that table is not checked. */
export function knownKeysOf(tablePath: readonly string[]): readonly string[] | undefined {
  if (tablePath.length === 0) return KNOWN_TOP_LEVEL;
  if (tablePath.length === 1) return KNOWN_TABLES[tablePath[0]];
  if (tablePath.length === 2) return tablePath[0] === 'profiles' ? PROFILE_KEYS : KNOWN_TABLES[`${tablePath[0]}.*`];
  if (!DEEP_TABLES.has(tablePath[0])) return undefined;
  // Exact paths (`otel.exporter.otlp-http`), else a name in the second place (`permissions.<name>.network`).
  return KNOWN_TABLES[tablePath.join('.')] ?? KNOWN_TABLES[[tablePath[0], '*', ...tablePath.slice(2)].join('.')];
}

/** How deep the known tables go below each top-level table (the otel exporters go deepest). */
export const KNOWN_DEPTH: ReadonlyMap<string, number> = (() => {
  const depth = new Map<string, number>();
  for (const k of Object.keys(KNOWN_TABLES)) {
    const segs = k.split('.');
    depth.set(segs[0], Math.max(depth.get(segs[0]) ?? 0, segs.length));
  }
  return depth;
})();
/** Top-level tables with known tables more than two levels down (otel exporters). */
const DEEP_TABLES = new Set([...KNOWN_DEPTH].filter(([, d]) => d > 2).map(([k]) => k));
