import { getPath, type KeyLocation, type TomlValue } from '../../config/toml';
import type { LintContext } from '../context';
import { defineRule } from '../rule';

export interface NetworkAccess {
  readonly l: KeyLocation | undefined;
  readonly value: TomlValue | undefined;
  /** Written, but the sandbox this file sets is not workspace-write (or permission profiles win). */
  readonly inert: boolean;
}

/** `[sandbox_workspace_write] network_access` and whether this file makes it inert (CP202, CP403). */
export function networkAccess(ctx: LintContext): NetworkAccess {
  const sandboxMode = getPath(ctx.effective, ['sandbox_mode']);
  const defaultPerms = getPath(ctx.effective, ['default_permissions']);
  const l = ctx.loc(['sandbox_workspace_write', 'network_access']);
  const inert =
    l !== undefined && ((typeof sandboxMode === 'string' && sandboxMode !== 'workspace-write') || typeof defaultPerms === 'string');
  return { l, value: getPath(ctx.effective, ['sandbox_workspace_write', 'network_access']), inert };
}

/** CP202: `network_access` where the sandbox is not workspace-write, so it does nothing. */
export default defineRule('CP202', (ctx) => {
  const { l, inert } = networkAccess(ctx);
  if (!inert || !l) return;
  const sandboxMode = getPath(ctx.effective, ['sandbox_mode']);
  const defaultPerms = getPath(ctx.effective, ['default_permissions']);
  const why =
    typeof defaultPerms === 'string'
      ? `default_permissions = "${String(defaultPerms)}" is set in this file, and the permission-profile syntax wins`
      : `sandbox_mode is "${String(sandboxMode)}" here`;
  const sm = ctx.loc(['sandbox_mode']);
  ctx.report(
    `[sandbox_workspace_write] network_access has no effect: ${why}. It applies only when the sandbox is workspace-write.`,
    ctx.keySpan(l),
    {
      related: sm ? [{ message: 'the sandbox_mode that makes it inert', span: ctx.valueSpan(sm) }] : [],
      fixes: [{ title: 'Remove network_access', preferred: false, edits: [ctx.removeEdit(l)] }],
    },
  );
});
