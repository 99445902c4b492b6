import { dotted } from '../context';
import { defineRule } from '../rule';
import { unknownKeys } from './unknownKeys';

/** CP103: a top-level key written below a `[table]` header, which TOML puts in that table. */
export default defineRule('CP103', (ctx) => {
  for (const { kp, k, l, span, header, code } of unknownKeys(ctx)) {
    if (code !== 'CP103' || !l.header) continue;
    ctx.report(`\`${k}\` is written below [${dotted(l.header.path)}], so TOML puts it in that table as \`${dotted(kp)}\`, which Codex ignores. Move it above the first [table] header.`, span, {
      related: header ? [header] : [],
      fixes: [ctx.moveToTop(l, k, true)],
    });
  }
});
