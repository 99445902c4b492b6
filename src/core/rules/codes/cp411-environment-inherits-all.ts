import { getPath, isTable } from '../../config/toml';
import { defineRule } from '../rule';

/**
 * CP411: `[shell_environment_policy]` that passes the whole environment to the agent's commands
 * with nothing excluded. Measured in 0.171: `ignore_default_excludes` defaults to true, so without
 * `exclude` or `include_only` every token and password in the environment reaches the commands.
 */
export default defineRule('CP411', (ctx) => {
  const p = getPath(ctx.effective, ['shell_environment_policy']);
  const l = ctx.loc(['shell_environment_policy', 'inherit']) ?? ctx.loc(['shell_environment_policy']);
  if (!isTable(p) || !l) return;
  const inherit = p.inherit ?? 'all';
  const lists = (k: string) => Array.isArray(p[k]) && (p[k] as unknown[]).length > 0;
  if (inherit !== 'all' || lists('exclude') || lists('include_only') || p.ignore_default_excludes === false) return;
  ctx.report(
    'The agent\'s commands get every environment variable, tokens and passwords included (Codex excludes nothing unless told). Add `exclude = ["*TOKEN*", "*SECRET*", "*KEY*", "*PASSWORD*"]`, set `ignore_default_excludes = false`, or use `inherit = "core"`.',
    ctx.valueSpan(l),
  );
});
