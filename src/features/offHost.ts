// The one worker thread of the extension, for the features that parse config files: the posture
// service resolves through here, the diagnostics, quick fixes and the audit lint through here. Small
// files are worked on in place (src/worker/inPlace.ts); a large one costs the worker seconds and the
// extension host a message, and the badge keeps the last good posture meanwhile (the service
// replaces a state only when its resolve answers).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PostureSnapshot } from '../core/config/types';
import { OffHostClient, type Outcome } from '../worker/client';
import { InPlaceCache, resolveGuarded } from '../worker/inPlace';
import type { LintInput, LintOutput, ResolveInput } from '../worker/protocol';

let client: OffHostClient | undefined;
/** The parsed small files, kept across refreshes until they change. */
const inPlace = new InPlaceCache();

/** The worker (dist/worker.js beside the bundle), started on the first large file, not before. */
export function startOffHost(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  const own = new OffHostClient(path.join(extensionUri.fsPath, 'dist', 'worker.js'), log);
  client = own;
  return new vscode.Disposable(() => {
    own.dispose();
    if (client === own) client = undefined;
  });
}

/** The running client; undefined before activate() or after dispose. */
export function offHost(): OffHostClient | undefined {
  return client;
}

/**
 * The posture of a folder, worked out in the worker. It always answers with a snapshot: a file the
 * worker could not read in time, or a worker that failed twice, is a load error that names why, so
 * the badge says so instead of showing a posture without that file.
 */
export async function resolveOffHost(input: ResolveInput): Promise<PostureSnapshot> {
  const outcome = await resolveGuarded(input, inPlace, client);
  if (outcome.ok) return outcome.value;
  return {
    cwd: input.cwd,
    codexHome: input.codexHome,
    surface: input.surface ?? 'interactive',
    loads: false,
    loadError: { kind: 'io', message: outcome.file ? outcome.message : `the Codex configuration could not be read: ${outcome.message}`, file: outcome.file },
    projectRoot: input.cwd,
    layers: [],
    warnings: [],
  };
}

/**
 * Lints in the worker. `key` ties requests for the same document: a newer one supersedes an older
 * one still waiting or running. Undefined when no worker runs (the caller lints in place).
 */
export function lintOffHost(input: LintInput, key: string): Promise<Outcome<LintOutput>> | undefined {
  return client?.lint(input, key);
}

/** The caller linted `key` in place: an older answer from the worker must not overwrite it. */
export function cancelOffHost(key: string): void {
  client?.cancel(key);
}
