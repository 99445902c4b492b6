// "Does it load": the checks Codex makes on the assembled layers, in the order it makes them.
// Most problems are judged on the merged config, so a bad value a higher layer replaces loads.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { lookup, mergeLayers, type Layer } from '../layers';
import { getPath } from '../toml';
import type { LoadError } from '../types';
import { FILES_READ_AT_LOAD } from '../../schema';
import {
  checkActivePermissions,
  checkFile,
  checkFilesReadAtLoad,
  checkLayer,
  checkMerged,
  checkModelProvider,
  filesReadAtLoad,
  problemLine,
  type ConfigProblem,
  type PathKind,
} from '../validate';
import { failed, MERGED_KEYS, type Failed, type ProjectLayers, type ResolveContext, type TrustLevel } from './context';
import { ownerOf, problemToError } from './errors';
import { chooseSandbox, type SandboxChoice } from './values';

const POST_CHECKS = new Set(['CP003', 'CP004']);

/**
 * A file whose writable_roots hold a path that is not absolute (`rel`, `~/x`) is deserialised on
 * its own, to resolve those paths against its folder: its bad values are then fatal even where a
 * higher layer replaces them (measured: user `sandbox_mode = "bogus"` + `writable_roots = ["rel"]`
 * under `-c sandbox_mode=...` fails, with `["/abs"]` it loads).
 */
function readOnItsOwn(layer: Layer): boolean {
  if (layer.kind === 'override' || !layer.file) return false;
  const roots = getPath(layer.table, ['sandbox_workspace_write', 'writable_roots']);
  return Array.isArray(roots) && roots.some((r) => typeof r === 'string' && !path.isAbsolute(r));
}

/** A layer's problems in file order: Codex reports the first one it meets reading the file. */
export function layerProblems(layer: Layer): readonly ConfigProblem[] {
  const isProject = layer.kind === 'project';
  const problems = layer.written
    ? checkFile(layer.written, { isProject, integralFloats: layer.integralFloats, effective: layer.table }).problems
    : checkLayer(layer.table, { isProject });
  if (problems.length < 2 || !layer.locations) return problems;
  // Retired values (`approval_policy = "untrusted"`, top-level `profile`) are checked after the
  // file has deserialised: a wrong type anywhere in the file is named first (measured).
  const at = (p: ConfigProblem) =>
    (POST_CHECKS.has(p.code) ? undefined : problemLine(p, layer.locations!)) ?? { line: Infinity, column: Infinity };
  return problems
    .map((p) => ({ p, pos: at(p) }))
    .sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column)
    .map((x) => x.p);
}

/** A load error Codex names without a line, kept until the checks Codex makes before it have run. */
export type Deferred = LoadError & { readonly beforeProvider?: boolean };

/**
 * Codex deserialises the merged config, not each file: a bad value that a higher layer replaces is
 * never read (user `sandbox_mode = "bogus"` under a trusted project's `sandbox_mode = "read-only"`,
 * or under `-c sandbox_mode=...` or `--approve-for-me`, loads). Only when the merged view is bad
 * does it go looking for a position: the lowest layer that is bad on its own, and that layer's
 * first problem, even when it is not the value that broke the merged view (measured).
 */
function validateStack(stack: readonly Layer[], warnings: string[], deferred: Deferred[] = []): LoadError | undefined {
  const failing = stack.map((layer) => ({ layer, problems: layerProblems(layer) })).filter((x) => x.problems.length);
  if (failing.length === 0) return undefined;
  // Every per-layer problem sits under one top-level key, and a layer's valid value can only
  // replace (or merge with) another's, so the merged view needs only those keys.
  const keys = [...new Set(failing.flatMap((x) => x.problems.map((p) => String(p.path[0]))))];
  // The merged view holds numbers, not how they were written: a `1e5` is bad where it wins.
  const floatWins = failing.some((x) => x.problems.some((p) => p.integralFloat && ownerOf(stack, p.path) === x.layer));
  if (floatWins || failing.some((x) => readOnItsOwn(x.layer)) || checkLayer(mergeLayers(stack, keys), { isProject: false }).length > 0) {
    // Deserialising comes first: a layer with a wrong type or value is named before one whose
    // only problem is a retired value.
    // A problem Codex names without a line is found only after the rest of the config has
    // been read (the permissions, the provider): the caller reports it in that order.
    const lined = failing.map((x) => ({ ...x, problems: x.problems.filter((p) => !p.noLine) })).filter((x) => x.problems.length);
    if (!lined.length) {
      const p = failing[0].problems.find((x) => x.beforeProvider) ?? failing[0].problems[0];
      deferred.push({ ...problemToError(p, failing[0].layer), ...(p.beforeProvider ? { beforeProvider: true } : {}) });
      return undefined;
    }
    const first = lined.find((x) => x.problems.some((p) => !POST_CHECKS.has(p.code))) ?? lined[0];
    return problemToError(first.problems[0], first.layer);
  }
  for (const { layer, problems } of failing) {
    for (const p of problems) {
      if (p.onlyWhenFailing) continue;
      const where = problemToError(p, layer).message;
      warnings.push(`${where} (never read: a higher layer sets ${p.path.join('.')})`);
    }
  }
  return undefined;
}

