// Commands that expose the posture: as data (for tests and other extensions) and as a report.
import * as vscode from 'vscode';
import { formatStatus } from '../cli';
import { postureToJson, type PostureJson } from '../core/config/json';
import type { PostureService } from './postureService';

export function registerPostureCommands(posture: PostureService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    // Returns the same object as `codex-posture status --json` for the current folder.
    vscode.commands.registerCommand('codexPosture.getPosture', async (): Promise<PostureJson | undefined> => {
      const folder = posture.currentFolder();
      return folder ? postureToJson(await posture.posture(folder)) : undefined;
    }),
    vscode.commands.registerCommand('codexPosture.showPosture', async () => {
      const folder = posture.currentFolder();
      if (!folder) {
        void vscode.window.showInformationMessage('Open a folder to see its Codex posture.');
        return;
      }
      posture.invalidate();
      const text = formatStatus(await posture.posture(folder));
      const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand('codexPosture.showLog', () => log.show()),
  );
}
