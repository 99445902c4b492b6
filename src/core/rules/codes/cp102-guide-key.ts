import { getPath } from '../../config/toml';
import { dotted } from '../context';
import { tableBlock, tomlString } from '../edits';
import { defineRule } from '../rule';
import type { Fix } from '../types';
import { GUIDE_KEYS, unknownKeys } from './unknownKeys';

/** CP102: a key from the team guide that Codex 0.171 ignores, with its real equivalent. */
export default defineRule('CP102', (ctx) => {
  for (const { kp, k, v, l, span, header, code } of unknownKeys(ctx)) {
    if (code !== 'CP102') continue;
    if (k === 'sandbox_read_only' && kp.length === 1) {
      const block = tableBlock(ctx.text, l.key.start, ctx.headerStarts());
      ctx.report(
        '[sandbox_read_only] is not a Codex table and is ignored: read-only has no network option. Use sandbox_mode = "read-only" (network is off), or sandbox_mode = "workspace-write" with [sandbox_workspace_write] network_access if you need network.',
        span,
        {
          fixes: l.isHeader
            ? [
                {
                  title: 'Remove the [sandbox_read_only] table',
                  preferred: true,
                  edits: [{ start: block.start, end: block.end, newText: '' }],
                },
              ]
            : [],
        },
      );
      continue;
    }
    const fixes: Fix[] = [];
    if (k === 'ask_for_approval' && typeof v === 'string') {
      const mapped = v === 'never' ? 'never' : 'on-request';
      fixes.push(
        getPath(ctx.table, ['approval_policy']) === undefined
          ? {
              title: `Replace with top-level approval_policy = "${mapped}"`,
              preferred: true,
              edits: [ctx.removeEdit(l), ctx.topInsert(`approval_policy = ${tomlString(mapped)}`)],
            }
          : { title: 'Remove ask_for_approval (approval_policy is already set)', preferred: true, edits: [ctx.removeEdit(l)] },
      );
    } else {
      fixes.push({ title: `Remove ${k}`, preferred: true, edits: [ctx.removeEdit(l)] });
    }
    ctx.report(`\`${dotted(kp)}\` comes from the team guide but Codex 0.171 ignores it: ${GUIDE_KEYS[k]}.`, span, {
      fixes,
      related: header ? [header] : [],
    });
  }
});
