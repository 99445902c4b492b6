import { childKey, isTable, ROOT_KEY, type TomlValue } from '../../config/toml';
import { dotted, type LintContext } from '../context';
import { defineRule } from '../rule';
import type { Fix } from '../types';

/** CP408: a Windows path in a basic string, where `\t`, `\n` ... are escapes. */
export default defineRule('CP408', (ctx) => {
  // Every Windows-path pattern needs a backslash somewhere in the file.
  if (ctx.text.includes('\\')) walk(ctx, ctx.table, [], ROOT_KEY);
});

function walk(ctx: LintContext, t: TomlValue, p: (string | number)[], key: string): void {
  // `p` is one array pushed and popped along the walk; `key` is pathKey(p), built incrementally.
  if (isTable(t)) {
    for (const k of Object.keys(t)) {
      p.push(k);
      walk(ctx, t[k], p, childKey(key, k));
      p.pop();
    }
  } else if (Array.isArray(t)) {
    for (let i = 0; i < t.length; i++) {
      p.push(i);
      walk(ctx, t[i], p, childKey(key, i));
      p.pop();
    }
  } else if (typeof t === 'string') {
    const l = ctx.locs.get(key);
    if (!l?.value) return;
    const raw = ctx.text.slice(l.value.start, l.value.end);
    // Every pattern below needs a backslash in the written value; most strings have none.
    if (!raw.includes('\\')) return;
    if (!raw.startsWith('"') || raw.startsWith('"""')) return;
    // A single backslash before a letter, in something that looks like a Windows path.
    if (/^"([A-Za-z]:)?\\(?!\\)|^"[A-Za-z]:\\|\\[A-Za-z]/.test(raw) && /^"([A-Za-z]:|\\\\)/.test(raw) && /\\(?![\\"])/.test(raw)) {
      const inner = raw.slice(1, -1);
      const fixes: Fix[] = inner.includes("'")
        ? []
        : [
            {
              title: "Use a literal string ('...') so backslashes stay backslashes",
              preferred: true,
              edits: [{ start: l.value.start, end: l.value.end, newText: `'${inner}'` }],
            },
          ];
      ctx.report(
        `${dotted(p)} is a Windows path in a basic string: \\t, \\n, \\b ... are escapes there, so the path Codex sees is not the one written. Use a literal string or double the backslashes.`,
        l.value,
        { fixes },
      );
    }
  }
}
