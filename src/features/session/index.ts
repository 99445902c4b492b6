// The session playbook: the checklist's controller and view, the approval log, sandbox
// verification, revoking enablements, the commit summary and the audit. Set up after the first
// badge, or at once when one of its commands runs first.
import * as vscode from 'vscode';
import type { Badge } from '../badge';
import type { PostureService } from '../posture/postureService';
import { registerAudit } from './audit';
import { insertSessionSummaryCommand } from './commitSummary';
import { registerRevoke } from './revoke';
import { verifySandboxCommand } from './sandboxVerify';
import { SessionController, type SessionHost } from './session';
import { registerSessionView } from './sessionView';

export interface SessionFeature extends vscode.Disposable {
  readonly controller: SessionController;
  readonly commands: ReturnType<typeof sessionCommands>;
}

function sessionCommands(
  context: vscode.ExtensionContext,
  controller: SessionController,
  log: vscode.LogOutputChannel,
  disposables: vscode.Disposable[],
) {
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

export function createSession(
  context: vscode.ExtensionContext,
  posture: PostureService,
  log: vscode.LogOutputChannel,
  host: SessionHost,
  badge?: Badge,
): SessionFeature {
  const controller = new SessionController(context, posture, log, host);
  const disposables: vscode.Disposable[] = [controller];
  if (badge) {
    // The badge's "Last Codex session here" line: the records of the folder it shows, read once
    // here and then on each change Codex makes to them.
    const show = () => {
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        const sessions = controller.records.sessions(f);
        if (sessions) badge.setRecordedSessions(f.uri.fsPath, sessions);
      }
    };
    controller.records.onDidChange(show, undefined, disposables);
    const readCurrent = () => {
      const f = posture.currentFolder();
      if (f && !controller.records.sessions(f)) void controller.records.refresh(f);
    };
    posture.onDidChange(readCurrent, undefined, disposables);
    readCurrent();
  }
  try {
    const commands = sessionCommands(context, controller, log, disposables);
    return { controller, commands, dispose: () => vscode.Disposable.from(...disposables).dispose() };
  } catch (e) {
    // Half set up: nothing of it may stay registered, or the retry would register the view twice.
    vscode.Disposable.from(...disposables).dispose();
    throw e;
  }
}
