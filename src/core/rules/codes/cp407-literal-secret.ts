import { defineRule } from '../rule';
import { secretFindings } from '../secrets';

/** CP407: a secret written as a literal value (the patterns are in rules/secrets.ts). */
export default defineRule('CP407', (ctx) => {
  for (const s of secretFindings(ctx.table, (p) => ctx.loc(p), ctx.text)) ctx.report(s.message, s.span, { fixes: s.fixes });
});
