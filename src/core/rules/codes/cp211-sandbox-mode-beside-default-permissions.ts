import { getPath } from '../../config/toml';
import { SANDBOX_MODES } from '../../config/types';
import { defineRule } from '../rule';

/**
 * True when `sandbox_mode` in this file can never take effect: `default_permissions` in the same
 * file wins (measured with 0.171, in either order: `sandbox_mode = "danger-full-access"` with
 * `default_permissions = ":read-only"` runs read-only). A layer above replaces both, and `-s`
 * replaces the value, so no launch makes this line count.
 */
export function sandboxModeShadowed(effective: Parameters<typeof getPath>[0]): boolean {
  // A bad value is still read, and still stops Codex (CP002): that line does something.
  const sm = getPath(effective, ['sandbox_mode']);
  return (SANDBOX_MODES as readonly unknown[]).includes(sm) && typeof getPath(effective, ['default_permissions']) === 'string';
}

/** CP211: `sandbox_mode` next to `default_permissions` in one file: the permission profile wins. */
export default defineRule('CP211', (ctx) => {
  if (!sandboxModeShadowed(ctx.effective)) return;
  const sm = ctx.loc(['sandbox_mode']);
  const dp = ctx.loc(['default_permissions']);
  if (!sm || !dp) return;
  const dpValue = String(getPath(ctx.effective, ['default_permissions']));
  ctx.report(
    `sandbox_mode has no effect: default_permissions = ${JSON.stringify(dpValue)} in the same file wins, so Codex runs with the permission profile \`${dpValue}\`, not with sandbox_mode = ${JSON.stringify(String(getPath(ctx.effective, ['sandbox_mode'])))}.`,
    ctx.keySpan(sm),
    {
      related: [{ message: 'the default_permissions that wins', span: ctx.valueSpan(dp) }],
      fixes: [{ title: 'Remove sandbox_mode', preferred: true, edits: [ctx.removeEdit(sm)] }],
    },
  );
});
