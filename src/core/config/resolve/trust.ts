// Trust: the entries Codex reads before any project layer, the one a session that can write adds
// for its project when it starts (auto-trust), and the trust that picks the session's defaults.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileLayer, mergeLayers, provenanceIn, type Layer } from '../layers';
import { isTable } from '../toml';
import type { LoadError, Provenance } from '../types';
import { checkLayer, stripDenylisted } from '../validate';
import { isCliOverride, MERGED_KEYS, type ConfigLayers, type ProjectPlace, type ResolveContext, type TrustLevel } from './context';
import { problemToError } from './errors';
import { layerProblems } from './loadCheck';
import { chooseSandbox } from './values';

export interface TrustHit {
  readonly level: TrustLevel;
  readonly dir: string;
  readonly from: Provenance;
}

type TrustEntries = Map<string, { level: TrustLevel; from: Provenance }>;

/**
 * Trust entries from the layers Codex reads them from (not `-c`). Keys are compared as written:
 * Codex does no normalising (a trailing slash or `..` in the key makes it match nothing).
 */
function trustTable(stack: readonly Layer[]): TrustEntries {
  const out: TrustEntries = new Map();
  for (const layer of stack) {
    const projects = layer.table.projects;
    if (!isTable(projects)) continue;
    for (const [dir, entry] of Object.entries(projects)) {
      if (!isTable(entry)) continue;
      const level = entry.trust_level;
      if (level !== 'trusted' && level !== 'untrusted') continue;
      out.set(dir, { level, from: provenanceIn(layer, ['projects', dir, 'trust_level']) });
    }
  }
  return out;
}

/** The first of `dirs` with a trust entry. */
function firstTrust(entries: TrustEntries, dirs: readonly (string | undefined)[]): TrustHit | undefined {
  for (const dir of dirs) {
    const e = dir === undefined ? undefined : entries.get(dir);
    if (e) return { level: e.level, dir: dir!, from: e.from };
  }
  return undefined;
}

export interface Trust {
  /** Entries from the file layers and `-c`; auto-trust adds its own (decideAutoTrust). */
  readonly entries: TrustEntries;
  /** The session's own trust is the first of these with an entry. */
  readonly sessionDirs: readonly (string | undefined)[];
  /** A bad trust_level, reported after the other files' problems (checkLoads). */
  readonly loadError: LoadError | undefined;
}

export function readTrust(ctx: ResolveContext, config: ConfigLayers, place: ProjectPlace): Trust {
  // Trust comes from the file layers and `-c`: Codex splits a `-c` key on every dot and keeps
  // quotes, so the usual `-c 'projects."/r/repo".trust_level=...'` names the project `"/r/repo"`
  // and trusts nothing, while `-c projects./r/repo.trust_level=trusted` (no dots in the path) does,
  // for loading the project layers and for the session defaults alike (measured). Two questions,
  // measured separately:
  // - the session's own trust (defaults, auto-trust): the entry for the cwd, else the git root
  //   (the main repository for a worktree); directories in between do not count;
  // - whether a project `.codex/` at directory D loads: the entry for D, else the project root,
  //   else the git root.
  const cliOverrides = config.overrides.filter(isCliOverride);
  const entries = trustTable([...config.base, ...cliOverrides]);
  const sessionDirs = [ctx.cwd, ctx.givenCwd, place.git?.main];
  // Trust is read before any project layer: a bad trust_level in a user or profile file is fatal
  // unless `-c` replaces it; a project file that replaces it does not help (measured). Reported
  // after the checks below, which name the file's problems in file order.
  let loadError: LoadError | undefined;
  const trustProblem = checkLayer(
    { projects: mergeLayers([...config.base, ...cliOverrides], ['projects']).projects ?? {} },
    { isProject: false },
  ).find((p) => p.path[0] === 'projects');
  if (trustProblem) {
    const owner = config.base.find((l) => layerProblems(l).some((p) => p.path[0] === 'projects'));
    loadError = problemToError(owner ? layerProblems(owner).find((p) => p.path[0] === 'projects')! : trustProblem, owner);
  }
  return { entries, sessionDirs, loadError };
}

