import { getPath } from '../../config/toml';
import { replaceValue } from '../edits';
import { defineRule } from '../rule';
import { sandboxModeShadowed } from './cp211-sandbox-mode-beside-default-permissions';

/** CP401: approval `never` with `danger-full-access`: no sandbox and no questions. */
export default defineRule('CP401', (ctx) => {
  const smLoc = ctx.loc(['sandbox_mode']);
  const apLoc = ctx.loc(['approval_policy']);
  if (getPath(ctx.effective, ['sandbox_mode']) !== 'danger-full-access' || !smLoc || sandboxModeShadowed(ctx.effective)) return;
  if (getPath(ctx.effective, ['approval_policy']) !== 'never' || !apLoc) return;
  ctx.report(
    'approval_policy = "never" with sandbox_mode = "danger-full-access": the agent runs any command with no sandbox and never asks (the TUI calls this YOLO mode; web search becomes live too).',
    ctx.valueSpan(apLoc),
    {
      related: [{ message: 'sandbox_mode = "danger-full-access"', span: ctx.valueSpan(smLoc) }],
      fixes: [
        { title: 'Ask for approval: approval_policy = "on-request"', preferred: true, edits: [replaceValue(apLoc, '"on-request"')] },
        { title: 'Sandbox the agent: sandbox_mode = "workspace-write"', edits: [replaceValue(smLoc, '"workspace-write"')] },
      ],
    },
  );
});
