import { getPath } from '../../config/toml';
import { defineRule } from '../rule';

/** CP405: `notify` runs a local program after every turn, outside the sandbox. */
export default defineRule('CP405', (ctx) => {
  const notify = getPath(ctx.effective, ['notify']);
  const l = ctx.loc(['notify']);
  if (!Array.isArray(notify) || !notify.length || !l) return;
  ctx.report(
    `notify runs \`${String(notify[0])}\` after every agent turn, outside the sandbox. Make sure you trust that program.`,
    ctx.valueSpan(l),
  );
});
