// Forms Codex 0.171 no longer reads: refused outright (a load error), or still read under another
// meaning (a lint warning with the form that replaces it).

/**
 * Keys Codex no longer reads and refuses outright (with no line for a string value; a value of
 * another type is a type error at the value).
 */
export const RETIRED_KEYS: Readonly<Record<string, string>> = {
  experimental_thread_store_endpoint: '`experimental_thread_store_endpoint` is no longer supported; remove it from config.toml',
};

/** Approval words Codex still accepts and reads as another: `on-failure` is `on-request`. */
export const DEPRECATED_APPROVALS: Readonly<Record<string, string>> = { 'on-failure': 'on-request' };

/** `[features]` flags replaced by the top-level `web_search` key. */
export const DEPRECATED_FEATURES: readonly string[] = ['web_search_request', 'web_search_cached'];

/**
 * What Codex itself says to use instead of a deprecated feature, where it says anything (its
 * startup warning, measured with `codex doctor`): only `multi_agent` names one in 0.171.
 */
export const DEPRECATED_FEATURE_ADVICE: Readonly<Record<string, string>> = {
  multi_agent:
    'It only controls the V1 fallback now: use `[agents] enabled = false` to turn subagent tools off, or `features.multi_agent_v2`',
};
