// Linting for the diagnostics, the quick fixes and the audit: small text in place, large text in the
// worker thread (offHost.ts). One function so the three answer alike.
import * as os from 'node:os';
import type * as vscode from 'vscode';
import { isPolicyFile, lintPolicyText } from '../core/policy';
import { inferKind, type ConfigFileKind } from '../core/rules/lint';
import type { FolderPosture } from '../core/rules/layerNotes';
import { IN_PLACE_MAX_BYTES } from '../worker/inPlace';
import { lintInWorker } from '../worker/lintInWorker';
import type { LintInput, LintOutput } from '../worker/protocol';
import { client, loadedClient } from './offHost';

/**
 * The findings (and, with `folders`, the layer notes) of `text` as the config file `uri` names;
 * undefined when `kind` is (no Codex config file). 'superseded': a newer request for the same document
 * and `purpose` replaced this one; 'tooLarge': the work ran past the worker's time budget; 'failed':
 * the worker failed on it (logged there).
 */
export async function lintInPlaceOrOffHost(
  uri: vscode.Uri,
  text: string,
  folders: readonly FolderPosture[],
  purpose: 'diagnostics' | 'quickFix' | 'audit',
  kind: ConfigFileKind | undefined,
  /** The team's baseline, when someone set it: it decides whether deliberate choices are warnings. */
  baseline?: LintInput['baseline'],
): Promise<LintOutput | undefined | 'superseded' | 'tooLarge' | 'failed'> {
  // The team policy (.codex-posture.toml) is a short file of our own, always checked in place.
  if (isPolicyFile(uri.fsPath)) {
    const { findings, parsed } = lintPolicyText(text, uri.fsPath);
    return { findings, parsed, notes: [] };
  }
  if (!kind) return undefined;
  const input: LintInput = {
    text,
    kind,
    file: uri.fsPath,
    folders: folders.length ? folders : undefined,
    home: os.homedir(),
    ...(baseline ? { baseline } : {}),
  };
  const key = `${purpose}:${uri.toString()}`;
  // Length in UTF-16 units, near enough to bytes for a size guard.
  if (text.length <= IN_PLACE_MAX_BYTES) {
    // An older answer from the worker for this document must not overwrite this one.
    loadedClient()?.cancel(key);
    return lintInWorker(input);
  }
  // `key`: a newer request for the same document supersedes one still waiting or running.
  const outcome = await (await client())?.lint(input, key);
  if (!outcome) return lintInWorker(input);
  return outcome.ok ? outcome.value : outcome.reason;
}

/** The audit lints every layer file, with the kind `codex-posture lint` would infer. */
export function lintForAudit(file: string, uri: vscode.Uri, text: string): ReturnType<typeof lintInPlaceOrOffHost> {
  return lintInPlaceOrOffHost(uri, text, [], 'audit', inferKind(file));
}
