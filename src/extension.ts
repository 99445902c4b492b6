// activate(): the wiring. Each VS Code surface lives in src/features/, the posture itself in
// src/core/ (which never imports vscode), every command in src/commands.ts. Nothing here reads a
// file or starts a process: the first resolution is scheduled, so activate() returns in
// milliseconds, and what the first badge does not need is set up after it (src/features/index.ts).
import * as vscode from 'vscode';
import { createCommands } from './commands';
import { Features } from './features';
import { Badge } from './features/badge';
import { PostureService, watchPostureInputs } from './features/posture';
import { ConfigWatcher } from './host/configWatcher';
import { safeLog } from './host/log';
import { startOffHost } from './host/offHost';
import { registerCommands } from './host/registerCommands';
import { registerReportDocuments } from './host/reportDocument';

/** Set by the bundle's first and last lines (scripts/build.mjs); undefined when run from tsc's output. */
declare const CODEX_POSTURE_BUNDLE: { readonly start: number; readonly end: number; readonly cpuMs: number } | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  // CPU time beside wall time: on a busy machine the host waits for a core, and only the first
  // says what this code costs.
  const cpuStarted = process.cpuUsage();
  const cpuMs = () => {
    const c = process.cpuUsage(cpuStarted);
    return ((c.user + c.system) / 1000).toFixed(1);
  };
  const log = safeLog(vscode.window.createOutputChannel('Codex Posture', { log: true }));
  // Large config files are parsed in a worker thread, started on the first one (small ones in place).
  context.subscriptions.push(startOffHost(context.extensionUri, log));
  const posture = new PostureService(log);
  const badge = new Badge(posture, started, (ms) =>
    log.info(`first badge in ${ms.toFixed(1)} ms after activate(), ${cpuMs()} ms host CPU`),
  );
  const config = new ConfigWatcher(log);
  const features = new Features(context, log, posture, badge, config, firstPosture(posture));
  // Commands are registered here, synchronously: a caller may run one as soon as activate() returns.
  context.subscriptions.push(
    log,
    posture,
    badge,
    config,
    features,
    registerReportDocuments(),
    registerCommands(createCommands(), features, log),
  );
  // The watchers do not show the badge: they start on the next tick (2 to 10 ms of activate() on a
  // busy host), still before the first resolution reads a file, whose timer is queued after this one.
  const watching = setTimeout(() => {
    config.start();
    context.subscriptions.push(watchPostureInputs(posture, config));
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(watching) });
  void features.loadInBackground();

  posture.refresh('activation', true);
  // Loading the bundle happens before activate(), so its timer does not cover it: say it apart.
  const bundle =
    typeof CODEX_POSTURE_BUNDLE === 'object'
      ? `; bundle evaluated in ${(CODEX_POSTURE_BUNDLE.end - CODEX_POSTURE_BUNDLE.start).toFixed(1)} ms, ${CODEX_POSTURE_BUNDLE.cpuMs.toFixed(1)} ms CPU`
      : '';
  log.info(
    `activated in ${(performance.now() - started).toFixed(1)} ms, ${cpuMs()} ms CPU (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'}${bundle})`,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/**
 * Settles on the first posture (badge rendered, or no folder to show), then on the next macrotask.
 * A timeout too, so a refresh that never completes cannot keep the diagnostics away.
 */
function firstPosture(posture: PostureService): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      once.dispose();
      clearTimeout(fallback);
      setTimeout(resolve, 0);
    };
    const once = posture.onDidChange(done);
    const fallback = setTimeout(done, 2000);
  });
}
