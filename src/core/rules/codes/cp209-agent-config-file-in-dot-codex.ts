import * as path from 'node:path';
import { getPath, isTable } from '../../config/toml';
import { replaceValue } from '../edits';
import { defineRule } from '../rule';

/**
 * CP209: `[agents.<role>] config_file = ".codex/..."` in a file that itself lives in `.codex/`.
 * Codex resolves a relative `config_file` against the declaring file's folder, so it looks for
 * `.codex/.codex/...`, finds nothing and drops the role without a word (measured: the role is
 * missing from the prompt; `agents/r.toml` written from inside `.codex/` keeps it).
 */
export default defineRule('CP209', (ctx) => {
  const inDotCodex = ctx.isProject || (ctx.opts.file !== undefined && path.basename(path.dirname(ctx.opts.file)) === '.codex');
  const agents = getPath(ctx.table, ['agents']);
  if (!inDotCodex || !isTable(agents)) return;
  for (const [role, t] of Object.entries(agents)) {
    if (!isTable(t) || typeof t.config_file !== 'string') continue;
    const m = /^\.\/?\.codex[\\/](.+)$/.exec(t.config_file) ?? /^\.codex[\\/](.+)$/.exec(t.config_file);
    const l = ctx.loc(['agents', role, 'config_file']);
    if (!m || !l) continue;
    ctx.report(
      `config_file = "${t.config_file}" is read relative to this file's .codex folder, so Codex looks for .codex/${t.config_file}, finds nothing and drops the agent role "${role}". Write it as "${m[1]}".`,
      ctx.valueSpan(l),
      { fixes: [{ title: `Use config_file = "${m[1]}"`, preferred: true, edits: [replaceValue(l, JSON.stringify(m[1]))] }] },
    );
  }
});
