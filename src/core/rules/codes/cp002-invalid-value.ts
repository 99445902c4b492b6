import { getPath, isTable, type TomlTable } from '../../config/toml';
import { KNOWN_TOP_LEVEL, REQUIREMENT_LISTS } from '../../schema';
import type { LintContext } from '../context';
import { replaceValue } from '../edits';
import { defineRule } from '../rule';
import type { Fix, Related } from '../types';
import { reportProblems } from './loadErrors';

/** CP002: a value of the wrong type or outside its words; in requirements.toml, a bad list. */
export default defineRule(
  'CP002',
  (ctx) => {
    if (ctx.kind === 'requirements') {
      requirements(ctx, ctx.table);
      return;
    }
    const { table } = ctx;
    reportProblems(ctx, 'CP002', (p, l) => {
      const last = p.path[p.path.length - 1];
      if (p.path.length === 1 && last === 'web_search' && typeof getPath(table, ['web_search']) === 'boolean') {
        const b = getPath(table, ['web_search']) as boolean;
        return {
          fixes: [
            {
              title: `Use web_search = "${b ? 'live' : 'disabled'}"`,
              preferred: true,
              edits: [replaceValue(l, b ? '"live"' : '"disabled"')],
            },
          ],
        };
      }
      // A table below [features] is a feature's settings (or a feature that takes none), not a
      // captured top-level key.
      const captured = !isTable(getPath(table, p.path.map(String)));
      if (
        captured &&
        p.path[0] === 'features' &&
        p.path.length === 2 &&
        typeof last === 'string' &&
        KNOWN_TOP_LEVEL.includes(last) &&
        l.header
      ) {
        const related: Related[] = [{ message: 'the [features] header that captured this key', span: l.header.span }];
        // Moving it up next to an existing top-level key would define that key twice.
        const fix: Fix =
          getPath(table, [last]) === undefined
            ? ctx.moveToTop(l, last, true)
            : { title: `Remove features.${last} (top-level ${last} is already set)`, preferred: true, edits: [ctx.removeEdit(l)] };
        return {
          message: `${p.message}. \`${last}\` is a top-level key written below [features], so it belongs to that table`,
          related,
          fixes: [fix],
        };
      }
      return undefined;
    });
  },
  ['requirements', 'config'],
);

function requirements(ctx: LintContext, t: TomlTable): void {
  for (const [key, words] of Object.entries(REQUIREMENT_LISTS)) {
    const v = t[key];
    const l = ctx.loc([key]);
    if (v === undefined || !l) continue;
    if (!Array.isArray(v)) {
      ctx.report(`${key} must be a list of ${words.map((w) => `"${w}"`).join(', ')}.`, l.value ?? l.key);
      continue;
    }
    v.forEach((w, i) => {
      const el = ctx.loc([key, i]);
      if (typeof w !== 'string' || !words.includes(w))
        ctx.report(
          `${key}: unknown value ${JSON.stringify(w)}; expected one of ${words.map((x) => `"${x}"`).join(', ')}.`,
          el?.value ?? l.value ?? l.key,
        );
    });
  }
}
