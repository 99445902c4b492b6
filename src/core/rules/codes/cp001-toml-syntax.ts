import { defineRule } from '../rule';
import { spanOf } from '../edits';

/** CP001: the file is not TOML Codex can read; reported where Codex's parser stops. */
export default defineRule(
  'CP001',
  (ctx) => {
    const parsed = ctx.parsed;
    if (parsed.ok) return;
    const { text } = ctx;
    const { line, column, message } = parsed.error;
    if (parsed.error.unsupported) {
      ctx.report(`Codex Posture cannot check this file: ${message}.`, spanOf(text, 0, Math.min(1, text.length)), { severity: 'warning' });
      return;
    }
    const lines = text.split('\n');
    let start = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const lineText = (lines[line - 1] ?? '').replace(/\r$/, '');
    const s = Math.min(start + column - 1, text.length);
    const e = Math.max(s, start + lineText.length);
    ctx.report(
      `TOML parse error: ${message}. Codex refuses to load this file.`,
      spanOf(text, s, e === s ? Math.min(s + 1, text.length) : e),
    );
  },
  ['syntax-error'],
);
