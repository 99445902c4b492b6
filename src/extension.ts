// activate(): wiring only. Each VS Code surface lives in src/features/, the posture itself in
// src/core/ (which never imports vscode). Nothing here reads a file or starts a process: the first
// resolution is scheduled, so activate() returns in milliseconds.
//
// What the first badge needs is in this bundle; everything else is in chunks that load after it
// (scripts/build.mjs turns each `import('./features/…')` of a chunk below into a require of its own
// file): the lint rules and diagnostics right after the first badge, then the session playbook,
// and the git and Codex enrichers on their first use. The chunks' commands are registered here as
// stubs that load their chunk, so every command in package.json works from the start.
import * as vscode from 'vscode';
import { Badge } from './features/badge';
import { safeLog } from './features/log';
import { registerPostureCommands } from './features/postureCommands';
import { startOffHost } from './features/offHost';
import { registerReportDocuments } from './features/reportDocument';
import { PostureService, type CodexFacts, type Enricher, type GitFacts } from './features/postureService';
import { watchPostureInputs } from './features/watchers';

/** Set by the bundle's first and last lines (scripts/build.mjs); undefined when run from tsc's output. */
declare const CODEX_POSTURE_BUNDLE: { readonly start: number; readonly end: number; readonly cpuMs: number } | undefined;

