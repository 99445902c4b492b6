import { getPath, isTable } from '../../config/toml';
import { FEATURE_LEGACY_ALIASES, FEATURE_STAGES } from '../../schema';
import { defineRule } from '../rule';

/**
 * CP208: a `[features]` flag at the `removed` stage of `codex features list`. Codex accepts the key
 * without a word and `features list` shows the value unchanged whatever it is set to (measured with
 * `js_repl = true`): the line has no effect.
 */
export default defineRule('CP208', (ctx) => {
  const features = getPath(ctx.table, ['features']);
  if (!isTable(features)) return;
  for (const name of Object.keys(features)) {
    const target = FEATURE_LEGACY_ALIASES[name] ?? name;
    if (FEATURE_STAGES[target] !== 'removed') continue;
    const l = ctx.loc(['features', name]);
    if (!l) continue;
    ctx.report(`features.${name} was removed from Codex; this line has no effect.`, ctx.keySpan(l), {
      fixes: [{ title: `Remove features.${name}`, preferred: true, edits: [ctx.removeEdit(l)] }],
    });
  }
});
