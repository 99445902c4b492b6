// activate(): wiring only. Each VS Code surface lives in src/features/, the posture itself in
// src/core/ (which never imports vscode).
import * as vscode from 'vscode';
import { PostureService } from './features/postureService';
import { registerPostureCommands } from './features/postureCommands';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Codex Posture', { log: true });
  const posture = new PostureService(log);
  context.subscriptions.push(log, posture, registerPostureCommands(posture, log));
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
