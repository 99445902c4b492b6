import { getPath, isTable, type KeyLocation } from '../../config/toml';
import { loadsAfter } from './cp103-captured-key';
import { KNOWN_TOP_LEVEL } from '../../schema';
import { dotted } from '../context';
import { defineRule } from '../rule';
import type { Fix } from '../types';
import { unknownKeys } from './unknownKeys';

/**
 * The edit distance of a and b, or any number above `max` once it is sure to exceed it. One row
 * at a time, stopping when a whole row is over `max`: a file of typos asks this for every
 * candidate of every unknown key, and a single unknown key was a fifth of linting a small file.
 */
function levenshtein(a: string, b: string, max = Infinity): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    // Every way to the last cell crosses this row, and costs only grow along it.
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue;
    // Only a distance within the limit and better than the best so far can change the answer.
    const dist = levenshtein(word, c, Math.min(limit, bestD - 1));
    if (dist < bestD && dist <= limit) {
      bestD = dist;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** The last segment of a (possibly dotted, possibly quoted) key, for a rename that keeps the rest. */
function lastSegmentLength(text: string, l: KeyLocation): number {
  const raw = text.slice(l.key.start, l.key.end);
  const m = /(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)$/.exec(raw);
  return m ? m[0].length : raw.length;
}

/** CP101: a key Codex does not know and ignores, with a did-you-mean for typos. */
/** How many rename fixes one file gets checked (and offered), each check a full re-read. */
const RENAME_CHECKS = 50;
const renameChecks = new WeakMap<object, number>();

export default defineRule('CP101', (ctx) => {
  for (const { kp, k, l, known, span, header, code } of unknownKeys(ctx)) {
    if (code !== 'CP101') continue;
    const related = header ? [header] : [];
    // A legacy profile has fewer fields than the top level; the same key in `<name>.config.toml` works.
    if (kp[0] === 'profiles' && kp.length === 3 && KNOWN_TOP_LEVEL.includes(k)) {
      ctx.report(
        `Codex ignores \`${k}\` in [${dotted(kp.slice(0, -1))}]: it is a top-level setting, not one a legacy profile can hold (a profile file, ${kp[1]}.config.toml, can hold it).`,
        span,
        { related },
      );
      continue;
    }
    const where = kp.length > 1 ? ` in [${dotted(kp.slice(0, -1))}]` : '';
    const guess = didYouMean(k, known);
    const parent = kp.length > 1 ? getPath(ctx.table, kp.slice(0, -1)) : ctx.table;
    const taken = guess !== undefined && isTable(parent) && parent[guess] !== undefined;
    const rename: Fix | undefined =
      guess && !taken && !l.isHeader
        ? {
            title: `Rename to ${guess}`,
            preferred: true,
            edits: [{ start: l.key.end - lastSegmentLength(ctx.text, l), end: l.key.end, newText: guess }],
          }
        : undefined;
    // No rename that Codex would then refuse (a string under a key typed as a number, ...): the
    // lint differential applies every fix and asks the real codex to load the result.
    // Each check re-reads the whole file, so a file of thousands of typos would cost quadratic
    // time: past RENAME_CHECKS per file, no rename is offered rather than one left unchecked.
    const checked = renameChecks.get(ctx) ?? 0;
    if (rename) renameChecks.set(ctx, checked + 1);
    const fixes: Fix[] = rename && checked < RENAME_CHECKS && loadsAfter(ctx, rename) ? [rename] : [];
    // Codex names other unknown keys in a startup warning; these it drops without a word (measured).
    const silent = kp[0] === 'permissions' ? ' Codex says nothing about it, not even with --strict-config.' : '';
    ctx.report(`Codex ignores the unknown key \`${dotted(kp)}\`${where}${guess ? `; did you mean \`${guess}\`?` : '.'}${silent}`, span, {
      fixes,
      related,
    });
  }
});