/** Commands that live in a chunk: a stub stands in for each until the chunk registers the real one. */
const SESSION_COMMANDS = [
  'codexPosture.startChecklist',
  'codexPosture.finishSession',
  'codexPosture.recordApproval',
  'codexPosture.stashChanges',
  'codexPosture.createFeatureBranch',
  'codexPosture.openConfig',
  'codexPosture.setChecklistItem',
  'codexPosture.getSession',
  'codexPosture.verifySandbox',
  'codexPosture.revokeEnablements',
  'codexPosture.insertSessionSummary',
];
const AUDIT_COMMANDS = ['codexPosture.auditConfig'];

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
  const badge = new Badge(posture, started, (ms) => log.info(`first badge in ${ms.toFixed(1)} ms after activate(), ${cpuMs()} ms host CPU`));
  // Commands are registered here, synchronously: a caller may run one as soon as activate() returns.
  context.subscriptions.push(log, posture, badge, registerReportDocuments(), registerPostureCommands(posture, badge, log));
  // The watchers do not show the badge: they start on the next tick (2 to 10 ms of activate() on a
  // busy host), still before the first resolution reads a file, whose timer is queued after this one.
  const watching = setTimeout(() => context.subscriptions.push(watchPostureInputs(posture, log)), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(watching) });

  // The first posture (badge rendered, or no folder to show): then the deferred chunks may load.
  // A timeout too, so a refresh that never completes cannot keep diagnostics away.
  const firstPosture = new Promise<void>((resolve) => {
    const done = () => {
      once.dispose();
      clearTimeout(fallback);
      setTimeout(resolve, 0);
    };
    const once = posture.onDidChange(done);
    const fallback = setTimeout(done, 2000);
  });
  const chunks = new Chunks(context, posture, log, firstPosture);
  posture.setEnrichers(chunks.enricher((e) => e.git), chunks.enricher((e) => e.codex));
  chunks.stub(SESSION_COMMANDS, () => chunks.session());
  chunks.stub(AUDIT_COMMANDS, () => chunks.audit());
  void firstPosture.then(() => chunks.loadInBackground());

  posture.refresh('activation', true);
  // Loading the bundle happens before activate(), so its timer does not cover it: say it apart.
  const bundle = typeof CODEX_POSTURE_BUNDLE === 'object' ? `; bundle evaluated in ${(CODEX_POSTURE_BUNDLE.end - CODEX_POSTURE_BUNDLE.start).toFixed(1)} ms, ${CODEX_POSTURE_BUNDLE.cpuMs.toFixed(1)} ms CPU` : '';
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms, ${cpuMs()} ms CPU (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'}${bundle})`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/** Loads each chunk once, registers what it brings, and replaces the stubs of its commands. */
class Chunks {
  private readonly stubs = new Map<string, vscode.Disposable>();
  private lintChunk?: Promise<typeof import('./features/lintFeatures')>;
  private sessionChunk?: Promise<import('./features/session').SessionController>;
  private auditChunk?: Promise<void>;
  private enrichChunk?: Promise<{ git: Enricher<GitFacts>; codex: Enricher<CodexFacts> }>;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly posture: PostureService,
    private readonly log: vscode.LogOutputChannel,
    private readonly firstPosture: Promise<void>,
  ) {
    context.subscriptions.push({ dispose: () => this.stubs.forEach((d) => d.dispose()) });
  }

  /** Registers `ids` as stubs: the first call loads the chunk (which registers the real command), then runs it. */
  stub(ids: readonly string[], load: () => Promise<unknown>): void {
    for (const id of ids) {
      this.stubs.set(
        id,
        vscode.commands.registerCommand(id, async (...args: unknown[]) => {
          await load();
          return vscode.commands.executeCommand(id, ...args);
        }),
      );
    }
  }

  /** Drops the stubs of `ids` just before the chunk registers the real commands. */
  private unstub(ids: readonly string[]): void {
    for (const id of ids) {
      this.stubs.get(id)?.dispose();
      this.stubs.delete(id);
    }
  }

  /** After the first badge, one chunk per macrotask: diagnostics first, then the session and the audit. */
  async loadInBackground(): Promise<void> {
    try {
      await this.lint();
      await new Promise((r) => setTimeout(r, 0));
      await this.audit();
    } catch (e) {
      this.log.error('could not load a feature:', e);
    }
  }

  lint(): Promise<typeof import('./features/lintFeatures')> {
    return (this.lintChunk ??= this.timed('lint rules and diagnostics', async () => {
      const m = await import('./features/lintFeatures');
      this.context.subscriptions.push(m.registerDiagnostics(this.context, this.log, this.posture));
      return m;
    }));
  }

  session(): Promise<import('./features/session').SessionController> {
    return (this.sessionChunk ??= this.timed('session playbook', async () => {
      const m = await import('./features/sessionFeatures');
      this.unstub(SESSION_COMMANDS);
      const { controller, disposable } = m.registerSession(this.context, this.posture, this.log);
      this.context.subscriptions.push(disposable);
      return controller;
    }));
  }

  /** The audit report runs the lint rules over the session's folder: both chunks. */
  audit(): Promise<void> {
    return (this.auditChunk ??= (async () => {
      const [controller, lint] = await Promise.all([this.session(), this.lint()]);
      this.unstub(AUDIT_COMMANDS);
      this.context.subscriptions.push(lint.registerAudit(this.context, controller, this.log));
    })());
  }

  /** An enricher that loads the enricher chunk on its first use, after the first badge. */
  enricher<T>(pick: (loaded: { git: Enricher<GitFacts>; codex: Enricher<CodexFacts> }) => Enricher<T>): Enricher<T> {
    const changed = new vscode.EventEmitter<vscode.Uri | undefined>();
    this.context.subscriptions.push(changed);
    let forwarding = false;
    return {
      onDidChange: changed.event,
      describe: async (folder, snapshot) => {
        await this.firstPosture;
        const real = pick(await this.enrichers());
        if (!forwarding) {
          forwarding = true;
          real.onDidChange?.((uri) => changed.fire(uri), undefined, this.context.subscriptions);
        }
        return real.describe(folder, snapshot);
      },
    };
  }

  private enrichers(): Promise<{ git: Enricher<GitFacts>; codex: Enricher<CodexFacts> }> {
    return (this.enrichChunk ??= this.timed('git and codex enrichers', async () => {
      const m = await import('./features/enrichers');
      const e = m.createEnrichers(this.log);
      this.context.subscriptions.push(e.disposable);
      return e;
    }));
  }

  private async timed<T>(what: string, load: () => Promise<T>): Promise<T> {
    const t = performance.now();
    const result = await load();
    this.log.info(`loaded ${what} in ${(performance.now() - t).toFixed(1)} ms`);
    return result;
  }
}
