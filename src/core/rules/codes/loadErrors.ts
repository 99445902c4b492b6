// What the load-error rules (CP002-CP009) share: the problems come from the engine's loader
// (ctx.loadProblems, computed once per file), and each rule reports those of its own code at the
// place Codex names, adding its own fixes.
import type { KeyLocation, Span } from '../../config/toml';
import { tableWithoutHeader, type ConfigProblem } from '../../config/validate';
import type { LintContext } from '../context';
import { spanOf } from '../edits';
import type { Fix, Related } from '../types';

export interface ProblemReport {
  readonly message?: string;
  readonly fixes?: Fix[];
  readonly related?: Related[];
}

/** The deepest written key of the problem's path, and the span Codex points at. */
function placeOf(ctx: LintContext, p: ConfigProblem): { l?: KeyLocation; span: Span } {
  let l: KeyLocation | undefined;
  let n = p.path.length;
  for (; n > 0 && !l; n--) l = ctx.loc(p.path.slice(0, n));
  if (!l) {
    const firstLine = ctx.text.indexOf('\n') === -1 ? ctx.text.length : ctx.text.indexOf('\n');
    return { span: spanOf(ctx.text, 0, Math.min(firstLine, ctx.text.length)) };
  }
  const tableLoc = p.atHeader && !l.header ? tableWithoutHeader(p, n + 1, ctx.locs) : undefined;
  return { l, span: p.atHeader && l.header ? l.header.span : tableLoc ? tableLoc.key : ctx.valueSpan(l) };
}

/** Reports the file's load problems of one code; `extra` adds fixes where the key is written. */
export function reportProblems(
  ctx: LintContext,
  code: string,
  extra?: (p: ConfigProblem, l: KeyLocation) => ProblemReport | undefined,
): void {
  for (const p of ctx.loadProblems) {
    if (p.code !== code) continue;
    const { l, span } = placeOf(ctx, p);
    const more = l && extra ? extra(p, l) : undefined;
    ctx.report(more?.message ?? p.message, span, { fixes: more?.fixes ?? [], related: more?.related ?? [] });
  }
}
