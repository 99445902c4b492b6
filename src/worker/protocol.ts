// The messages between the extension host and the worker thread that parses and resolves. Every
// payload is plain data (structured clone): snapshots and findings are plain objects; the parsed
// document, with its Maps of key locations, never crosses, because copying a 200,000-table document
// back would cost the host thread what the worker saved it.
import type { ResolveOptions } from '../core/config/resolve';
import type { PostureSnapshot } from '../core/config/types';
import type { FolderPosture, LayerNote } from '../core/rules/layerNotes';
import type { ConfigFileKind, Finding, LintOptions } from '../core/rules/lint';

/** `resolvePosture` without the cache: the worker keeps its own across requests. */
export type ResolveInput = Omit<ResolveOptions, 'cache'>;

export interface LintInput {
  readonly text: string;
  readonly kind: ConfigFileKind;
  readonly file: string;
  /** When set, the layer notes (CP206, CP207) are computed in the worker too: they read the parsed text. */
  readonly folders?: readonly FolderPosture[];
  readonly home?: string;
  /** The team's baseline (plain data), as lintText takes it. */
  readonly baseline?: LintOptions['baseline'];
}

export interface LintOutput {
  readonly findings: readonly Finding[];
  readonly parsed: boolean;
  readonly notes: readonly LayerNote[];
}

/**
 * A file the host gave up on (its work ran past the time budget). Identified by its stat signature,
 * so the same bytes are not tried again, while a saved change is.
 */
export interface TooSlowFile {
  readonly file: string;
  readonly signature: string;
  readonly bytes: number;
  readonly budgetMs: number;
}

export type WorkerRequest =
  | { readonly id: number; readonly op: 'resolve'; readonly input: ResolveInput; readonly tooSlow: readonly TooSlowFile[] }
  | { readonly id: number; readonly op: 'lint'; readonly input: LintInput };

export type WorkerMessage =
  /** Sent once its modules are loaded: a request's time budget counts from here, not from the thread's start. */
  | { readonly id: 0; readonly type: 'ready' }
  /** Sent before a file is read and parsed: if the budget runs out, the host names this file. */
  | { readonly id: number; readonly type: 'reading'; readonly file: string; readonly signature: string; readonly bytes: number }
  | { readonly id: number; readonly type: 'done'; readonly op: 'resolve'; readonly value: PostureSnapshot }
  | { readonly id: number; readonly type: 'done'; readonly op: 'lint'; readonly value: LintOutput }
  | { readonly id: number; readonly type: 'failed'; readonly message: string };

/** A file's stat signature, the same one ConfigFileCache uses to notice a change. */
export function statSignature(st: { size: number; mtimeMs: number; ino: number; ctimeMs: number }): string {
  return `${st.size}:${st.mtimeMs}:${st.ino}:${st.ctimeMs}`;
}
