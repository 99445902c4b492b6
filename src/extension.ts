// activate(): wiring only. Each VS Code surface lives in src/features/, the posture itself in
// src/core/ (which never imports vscode). Nothing here reads a file or starts a process: the first
// resolution is scheduled, so activate() returns in milliseconds.
import * as vscode from 'vscode';
import { Badge } from './features/badge';
import { CodexCheck } from './features/codexCheck';
import { gitEnricher } from './features/gitFacts';
import { GitPostureSource } from './features/gitPosture';
import { registerDiagnostics } from './features/codeActions';
import { registerPostureCommands } from './features/postureCommands';
import { PostureService } from './features/postureService';
import { registerAudit } from './features/audit';
import { registerCommitSummary } from './features/commitSummary';
import { registerRevoke } from './features/revoke';
import { registerSandboxVerify } from './features/sandboxVerify';
import { SessionController } from './features/session';
import { registerSessionView } from './features/sessionView';
import { watchPostureInputs } from './features/watchers';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Codex Posture', { log: true });
  const posture = new PostureService(log);
  const git = new GitPostureSource(log, { isTrusted: () => vscode.workspace.isTrusted });
  posture.setEnrichers(gitEnricher(git), new CodexCheck(log));
  const badge = new Badge(posture, started, (ms) => log.info(`first badge in ${ms.toFixed(1)} ms after activate()`));
  context.subscriptions.push(log, git, posture, badge, watchPostureInputs(posture, log), registerPostureCommands(posture, badge, log));
  context.subscriptions.push(registerDiagnostics(context, log, posture));
  const session = new SessionController(context, posture, log);
  context.subscriptions.push(session, registerSessionView(session), registerSandboxVerify(session, log), registerRevoke(session, log), registerCommitSummary(session), registerAudit(context, session, log));
  posture.refresh('activation', true);
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'})`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
