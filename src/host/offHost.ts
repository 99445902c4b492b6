// The one worker thread of the extension, for the features that parse config files: the posture
// service resolves through here, the diagnostics, quick fixes and the audit lint through here. Small
// files are worked on in place (src/worker/inPlace.ts); a large one costs the worker seconds and the
// extension host a message, and the badge keeps the last good posture meanwhile (the service
// replaces a state only when its resolve answers).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PostureSnapshot } from '../core/config/types';
import type { OffHostClient } from '../worker/client';
import { InPlaceCache, resolveGuarded } from '../worker/inPlace';
import type { ResolveInput } from '../worker/protocol';

interface Holder {
  readonly script: string;
  readonly log: vscode.LogOutputChannel;
  loading?: Promise<OffHostClient>;
  client?: OffHostClient;
  disposed: boolean;
}

let holder: Holder | undefined;
/** The parsed small files, kept across refreshes until they change. */
const inPlace = new InPlaceCache();

/** The worker (dist/worker.js beside the bundle), started on the first large file, not before. */
export function startOffHost(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  const own: Holder = { script: path.join(extensionUri.fsPath, 'dist', 'worker.js'), log, disposed: false };
  holder = own;
  return new vscode.Disposable(() => {
    own.disposed = true;
    own.client?.dispose();
    if (holder === own) holder = undefined;
  });
}

/**
 * The client, made on first need, as most sessions never see a large config (esbuild defers the
 * module's top-level code behind the import()). A failed load is logged and tried again on the next
 * need.
 */
export async function client(): Promise<OffHostClient | undefined> {
  const own = holder;
  if (!own || own.disposed) return undefined;
  own.loading ??= import('../worker/client').then((m) => {
    const c = new m.OffHostClient(own.script, own.log);
    if (own.disposed) c.dispose();
    own.client = c;
    return c;
  });
  try {
    return await own.loading;
  } catch (e) {
    own.loading = undefined;
    own.log.error('worker client:', e);
    return undefined;
  }
}

/**
 * The posture of a folder: in place for small files, else in the worker. A file the worker could
 * not read in time, or a worker that failed twice, comes back as a load error that names why.
 */
export function resolveOffHost(input: ResolveInput): Promise<PostureSnapshot> {
  return resolveGuarded(input, inPlace, client);
}

/** The client once loaded (nothing to cancel before). */
export function loadedClient(): OffHostClient | undefined {
  return holder?.client;
}
