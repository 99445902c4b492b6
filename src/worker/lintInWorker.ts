// One lint request's work, shared by the worker thread and the host's fallback when no worker runs.
// The layer notes are computed here because they read the parsed document, which stays on this side.
import { pathKindSync } from '../core/config/readConfigFile';
import { layerNotes } from '../core/rules/layerNotes';
import { repositoriesIn } from '../core/config/repositories';
import { lintText } from '../core/rules/lint';
import type { LintInput, LintOutput } from './protocol';

export function lintInWorker(input: LintInput): LintOutput {
  const lint = lintText(input.text, {
    kind: input.kind,
    file: input.file,
    pathKind: pathKindSync,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.home ? { home: input.home } : {}),
    repositoriesIn,
  });
  const notes = input.folders?.length ? layerNotes(input.file, lint.doc, input.folders, input.home) : [];
  return { findings: lint.findings, parsed: lint.parsed, notes };
}
