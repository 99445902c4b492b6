// The feature names Codex 0.171 knows, from the generated featureStages.ts (`codex features list`
// read by scripts/genFeatures.ts). For `--enable F` / `--disable F` an unknown name stops Codex
// before it reads any config ("Unknown feature flag: F", exit 1), while an unknown key in a
// `[features]` table or in `-c features.F=...` is accepted with a warning (measured). Names are
// case-sensitive.
import { FEATURE_LEGACY_ALIASES, FEATURE_STAGES } from './featureStages';

export const FEATURES: readonly string[] = Object.keys(FEATURE_STAGES);

/**
 * Older names Codex still reads as another feature, in `[features]` and by --enable/--disable
 * (`codex_hooks` is `hooks`, `web_search` is `web_search_request`, ...): known keys, not unknown ones
 * (measured: `--strict-config` accepts them and `features list` shows the target follow them).
 */
export const FEATURE_ALIASES: readonly string[] = Object.keys(FEATURE_LEGACY_ALIASES);

/** What `--enable` / `--disable` accept. */
export const FEATURE_FLAGS: ReadonlySet<string> = new Set([...FEATURES, ...FEATURE_ALIASES]);
