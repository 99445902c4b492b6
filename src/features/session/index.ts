// The session chunk (dist/extension.session.js, see scripts/build.mjs): the playbook's controller,
// its tree view and the commands around it. extension.ts loads it after the first badge, or at once
// when one of its commands is run first.
import * as vscode from 'vscode';
import { registerCommitSummary } from './commitSummary';
import type { PostureService } from '../posture/postureService';
import { registerRevoke } from './revoke';
import { registerSandboxVerify } from './sandboxVerify';
import { SessionController } from './session';
import { registerSessionView } from './sessionView';

export function registerSession(context: vscode.ExtensionContext, posture: PostureService, log: vscode.LogOutputChannel): { controller: SessionController; disposable: vscode.Disposable } {
  const controller = new SessionController(context, posture, log);
  const disposable = vscode.Disposable.from(controller, registerSessionView(controller), registerSandboxVerify(controller, log), registerRevoke(controller, log), registerCommitSummary(controller));
  return { controller, disposable };
}
