// Where a load problem is reported: Codex's wording, placed in the file and line that caused it.
import { lookup, type Layer } from '../layers';
import type { LoadError } from '../types';
import { problemLine, type ConfigProblem } from '../validate';

export function problemToError(problem: ConfigProblem, layer: Layer | undefined): LoadError {
  // Codex words these without a file or a position; the file is still where to look.
  if (problem.noLine) return { kind: 'config', message: problem.message, ...(layer?.file ? { file: layer.file } : {}) };
  if (!layer?.file) {
    return { kind: 'config', message: layer?.arg ? `${layer.arg}: ${problem.message}` : problem.message };
  }
  const pos = layer.locations ? problemLine(problem, layer.locations) : undefined;
  const where = pos ? `${layer.file}:${pos.line}:${pos.column}` : layer.file;
  return { kind: 'config', message: `${where}: ${problem.message}`, file: layer.file, line: pos?.line, column: pos?.column };
}

/** The layer that set a key path last, to place a merged-view problem in a file. */
export function ownerOf(stack: readonly Layer[], keyPath: readonly (string | number)[]): Layer | undefined {
  return lookup(stack, keyPath.map(String))?.layer;
}
