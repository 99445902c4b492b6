import { getPath, isTable } from '../../config/toml';
import { DEPRECATED_FEATURES, DEPRECATED_FEATURE_ADVICE, FEATURE_LEGACY_ALIASES, FEATURE_STAGES } from '../../schema';
import { defineRule } from '../rule';

/**
 * CP303: a `[features]` flag at the `deprecated` stage of `codex features list` (or an older name
 * Codex reads as one). Codex still honours it; it names the replacement for some (`multi_agent`).
 * The web-search flags have their own rule (CP302), which knows what they mean.
 */
export default defineRule('CP303', (ctx) => {
  const features = getPath(ctx.table, ['features']);
  if (!isTable(features)) return;
  for (const name of Object.keys(features)) {
    const target = FEATURE_LEGACY_ALIASES[name] ?? name;
    if (FEATURE_STAGES[target] !== 'deprecated' || DEPRECATED_FEATURES.includes(target)) continue;
    const l = ctx.loc(['features', name]);
    if (!l) continue;
    const read = target === name ? '' : ` (Codex reads it as features.${target})`;
    const advice = DEPRECATED_FEATURE_ADVICE[target];
    ctx.report(
      `features.${name}${read} is deprecated; Codex still reads it${advice ? `. ${advice}` : ', and names no replacement'}.`,
      ctx.keySpan(l),
      {
        fixes: [{ title: `Remove features.${name}`, preferred: false, edits: [ctx.removeEdit(l)] }],
      },
    );
  }
});
