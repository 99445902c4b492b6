import { parseTomlWithPositions } from '../../config/toml';
import { checkLayer } from '../../config/validate';
import { dotted, type LintContext } from '../context';
import { applyEdits } from '../edits';
import { defineRule } from '../rule';
import type { Fix } from '../types';
import { unknownKeys } from './unknownKeys';

/** CP103: a top-level key written below a `[table]` header, which TOML puts in that table. */
export default defineRule('CP103', (ctx) => {
  for (const { kp, k, l, span, header, code } of unknownKeys(ctx)) {
    if (code !== 'CP103' || !l.header) continue;
    const move = ctx.moveToTop(l, k, true);
    const where = `\`${k}\` is written below [${dotted(l.header.path)}], so TOML puts it in that table as \`${dotted(kp)}\`, which Codex ignores.`;
    if (loadsAfter(ctx, move)) {
      ctx.report(`${where} Move it above the first [table] header.`, span, { related: header ? [header] : [], fixes: [move] });
      continue;
    }
    // Moved to the top level the value would be read as the top-level key and refused there (real
    // configs: `skills = true` below [features], where top-level `skills` is a table): no move.
    ctx.report(
      `${where} At the top level Codex would refuse this value for \`${k}\`, so it cannot simply move there; remove it or write it in the form Codex expects.`,
      span,
      {
        related: header ? [header] : [],
        fixes: [{ title: `Remove ${dotted(kp)}`, preferred: true, edits: [ctx.removeEdit(l)] }],
      },
    );
  }
});

/** Whether the file still loads (as far as the loader can tell) after the fix, when it did before. */
export function loadsAfter(ctx: LintContext, fix: Fix): boolean {
  const after = parseTomlWithPositions(applyEdits(ctx.text, fix.edits));
  if (!after.ok) return false;
  const opts = { isProject: ctx.isProject };
  return checkLayer(after.value, opts).length <= checkLayer(ctx.table, opts).length;
}