/** The first file Codex reads while loading that is not there, from the layer that names it. */
async function unreadableFile(stack: readonly Layer[]): Promise<LoadError | undefined> {
  const files = FILES_READ_AT_LOAD.flatMap(({ key }) => {
    const f = lookup(stack, [key]);
    return f ? filesReadAtLoad({ [key]: f.value }, f.layer.baseDir).map((x) => ({ ...x, layer: f.layer })) : [];
  });
  if (!files.length) return undefined;
  const kinds = new Map<string, PathKind>();
  for (const f of files) {
    const st = await fs.stat(f.file).catch(() => undefined);
    kinds.set(f.file, !st ? 'missing' : st.isFile() ? 'file' : 'not-file');
  }
  const problem = checkFilesReadAtLoad(files, (file) => kinds.get(file) ?? 'missing');
  return problem && problemToError(problem, files.find((f) => f.key === problem.path[0])?.layer);
}

/**
 * Whether Codex starts with `stack`, checked in its order; when it does, the sandbox it picks.
 * `trustLoadError` is a bad trust_level (readTrust), named after the other files' problems;
 * `trustLevel` is the session's own trust (sessionTrustLevel), which the sandbox default reads.
 */
export async function checkLoads(
  ctx: ResolveContext,
  stack: readonly Layer[],
  project: ProjectLayers,
  trustLoadError: LoadError | undefined,
  trustLevel: TrustLevel | undefined,
): Promise<SandboxChoice | Failed> {
  const { launch } = ctx;
  // First the config as Codex loads it before any session (what `codex debug prompt-input` and
  // the CLI check), then with the layers auto-trust adds when the session starts.
  const deferred: Deferred[] = [];
  const preSession =
    project.autoTrusted.size || project.autoTrustLoadError
      ? validateStack(
          stack.filter((l) => !project.autoTrusted.has(l)),
          [],
          deferred,
        )
      : undefined;
  const loadError = preSession ?? project.autoTrustLoadError ?? validateStack(stack, ctx.warnings, deferred) ?? trustLoadError;
  if (loadError) return failed(loadError);
  const merged = mergeLayers(stack, MERGED_KEYS);
  // A dangling default_permissions is judged where the profile decides (chooseSandbox). Profiles
  // with no default_permissions are fatal only while nothing else picks the sandbox: sandbox_mode
  // in any layer (--approve-for-me included), -s or --yolo.
  const unnamed = launch.sandbox || launch.bypass ? [] : checkMerged(merged).filter((p) => p.code === 'CP008');
  if (unnamed.length) return failed(problemToError(unnamed[0], ownerOf(stack, unnamed[0].path)));

  const choice = chooseSandbox(stack, launch, trustLevel, merged, ctx.home, ctx.surface);
  if (choice.error) return failed(choice.error);
  // Then, in Codex's order (measured): the compaction limit, the permission profile in use, the
  // provider, the other limits, the files it reads.
  const early = deferred.find((e) => e.beforeProvider);
  if (early) return failed(early);
  const glob = checkActivePermissions(merged);
  if (glob) return failed(problemToError(glob, ownerOf(stack, glob.path)));
  const provider = checkModelProvider(mergeLayers(stack, ['model_provider', 'model_providers']));
  if (provider) return failed(problemToError(provider, ownerOf(stack, provider.path)));
  if (deferred.length) return failed(deferred[0]);
  const unreadable = await unreadableFile(stack);
  if (unreadable) return failed(unreadable);
  return choice;
}
