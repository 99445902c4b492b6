import { getPath, isTable } from '../../config/toml';
import { DEPRECATED_APPROVALS } from '../../schema';
import { dotted } from '../context';
import { replaceValue } from '../edits';
import { defineRule } from '../rule';

/** CP301: `approval_policy = "on-failure"`, which Codex reads as `on-request`. */
export default defineRule('CP301', (ctx) => {
  const paths: string[][] = [['approval_policy']];
  const profiles = getPath(ctx.table, ['profiles']);
  if (isTable(profiles) && !ctx.isProject) for (const name of Object.keys(profiles)) paths.push(['profiles', name, 'approval_policy']);
  for (const p of paths) {
    const v = getPath(ctx.table, p);
    const l = ctx.loc(p);
    if (typeof v !== 'string' || !l || !Object.hasOwn(DEPRECATED_APPROVALS, v)) continue;
    const now = DEPRECATED_APPROVALS[v];
    ctx.report(`${dotted(p)} = "${v}" is deprecated; Codex reads it as "${now}".`, ctx.valueSpan(l), {
      fixes: [{ title: `Use "${now}"`, preferred: true, edits: [replaceValue(l, JSON.stringify(now))] }],
    });
  }
});
