import { getPath, isTable } from '../../config/toml';
import { defineRule } from '../rule';
import { HOOK_EVENTS, validHookMatcher } from '../../outside/model';

/** CP413: a hook Codex 0.171 skips (measured: unsupported handler types, bad matchers, empty commands, unknown events). */
export default defineRule('CP413', (ctx) => {
  const hooks = getPath(ctx.effective, ['hooks']);
  if (!isTable(hooks)) return;
  for (const [event, groups] of Object.entries(hooks)) {
    if (event === 'state' || !Array.isArray(groups)) continue;
    const el = ctx.loc(['hooks', event]);
    if (!(event in HOOK_EVENTS)) {
      if (el) ctx.report(`Codex has no hook event ${event}; these hooks never run.`, ctx.keySpan(el));
      continue;
    }
    groups.forEach((g, gi) => {
      if (!isTable(g)) return;
      const gl = ctx.loc(['hooks', event, gi]);
      if (typeof g.matcher === 'string' && !validHookMatcher(g.matcher)) {
        const ml = ctx.loc(['hooks', event, gi, 'matcher']);
        if (ml)
          ctx.report(
            `Codex skips this group: the matcher ${JSON.stringify(g.matcher)} is not a valid regular expression.`,
            ctx.valueSpan(ml),
          );
        return;
      }
      if (!Array.isArray(g.hooks)) return;
      g.hooks.forEach((h, hi) => {
        if (!isTable(h)) return;
        const tl = ctx.loc(['hooks', event, gi, 'hooks', hi, 'type']) ?? gl;
        if ((h.type === 'prompt' || h.type === 'agent') && tl)
          ctx.report(`Codex 0.171 skips ${h.type} hooks ("not supported yet").`, ctx.valueSpan(tl));
        else if (h.type === 'command' && (typeof h.command !== 'string' || h.command.trim() === '') && tl)
          ctx.report('Codex skips a command hook with an empty command.', ctx.valueSpan(tl));
      });
    });
  }
});
