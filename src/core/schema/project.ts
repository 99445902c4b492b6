// What Codex does to a project's `.codex/config.toml` beyond the rules of any config file.

/** Keys Codex strips from project `.codex/config.toml` files (with a warning) even when trusted. */
export const PROJECT_DENYLIST: readonly (readonly string[])[] = [
  ['model_provider'],
  ['model_providers'],
  ['openai_base_url'],
  ['chatgpt_base_url'],
  ['notify'],
  ['otel'],
  ['profile'],
  ['profiles'],
  ['apps_mcp_product_sku'],
  ['experimental_realtime_ws_base_url'],
  ['experimental_realtime_webrtc_base_url'],
  ['experimental_realtime_base_url'],
  ['features', 'respect_system_proxy'],
];
