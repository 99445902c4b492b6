import { parseTomlWithPositions, pathKey, type ParsedToml } from '../../config/toml';
import type { LintContext } from '../context';
import { defineRule } from '../rule';
import { secretFindings } from '../secrets';

/** How many broken lines one section may lose before the secret search gives up on it. */
const MAX_BLANKED_LINES = 50;
/** Sections parsed on their own, at most (the rest of a file with more is one last section). */
const MAX_SECTIONS = 200;

const blank = (t: string, start: number, end: number) => t.slice(0, start) + t.slice(start, end).replace(/[^\r\n]/g, ' ') + t.slice(end);

/** Parses `t`, blanking what the parser stops at until it parses: the rest of the line first, then the whole line. */
function parseBlanking(t: string): (ParsedToml & { ok: true }) | undefined {
  for (let i = 0; i < MAX_BLANKED_LINES; i++) {
    const p = parseTomlWithPositions(t);
    if (p.ok) return p;
    if (p.error.unsupported) return undefined;
    let lineStart = 0;
    for (let n = 1; n < p.error.line; n++) lineStart = t.indexOf('\n', lineStart) + 1;
    const nl = t.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? t.length : nl;
    const at = Math.min(lineStart + p.error.column - 1, lineEnd);
    // From the error on (a stray comma, garbage after `]`, a missing comma's next element) keeps
    // the line's brackets; when that does not move the error on, the whole line goes.
    const tail = blank(t, at, lineEnd);
    const next = parseTomlWithPositions(tail);
    const moved = next.ok || next.error.line > p.error.line || (next.error.line === p.error.line && next.error.column > p.error.column);
    let u = moved && tail !== t ? tail : blank(t, lineStart, lineEnd);
    // A lone CR ends no line for the blanking above: drop it too.
    if (u === t) u = t.slice(0, lineStart) + t.slice(lineStart, lineEnd).replace(/\r/g, ' ') + t.slice(lineEnd);
    if (u === t) return undefined;
    t = u;
  }
  return undefined;
}

/**
 * The parts of a file that does not parse that still do. Each `[table]` section is parsed on its
 * own (the others blanked: spaces, so every offset stays where it was), so that an array left open
 * in one section cannot swallow the next; inside a section the broken lines are blanked until it
 * parses. A secret written in a file with a typo is still a secret on disk, and whoever fixes the
 * typo should not have to fix it first to learn that.
 */
export function parseAround(text: string): (ParsedToml & { ok: true })[] {
  const starts = [0];
  for (const m of text.matchAll(/^[ \t]*\[/gm)) if (m.index > 0 && starts.length < MAX_SECTIONS) starts.push(m.index);
  const out: (ParsedToml & { ok: true })[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = starts[i + 1] ?? text.length;
    const alone = blank(blank(text, 0, starts[i]), end, text.length);
    const p = parseBlanking(alone);
    if (p) out.push(p);
  }
  return out;
}

function report(ctx: LintContext, doc: ParsedToml & { ok: true }): void {
  for (const s of secretFindings(doc.value, (p) => doc.locations.get(pathKey(p)), ctx.text))
    ctx.report(s.message, s.span, { fixes: s.fixes });
}

/**
 * CP407: a secret written as a literal value (the patterns are in rules/secrets.ts), in a file
 * that loads, that Codex refuses for a bad value, or that is not even valid TOML.
 */
export default defineRule(
  'CP407',
  (ctx) => {
    if (ctx.parsed.ok) {
      report(ctx, ctx.parsed);
      return;
    }
    for (const section of parseAround(ctx.text)) report(ctx, section);
  },
  ['config', 'syntax-error'],
);
