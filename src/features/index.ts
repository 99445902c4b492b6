// The features and when each is set up. The badge and its commands are ready when activate()
// returns; the diagnostics and the session playbook are set up after the first badge (or by the
// first command that needs them), the git and Codex enrichers on their first use. A set-up that
// fails is logged and tried again on the next use (host/lazy.ts). Those features are imported with
// import(): esbuild then keeps their modules' top-level code out of the bundle's start-up.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lintForAudit } from '../host/lintOffHost';
import { showReport } from '../host/reportDocument';
import type { ConfigWatcher } from '../host/configWatcher';
import { Lazy } from '../host/lazy';
import { type Badge, type PostureCommands, postureCommands } from './badge';
import type { DiagnosticsFeature } from './diagnostics';
import type { Enrichers } from './enrich';
import type { Enricher, PostureService } from './posture';
import type { SessionFeature } from './session';

/** What a command can need, by name (src/commands.ts). */
export interface FeatureMap {
  readonly posture: PostureCommands;
  readonly diagnostics: DiagnosticsFeature;
  readonly session: SessionFeature['commands'];
}
export type FeatureName = keyof FeatureMap;

/** The features built as bundles of their own (scripts/build.mjs), by the name of their folder. */
interface OwnBundles {
  readonly session: typeof import('./session');
  readonly enrich: typeof import('./enrich');
}

/**
 * The session playbook and the enrichers are bundles of their own (dist/session.js,
 * dist/enrich.js): nothing needs them before the first badge, and together they are over a third
 * of the code, so dist/extension.js stays small. Loaded by path, so esbuild leaves them out of this
 * bundle. They hold second copies of what they import, so they import nothing that keeps state:
 * the session gets the extension's stateful services through its SessionHost parameter
 * (test/unit/bundles.test.ts checks both).
 */
function loadBundle<N extends keyof OwnBundles>(context: vscode.ExtensionContext, name: N): OwnBundles[N] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(context.asAbsolutePath(path.join('dist', `${name}.js`))) as OwnBundles[N];
}

export class Features implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posture: PostureCommands;
  private readonly diagnostics: Lazy<DiagnosticsFeature>;
  private readonly session: Lazy<SessionFeature>;
  private readonly enrichers: Lazy<Enrichers>;

  constructor(
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    service: PostureService,
    badge: Badge,
    config: ConfigWatcher,
    /** Settles once the first posture is shown: nothing optional is set up before it. */
    private readonly firstPosture: Promise<void>,
  ) {
    this.posture = postureCommands(service, badge, log);
    this.diagnostics = this.lazy('lint rules and diagnostics', async () =>
      (await import('./diagnostics')).registerDiagnostics(context, log, config, service),
    );
    this.session = this.lazy('session playbook', async () =>
      loadBundle(context, 'session').createSession(context, service, log, { showReport, lintForAudit }, badge),
    );
    this.enrichers = this.lazy('git and codex enrichers', async () => loadBundle(context, 'enrich').createEnrichers(log));
    service.setEnrichers(
      this.enricher((e) => e.git),
      this.enricher((e) => e.codex),
    );
  }

  /** The feature a command needs, set up if it is not yet; rejects when its set-up fails. */
  async get<K extends FeatureName>(name: K): Promise<FeatureMap[K]> {
    const loaded: { [N in FeatureName]: () => Promise<FeatureMap[N]> } = {
      posture: async () => this.posture,
      diagnostics: () => this.diagnostics.get(),
      session: async () => (await this.session.get()).commands,
    };
    return loaded[name]();
  }

  /** After the first badge, one feature per macrotask: diagnostics first, then the session. */
  async loadInBackground(): Promise<void> {
    await this.firstPosture;
    for (const feature of [this.diagnostics, this.session]) {
      // Logged by lazy(); a command that needs it tries again.
      await feature.get().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 0));
    }
  }

  /** A set-up that is timed, logged when it fails, and owned by this object once it succeeds. */
  private lazy<T extends vscode.Disposable>(what: string, create: () => Promise<T>): Lazy<T> {
    return new Lazy(async () => {
      const t = performance.now();
      try {
        const feature = await create();
        this.disposables.push(feature);
        this.log.info(`loaded ${what} in ${(performance.now() - t).toFixed(1)} ms`);
        return feature;
      } catch (e) {
        this.log.error(`could not set up the ${what} (tried again on next use):`, e);
        throw e;
      }
    });
  }

  /** An enricher that sets up the real ones on its first use, after the first badge. */
  private enricher<T>(pick: (e: Enrichers) => Enricher<T>): Enricher<T> {
    const changed = new vscode.EventEmitter<vscode.Uri | undefined>();
    this.disposables.push(changed);
    let forwarding = false;
    return {
      onDidChange: changed.event,
      describe: async (folder, snapshot) => {
        await this.firstPosture;
        const real = pick(await this.enrichers.get());
        if (!forwarding) {
          forwarding = true;
          real.onDidChange?.((uri) => changed.fire(uri), undefined, this.disposables);
        }
        return real.describe(folder, snapshot);
      },
    };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
