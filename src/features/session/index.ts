// The session playbook: the checklist's controller and view, the approval log, sandbox
// verification, revoking enablements, the commit summary and the audit. Set up after the first
// badge, or at once when one of its commands runs first.
import * as vscode from 'vscode';
import type { PostureService } from '../posture/postureService';
import { registerAudit } from './audit';
import { insertSessionSummaryCommand } from './commitSummary';
import { registerRevoke } from './revoke';
import { verifySandboxCommand } from './sandboxVerify';
import { SessionController } from './session';
import { registerSessionView } from './sessionView';

export interface SessionFeature extends vscode.Disposable {
  readonly controller: SessionController;
  readonly commands: ReturnType<typeof sessionCommands>;
}

function sessionCommands(context: vscode.ExtensionContext, controller: SessionController, log: vscode.LogOutputChannel, disposables: vscode.Disposable[]) {
  const view = registerSessionView(controller);
  const revoke = registerRevoke(controller, log);
  const audit = registerAudit(context, controller, log);
  disposables.push(view.disposable, revoke.disposable, audit.disposable);
  return {
    ...view.commands,
    verifySandbox: verifySandboxCommand(controller, log),
    revokeEnablements: revoke.revokeEnablements,
    insertSessionSummary: insertSessionSummaryCommand(controller),
    auditConfig: audit.auditConfig,
  };
}

export function createSession(context: vscode.ExtensionContext, posture: PostureService, log: vscode.LogOutputChannel): SessionFeature {
  const controller = new SessionController(context, posture, log);
  const disposables: vscode.Disposable[] = [controller];
  try {
    const commands = sessionCommands(context, controller, log, disposables);
    return { controller, commands, dispose: () => vscode.Disposable.from(...disposables).dispose() };
  } catch (e) {
    // Half set up: nothing of it may stay registered, or the retry would register the view twice.
    vscode.Disposable.from(...disposables).dispose();
    throw e;
  }
}