/** Whether the `.codex/` at `dir` loads: the entry for `dir`, else the project root, else the git root. */
export function trustForDir(ctx: ResolveContext, place: ProjectPlace, entries: TrustEntries, dir: string): TrustHit | undefined {
  return firstTrust(entries, [dir, ...(dir === ctx.givenCwd ? [ctx.cwd] : []), place.root, place.git?.main]);
}

export interface AutoTrust {
  readonly root: string;
  /** The entry it writes, also put in Trust.entries: a project layer trusted by it is this entry. */
  readonly entry: { level: TrustLevel; from: Provenance };
}

/** Adds the auto-trust entry to `trust.entries` when the session would write one. */
export async function decideAutoTrust(
  ctx: ResolveContext,
  config: ConfigLayers,
  place: ProjectPlace,
  trust: Trust,
): Promise<AutoTrust | undefined> {
  if (firstTrust(trust.entries, trust.sessionDirs) !== undefined || ctx.surface !== 'interactive') return undefined;
  // Auto-trust: starting a session whose sandbox can write, in a project with no entry, writes
  // `trust_level = "trusted"` for the git root (outside git: only for a cwd holding `.codex/`).
  // The sandbox it judges includes project layers that existing entries already trust (measured:
  // a trusted subfolder's read-only profile keeps the git root untrusted).
  const trustedBefore: Layer[] = [];
  for (const dir of place.projectDirs) {
    const file = path.join(dir, '.codex', 'config.toml');
    if (file === path.join(ctx.codexHome, 'config.toml')) continue;
    if (trustForDir(ctx, place, trust.entries, dir)?.level !== 'trusted') continue;
    const load = await ctx.loadFile(file);
    if (load.status === 'ok') trustedBefore.push(fileLayer('project', file, load, stripDenylisted(load.table).table));
  }
  const preStack = [...config.base, ...trustedBefore, ...config.overrides, ...config.managed];
  const pre = chooseSandbox(preStack, ctx.launch, undefined, mergeLayers(preStack, MERGED_KEYS), ctx.home, ctx.surface);
  if (pre.error || pre.sandbox.value === 'read-only' || pre.writesProject === false) return undefined;
  const hasDotCodex = await fs.stat(path.join(ctx.cwd, '.codex')).then(
    (s) => s.isDirectory(),
    () => false,
  );
  // In a repository whose root Codex cannot name (a `.git` file that is no linked worktree)
  // it writes the cwd.
  // Outside git a project root marker counts like a `.codex/` at the cwd (measured with
  // `.projectroot` at the cwd and above it); the entry is taken to name the cwd, as for a
  // `.git` file.
  const root = place.git ? (place.git.main ?? ctx.cwd) : hasDotCodex || place.marked ? ctx.cwd : undefined;
  if (root === undefined) return undefined;
  const entry: AutoTrust['entry'] = {
    level: 'trusted',
    from: {
      layer: 'user',
      file: path.join(ctx.codexHome, 'config.toml'),
      reason: `auto-trust: a session that can write trusts ${root} when it starts`,
    },
  };
  trust.entries.set(root, entry);
  return { root, entry };
}

/**
 * The session's defaults read the [projects] table merged with the project layers (a trusted
 * project can mark itself untrusted), for the cwd then the git root only: trust on a custom
 * project_root_markers root loads that root's .codex but keeps read-only defaults (measured).
 */
export function sessionTrustLevel(
  config: ConfigLayers,
  project: readonly Layer[],
  trust: Trust,
  autoTrust: AutoTrust | undefined,
): TrustLevel | undefined {
  const runtimeEntries = trustTable([...config.base, ...project, ...config.overrides.filter(isCliOverride)]);
  if (autoTrust) runtimeEntries.set(autoTrust.root, autoTrust.entry);
  return firstTrust(runtimeEntries, trust.sessionDirs)?.level;
}
