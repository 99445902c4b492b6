import { getPath } from '../../config/toml';
import { replaceValue } from '../edits';
import { defineRule } from '../rule';
import { sandboxModeShadowed } from './cp211-sandbox-mode-beside-default-permissions';

/** CP402: no sandbox, by `sandbox_mode` or by the built-in permission profile. */
export default defineRule('CP402', (ctx) => {
  const smLoc = ctx.loc(['sandbox_mode']);
  // With approval never in the same file CP401 (YOLO) already reports this sandbox_mode, with the
  // same fix: one finding per problem.
  const yolo = getPath(ctx.effective, ['approval_policy']) === 'never' && ctx.loc(['approval_policy']) !== undefined;
  // Beside default_permissions the line does nothing (CP211 says so); the profile decides.
  if (getPath(ctx.effective, ['sandbox_mode']) === 'danger-full-access' && smLoc && !yolo && !sandboxModeShadowed(ctx.effective)) {
    ctx.report(
      'sandbox_mode = "danger-full-access": commands run with no sandbox, with full disk and network access.',
      ctx.valueSpan(smLoc),
      {
        fixes: [{ title: 'Use sandbox_mode = "workspace-write"', preferred: true, edits: [replaceValue(smLoc, '"workspace-write"')] }],
      },
    );
  }
  const dpLoc = ctx.loc(['default_permissions']);
  if (getPath(ctx.effective, ['default_permissions']) === ':danger-full-access' && dpLoc) {
    ctx.report(
      'default_permissions = ":danger-full-access": commands run with no sandbox, with full disk and network access.',
      ctx.valueSpan(dpLoc),
      {
        fixes: [{ title: 'Use default_permissions = ":workspace"', preferred: true, edits: [replaceValue(dpLoc, '":workspace"')] }],
      },
    );
  }
});
