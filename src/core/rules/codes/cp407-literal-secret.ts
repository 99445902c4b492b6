import { parseTomlWithPositions, pathKey, type ParsedToml } from '../../config/toml';
import type { LintContext } from '../context';
import { defineRule } from '../rule';
import { secretFindings } from '../secrets';

/** How many broken lines a file may lose before the secret search gives up on it. */
const MAX_BLANKED_LINES = 50;

/**
 * The parts of a file that does not parse that still do: the line Codex's parser stops at is
 * blanked (spaces, so every offset stays where it was) and the text parsed again, until it parses.
 * A secret written in a file with a typo is still a secret on disk, and whoever fixes the typo
 * should not have to fix it first to learn that.
 */
export function parseAround(text: string): (ParsedToml & { ok: true }) | undefined {
  let t = text;
  for (let i = 0; i < MAX_BLANKED_LINES; i++) {
    const p = parseTomlWithPositions(t);
    if (p.ok) return p;
    if (p.error.unsupported) return undefined;
    let start = 0;
    for (let n = 1; n < p.error.line; n++) start = t.indexOf('\n', start) + 1;
    const nl = t.indexOf('\n', start);
    const end = nl === -1 ? t.length : nl;
    const blanked = t.slice(0, start) + t.slice(start, end).replace(/[^\r\n]/g, ' ') + t.slice(end);
    // A lone CR is a line break only to Codex's error message; drop it too so the next try moves on.
    const next = blanked === t ? t.slice(0, start) + t.slice(start, end).replace(/\r/g, ' ') + t.slice(end) : blanked;
    if (next === t) return undefined;
    t = next;
  }
  return undefined;
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
    const around = parseAround(ctx.text);
    if (around) report(ctx, around);
  },
  ['config', 'syntax-error'],
);
