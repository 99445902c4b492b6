// "Insert Session Summary into Commit Message": fills the Source Control input box of the folder's
// repository (the built-in git extension's API) with the session's posture, approvals and
// exceptions, and the checks and tests that ran. Keeps whatever subject the user already typed.
import * as vscode from 'vscode';
import { summarisePosture } from '../../core/session/checklist';
import { commitSummary, sessionEntries } from '../../core/session/record';
import * as settings from '../../host/settings';
import { gitRepository, type SessionController } from './session';

/** The handler of Insert Session Summary (src/commands.ts binds its id). */
export function insertSessionSummaryCommand(c: SessionController) {
  return async () => {
    const folder = c.folder();
    const session = c.session;
    if (!folder || !session) {
      void vscode.window.showInformationMessage('Start a Codex session first ("Start Codex Session Checklist").');
      return undefined;
    }
    const repo = await gitRepository(folder).catch(() => undefined);
    if (!repo) {
      void vscode.window.showWarningMessage(
        'The git extension has no repository for this folder, so there is no commit message box to fill.',
      );
      return undefined;
    }
    const state = await c.posture.resolveNow(folder);
    const now = new Date();
    await c.records.refresh(folder);
    const summary = commitSummary({
      session,
      now,
      endPosture: summarisePosture(state.snapshot),
      items: c.items(),
      entries: sessionEntries(c.entries(folder), session, now),
      sandbox: c.sandbox,
      codexSessions: c.recordedSessions(folder, session.startedAt) ?? [],
      baseline: settings.baseline(folder),
    });
    const current = repo.inputBox.value.replace(/\n+Codex session:[\s\S]*$/, '');
    repo.inputBox.value = `${current || 'Describe the change'}${summary}`;
    await vscode.commands.executeCommand('workbench.view.scm');
    return repo.inputBox.value;
  };
}
