import { getPath } from '../../config/toml';
import { DEPRECATED_FEATURES } from '../../schema';
import { defineRule } from '../rule';
import type { Fix } from '../types';

/** CP302: `[features] web_search_request` / `web_search_cached`, replaced by the top-level `web_search`. */
export default defineRule('CP302', (ctx) => {
  for (const feat of DEPRECATED_FEATURES) {
    const v = getPath(ctx.table, ['features', feat]);
    const l = ctx.loc(['features', feat]);
    if (typeof v !== 'boolean' || !l) continue;
    const ws = getPath(ctx.table, ['web_search']);
    const mode = feat === 'web_search_request' && v ? 'live' : 'cached';
    const fixes: Fix[] =
      ws === undefined
        ? [
            {
              title: `Replace with top-level web_search = "${mode}"`,
              preferred: true,
              edits: [ctx.removeEdit(l), ctx.topInsert(`web_search = "${mode}"`)],
            },
          ]
        : [{ title: `Remove features.${feat} (web_search is set)`, preferred: true, edits: [ctx.removeEdit(l)] }];
    ctx.report(
      `features.${feat} is deprecated${ws !== undefined ? ' and ignored because web_search is set' : `; here it means web_search = "${mode}"`}. Use the top-level web_search key.`,
      ctx.keySpan(l),
      { fixes },
    );
  }
});
