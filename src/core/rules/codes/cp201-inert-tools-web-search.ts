import { getPath } from '../../config/toml';
import { defineRule } from '../rule';
import type { Fix } from '../types';

/** CP201: `[tools] web_search = true/false`, accepted and read by nothing. */
export default defineRule('CP201', (ctx) => {
  const toolsWs = getPath(ctx.table, ['tools', 'web_search']);
  const l = ctx.loc(['tools', 'web_search']);
  if (typeof toolsWs !== 'boolean' || !l) return;
  const mode = toolsWs ? 'live' : 'disabled';
  const fixes: Fix[] = [];
  if (getPath(ctx.table, ['web_search']) === undefined) {
    fixes.push({
      title: `Replace with top-level web_search = "${mode}"`,
      preferred: true,
      edits: [ctx.removeEdit(l), ctx.topInsert(`web_search = "${mode}"`)],
    });
  }
  fixes.push({ title: 'Remove [tools] web_search', preferred: fixes.length === 0, edits: [ctx.removeEdit(l)] });
  ctx.report(
    `[tools] web_search = ${toolsWs} is accepted and does nothing. Web search is the top-level web_search = "live" | "cached" | "indexed" | "disabled" (default "cached").`,
    ctx.keySpan(l),
    { fixes },
  );
});
