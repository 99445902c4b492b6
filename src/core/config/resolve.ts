// The posture engine: what Codex 0.171 would really run with in a folder, for given launch
// arguments, with the origin of every value. The order of the steps mirrors Codex's own loading:
// locate layers, decide trust (including auto-trust), add project layers, validate, then resolve
// each posture value from the highest layer that sets it.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigFileCache } from './fileCache';
import { fileLayer, loadTomlFile, lookup, mergeLayers, provenanceIn, SYSTEM_CONFIG_DIR, type Found, type Layer } from './layers';
import { overrideTable, parseOverride } from './overrides';
import { expandHome, projectPermissionProfile } from './permissions';
import { ancestors, canonical, findGitRoots, findProjectRoot } from './projectRoots';
import { getPath, isTable, type TomlTable } from './toml';
import { outsideSandbox } from '../outside/model';
import {
  NO_LAUNCH_ARGS,
  type ApprovalPolicy,
  type ApprovalsReviewer,
  type LaunchArgs,
  type LayerReport,
  type LoadError,
  type PostureSnapshot,
  type Provenance,
  type SandboxMode,
  type Surface,
  type Valued,
  type WebSearchMode,
} from './types';
import { FEATURE_FLAGS, FILES_READ_AT_LOAD } from '../schema';
import {
  checkFile,
  checkFilesReadAtLoad,
  checkLayer,
  checkMerged,
  checkActivePermissions,
  checkModelProvider,
  filesReadAtLoad,
  problemLine,
  stripDenylisted,
  type ConfigProblem,
  type PathKind,
} from './validate';

export interface ResolveOptions {
  readonly cwd: string;
  readonly codexHome: string;
  readonly launch?: LaunchArgs;
  readonly surface?: Surface;
  /** Where the system layer lives; Codex uses SYSTEM_CONFIG_DIR. */
  readonly systemDir?: string;
  /** $HOME, for `~/...` paths in writable_roots and permission profiles (default: this process's). */
  readonly home?: string;
  /** Reuses parsed files across resolutions until they change. */
  readonly cache?: ConfigFileCache;
  /**
   * The environment Codex would start with (default: this process's). Only the variable names
   * are read, to say which reach MCP servers and the agent's commands; never the values.
   */
  readonly env?: NodeJS.ProcessEnv;
}

type TrustLevel = 'trusted' | 'untrusted';
interface TrustHit {
  readonly level: TrustLevel;
  readonly dir: string;
  readonly from: Provenance;
}

/** The keys whose merged view the engine reads (checkMerged and permission profiles). */
const MERGED_KEYS = ['default_permissions', 'permissions', 'sandbox_mode'];

/** Profile names are plain words: no path separators, no dots. */
const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

function dflt<T>(value: T, reason: string): Valued<T> {
  return { value, from: { layer: 'default', reason } };
}

function flag<T>(value: T, arg: string, reason?: string): Valued<T> {
  return { value, from: { layer: 'flag', arg, reason } };
}

function found<T>(f: Found, value: T, reason?: string): Valued<T> {
  return { value, from: reason ? { ...f.from, reason } : f.from };
}

/**
 * Trust entries from the layers Codex reads them from (not `-c`). Keys are compared as written:
 * Codex does no normalising (a trailing slash or `..` in the key makes it match nothing).
 */
function trustTable(stack: readonly Layer[]): Map<string, { level: TrustLevel; from: Provenance }> {
  const out = new Map<string, { level: TrustLevel; from: Provenance }>();
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
function firstTrust(
  entries: Map<string, { level: TrustLevel; from: Provenance }>,
  dirs: readonly (string | undefined)[],
): TrustHit | undefined {
  for (const dir of dirs) {
    const e = dir === undefined ? undefined : entries.get(dir);
    if (e) return { level: e.level, dir: dir!, from: e.from };
  }
  return undefined;
}

function isCliOverride(layer: Layer): boolean {
  return layer.kind === 'override' && (layer.arg?.startsWith('-c ') ?? false);
}

/** `-c` overrides and --approve-for-me's settings: one session-flags layer in Codex. */
function isSessionFlag(layer: Layer): boolean {
  return isCliOverride(layer) || (layer.kind === 'override' && layer.arg === '--approve-for-me');
}

interface SandboxChoice {
  readonly sandbox: Valued<SandboxMode>;
  /** The active permission profile id, or null under the legacy syntax. */
  readonly profile: Valued<string | null>;
  /** Set when a permission profile decides network access and writable roots by itself. */
  readonly profileNetwork?: Valued<boolean>;
  readonly profileRoots?: readonly string[];
  readonly externalSandbox?: boolean;
  /** False for a permission profile that writes only folders outside the project (no auto-trust). */
  readonly writesProject?: boolean;
  /** Set when the active permission profile stops Codex from starting. */
  readonly error?: LoadError;
}

function chooseSandbox(
  stack: readonly Layer[],
  launch: LaunchArgs,
  trust: TrustLevel | undefined,
  merged: TomlTable,
  home: string,
  surface: Surface,
): SandboxChoice {
  const legacy = (sandbox: Valued<SandboxMode>): SandboxChoice => ({ sandbox, profile: { value: null, from: sandbox.from } });
  if (launch.bypass) return legacy(flag('danger-full-access', '--dangerously-bypass-approvals-and-sandbox'));
  // exec puts --approve-for-me's sandbox_mode into the same session-flags layer as -c, where a
  // `-c default_permissions=...` wins over it (measured); the TUI sends the sandbox explicitly.
  const afmInLayer = surface === 'exec' && stack.some((l) => isCliOverride(l) && typeof l.table.default_permissions === 'string');
  if (launch.approveForMe && !afmInLayer) return legacy(flag('workspace-write', '--approve-for-me'));
  if (launch.sandbox) return legacy(flag(launch.sandbox, `-s ${launch.sandbox}`));
  for (let i = stack.length - 1; i >= 0; i--) {
    let layer = stack[i];
    // All `-c` overrides form one layer in Codex (config/read shows one sessionFlags layer), so
    // "the permission-profile syntax wins within a layer" holds across them: `-c
    // default_permissions=...` beats a later `-c sandbox_mode=...` (measured).
    if (isSessionFlag(layer)) {
      let j = i;
      while (j > 0 && isSessionFlag(stack[j - 1])) j--;
      const block = stack.slice(j, i + 1);
      layer =
        [...block].reverse().find((l) => typeof l.table.default_permissions === 'string') ??
        [...block].reverse().find((l) => typeof l.table.sandbox_mode === 'string') ??
        layer;
      i = j;
    }
    const dp = layer.table.default_permissions;
    // Within one layer the permission-profile syntax wins over sandbox_mode.
    if (typeof dp === 'string') {
      const from = provenanceIn(layer, ['default_permissions']);
      // A dangling name is only an error here, where the profile decides the sandbox: a higher
      // sandbox_mode, -s, --yolo or --approve-for-me makes it harmless (measured).
      const dangling = checkMerged({ default_permissions: dp, permissions: merged.permissions ?? {} }).find((p) => p.code === 'CP009');
      if (dangling)
        return { sandbox: dflt('read-only', dangling.message), profile: { value: dp, from }, error: problemToError(dangling, layer) };
      const r = projectPermissionProfile(merged, dp, stack, from, home);
      if (!r.ok)
        return { sandbox: dflt('read-only', r.message), profile: { value: dp, from }, error: { kind: 'config', message: r.message } };
      return {
        sandbox: r.projection.sandbox,
        profile: { value: dp, from },
        profileNetwork: r.projection.network,
        profileRoots: r.projection.writableRoots,
        externalSandbox: r.projection.externalSandbox,
        writesProject: r.projection.writesProject,
      };
    }
    const sm = layer.table.sandbox_mode;
    if (typeof sm === 'string') return legacy({ value: sm as SandboxMode, from: provenanceIn(layer, ['sandbox_mode']) });
  }
  if (trust === undefined) {
    return {
      sandbox: dflt('read-only', 'default because no trust entry applies to this folder'),
      profile: dflt(':read-only', 'implicit profile for a folder with no trust entry'),
    };
  }
  const why = trust === 'trusted' ? 'default because the project is trusted' : 'default for an explicitly untrusted project';
  const customised = lookup(stack, ['sandbox_workspace_write']);
  return {
    sandbox: dflt('workspace-write', why),
    profile: customised
      ? { value: null, from: { ...customised.from, reason: '[sandbox_workspace_write] customises the implicit workspace sandbox' } }
      : dflt(':workspace', `implicit workspace profile (${why.replace(/^default /, '')})`),
  };
}

function chooseApproval(
  stack: readonly Layer[],
  launch: LaunchArgs,
  trust: TrustLevel | undefined,
  surface: Surface,
  reviewer: ApprovalsReviewer,
  warnings: string[],
): Valued<ApprovalPolicy> {
  // --approve-for-me routes approvals to the automatic reviewer: on-request whatever the config says.
  if (launch.approveForMe) return flag('on-request', '--approve-for-me');
  // codex exec has nobody to ask, so it never asks, unless the automatic reviewer answers: with
  // approvals_reviewer = "auto_review" exec keeps the configured policy (measured). The root
  // option -a does not reach exec either way.
  if (surface === 'exec' && reviewer !== 'auto_review') {
    return flag('never', 'codex exec', 'codex exec never asks for approval (unless the automatic reviewer answers)');
  }
  if (launch.bypass) return flag('never', '--dangerously-bypass-approvals-and-sandbox');
  if (launch.approval && surface === 'interactive') return flag(launch.approval as ApprovalPolicy, `-a ${launch.approval}`);
  const f = lookup(stack, ['approval_policy']);
  if (f) {
    if (isTable(f.value)) return found(f, 'granular');
    if (f.value === 'on-failure') {
      warnings.push('approval_policy = "on-failure" is deprecated; Codex reads it as "on-request"');
      return found(f, 'on-request', '"on-failure" is read as "on-request"');
    }
    return found(f, f.value as ApprovalPolicy);
  }
  if (trust === 'untrusted')
    return dflt('untrusted', 'default for an explicitly untrusted project: ask before anything not known to be safe');
  return dflt('on-request', 'default');
}

function chooseReviewer(stack: readonly Layer[], launch: LaunchArgs): Valued<ApprovalsReviewer> {
  if (launch.approveForMe) return flag('auto_review', '--approve-for-me');
  const f = lookup(stack, ['approvals_reviewer']);
  if (f)
    return f.value === 'guardian_subagent'
      ? found(f, 'auto_review', 'guardian_subagent is reported as auto_review')
      : found(f, f.value as ApprovalsReviewer);
  return dflt('user', 'default');
}

function chooseWebSearch(stack: readonly Layer[], fullAccess: boolean): Valued<WebSearchMode> {
  let ws: Valued<WebSearchMode>;
  const f = lookup(stack, ['web_search']);
  // `[features] web_search` is a legacy alias of web_search_request; when both are set the
  // canonical key decides (measured: web_search = true + web_search_request = false is cached).
  const request = lookup(stack, ['features', 'web_search_request']) ?? lookup(stack, ['features', 'web_search']);
  const cached = lookup(stack, ['features', 'web_search_cached']);
  // Deprecated flags, read only when web_search is unset: web_search_cached = true wins over
  // web_search_request = true (measured), and false values change nothing.
  if (f) ws = found(f, f.value as WebSearchMode);
  else if (cached?.value === true) ws = found(cached, 'cached', 'deprecated [features] web_search_cached = true');
  else if (request?.value === true) ws = found(request, 'live', 'deprecated [features] web_search_request = true');
  else ws = dflt('cached', 'default');
  if (fullAccess && ws.value === 'cached') {
    return { value: 'live', from: { ...ws.from, reason: 'danger-full-access turns cached web search into live' } };
  }
  return ws;
}

/**
 * `givenCwd` is the working directory as given, before symlinks are resolved: `--add-dir ../x`
 * and relative `-c` roots resolve against it lexically (measured: cwd `link` -> `repo/work`,
 * `--add-dir ../extra` is `<root>/extra`, not `<root>/repo/extra`).
 */
function chooseWritableRoots(
  stack: readonly Layer[],
  launch: LaunchArgs,
  cwd: string,
  givenCwd: string,
  home: string,
  choice: SandboxChoice,
): Valued<readonly string[]> {
  const roots: string[] = [];
  let from: Provenance | undefined;
  if (choice.profileRoots) {
    // A permission profile brings its own roots; [sandbox_workspace_write] does not apply.
    roots.push(...choice.profileRoots);
    if (choice.profileRoots.length)
      from = { ...choice.profile.from, reason: `filesystem entries of permission profile ${choice.profile.value}` };
  } else {
    const f = lookup(stack, ['sandbox_workspace_write', 'writable_roots']);
    if (f && Array.isArray(f.value)) {
      // `~` and `~/...` are $HOME (in files and in -c alike; `$HOME/...` and `~user` are not
      // expanded); anything else relative resolves against the declaring file's folder (measured).
      for (const r of f.value)
        if (typeof r === 'string')
          roots.push(expandHome(r, home) ?? path.resolve(f.layer.kind === 'override' ? givenCwd : f.layer.baseDir, r));
      from = f.from;
    }
  }
  // --add-dir adds a workspace root: writable under the legacy workspace-write sandbox, and under
  // a permission profile only when the profile writes the project roots (measured: a
  // `:read-only`-based profile that writes just one folder leaves --add-dir out).
  if (!choice.profileRoots || choice.writesProject !== false) for (const d of launch.addDirs) roots.push(path.resolve(givenCwd, d));
  if (!from && launch.addDirs.length) from = { layer: 'flag', arg: '--add-dir' };
  // The working directory is always writable and never listed as an extra root; the session's
  // cwd is the path as given, so the canonical path of a symlinked cwd is still listed (measured).
  const value = [...new Set(roots)].filter((r) => r !== givenCwd);
  return { value, from: from ?? { layer: 'default', reason: 'no extra writable roots' } };
}

function problemToError(problem: ConfigProblem, layer: Layer | undefined): LoadError {
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
function ownerOf(stack: readonly Layer[], keyPath: readonly (string | number)[]): Layer | undefined {
  return lookup(stack, keyPath.map(String))?.layer;
}

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
function layerProblems(layer: Layer): readonly ConfigProblem[] {
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

/**
 * Codex deserialises the merged config, not each file: a bad value that a higher layer replaces is
 * never read (user `sandbox_mode = "bogus"` under a trusted project's `sandbox_mode = "read-only"`,
 * or under `-c sandbox_mode=...` or `--approve-for-me`, loads). Only when the merged view is bad
 * does it go looking for a position: the lowest layer that is bad on its own, and that layer's
 * first problem, even when it is not the value that broke the merged view (measured).
 */
/** A load error Codex names without a line, kept until the checks Codex makes before it have run. */
type Deferred = LoadError & { readonly beforeProvider?: boolean };

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

/** Snapshots are immutable all the way down: surfaces share them and must not edit them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export async function resolvePosture(opts: ResolveOptions): Promise<PostureSnapshot> {
  const launch = opts.launch ?? NO_LAUNCH_ARGS;
  const surface = opts.surface ?? 'interactive';
  const systemDir = opts.systemDir ?? SYSTEM_CONFIG_DIR;
  const cwd = await canonical(opts.cwd);
  // The app-server walks the working directory as it was given (a symlinked path is not
  // resolved) to find .git and the project root, but matches trust against the canonical path.
  // `codex exec` takes its working directory from the process (getcwd), which is canonical; so
  // does a session started with --profile, which only the CLI can start (the app-server refuses
  // --profile, so no IDE passes that symlinked path along).
  const givenCwd = surface === 'exec' || launch.profile !== undefined ? cwd : path.resolve(opts.cwd);
  const codexHome = path.resolve(opts.codexHome);
  const home = path.resolve(opts.home ?? (process.env.HOME || os.homedir()));
  const warnings: string[] = [];
  const layers: LayerReport[] = [];
  const loadFile = (file: string) => (opts.cache ? opts.cache.load(file) : loadTomlFile(file));
  let projectRoot = cwd;
  let gitRoot: string | undefined;

  const fail = (error: LoadError): PostureSnapshot =>
    deepFreeze({ cwd, codexHome, surface, loads: false, loadError: error, projectRoot, gitRoot, layers, warnings });

  // CODEX_HOME must exist; Codex refuses to start otherwise.
  try {
    const st = await fs.stat(codexHome);
    if (!st.isDirectory()) return fail({ kind: 'io', message: `CODEX_HOME ${codexHome} is not a directory` });
  } catch {
    return fail({ kind: 'io', message: `CODEX_HOME points to ${codexHome}, which does not exist` });
  }
  if (launch.profile !== undefined && !PROFILE_NAME.test(launch.profile)) {
    return fail({ kind: 'config', message: `invalid profile name '${launch.profile}': use letters, digits, '-' and '_' only` });
  }

  // --enable/--disable take only feature names Codex knows; it checks them before reading config.
  const unknownFeature = [...launch.enable, ...launch.disable].find((f) => !FEATURE_FLAGS.has(f));
  if (unknownFeature !== undefined) return fail({ kind: 'config', message: `Unknown feature flag: ${unknownFeature}` });

  // Fixed file layers, lowest first.
  const fixed: { kind: Layer['kind']; file: string; optional?: boolean }[] = [
    { kind: 'system', file: path.join(systemDir, 'config.toml') },
    { kind: 'user', file: path.join(codexHome, 'config.toml') },
  ];
  if (launch.profile !== undefined) fixed.push({ kind: 'profile', file: path.join(codexHome, `${launch.profile}.config.toml`) });
  const base: Layer[] = [];
  for (const { kind, file } of fixed) {
    const load = await loadFile(file);
    layers.push({ kind, file, exists: load.status !== 'missing', applied: load.status === 'ok', strippedKeys: [] });
    if (load.status === 'error') return fail(load.error);
    if (load.status === 'missing') continue;
    // Bad values are judged on the whole stack below (validateStack): a higher layer may replace them.
    base.push(fileLayer(kind, file, load));
  }
  if (launch.profile !== undefined) {
    const legacy = base.find((l) => l.kind !== 'profile' && isTable(getPath(l.table, ['profiles', launch.profile!])));
    if (legacy) {
      return fail(
        problemToError(
          {
            code: 'CP010',
            path: ['profiles', launch.profile],
            atHeader: true,
            message: `[profiles.${launch.profile}] cannot be used with --profile ${launch.profile}; move it to ${launch.profile}.config.toml`,
          },
          legacy,
        ),
      );
    }
  }

  // `-c`, `--enable/--disable`, then `--search` (which acts as a trailing `-c web_search="live"`).
  const overrides: Layer[] = [];
  const addOverride = (arg: string, table: TomlTable) => overrides.push({ kind: 'override', table, baseDir: cwd, arg });
  // Codex applies the -c overrides one after another onto one table: a later one that sets a
  // whole table (`-c sandbox_workspace_write={...}`) replaces what earlier ones put below it
  // (measured: a bad `-c sandbox_workspace_write.writable_roots=~/x` followed by it loads).
  const cPaths: (readonly string[])[] = [];
  for (const raw of launch.overrides) {
    const o = parseOverride(raw);
    for (let i = cPaths.length - 1; i >= 0; i--) {
      if (o.path.length <= cPaths[i].length && o.path.every((seg, k) => cPaths[i][k] === seg)) {
        overrides.splice(i, 1);
        cPaths.splice(i, 1);
      }
    }
    addOverride(`-c ${raw}`, overrideTable(o));
    cPaths.push(o.path);
  }
  for (const f of launch.enable) addOverride(`--enable ${f}`, { features: { [f]: true } });
  for (const f of launch.disable) addOverride(`--disable ${f}`, { features: { [f]: false } });
  // `codex --search exec` is accepted and ignored: only the interactive surface turns search live.
  if (launch.search && surface === 'interactive') addOverride('--search', { web_search: 'live' });
  // --approve-for-me becomes session flags above every -c (config/read shows them in the
  // sessionFlags layer), so like -c they replace bad file values before Codex reads them; -s, -a
  // and --yolo are applied after the config is read and replace nothing.
  if (launch.approveForMe)
    addOverride('--approve-for-me', { sandbox_mode: 'workspace-write', approval_policy: 'on-request', approvals_reviewer: 'auto_review' });

  // Managed config sits above everything the user writes.
  const managedFile = path.join(systemDir, 'managed_config.toml');
  const managedLoad = await loadFile(managedFile);
  const managed: Layer[] = [];
  if (managedLoad.status === 'error') return fail(managedLoad.error);
  if (managedLoad.status === 'ok') {
    managed.push(fileLayer('system', managedFile, managedLoad));
    layers.push({ kind: 'system', file: managedFile, exists: true, applied: true, strippedKeys: [] });
  }

  const outside = [...base, ...overrides, ...managed];
  const markersFound = lookup(outside, ['project_root_markers']);
  const markers = Array.isArray(markersFound?.value) ? (markersFound!.value.filter((m) => typeof m === 'string') as string[]) : ['.git'];
  const rootInfo = await findProjectRoot(givenCwd, markers);
  projectRoot = rootInfo.root;
  const git = await findGitRoots(givenCwd);
  gitRoot = git?.main;

  // Trust comes from the file layers and `-c`: Codex splits a `-c` key on every dot and keeps
  // quotes, so the usual `-c 'projects."/r/repo".trust_level=...'` names the project `"/r/repo"`
  // and trusts nothing, while `-c projects./r/repo.trust_level=trusted` (no dots in the path) does,
  // for loading the project layers and for the session defaults alike (measured). Two questions,
  // measured separately:
  // - the session's own trust (defaults, auto-trust): the entry for the cwd, else the git root
  //   (the main repository for a worktree); directories in between do not count;
  // - whether a project `.codex/` at directory D loads: the entry for D, else the project root,
  //   else the git root.
  const cliOverrides = overrides.filter(isCliOverride);
  const entries = trustTable([...base, ...cliOverrides]);
  const sessionDirs = [cwd, givenCwd, git?.main];
  // Trust is read before any project layer: a bad trust_level in a user or profile file is fatal
  // unless `-c` replaces it; a project file that replaces it does not help (measured). Reported
  // after the checks below, which name the file's problems in file order.
  let trustLoadError: LoadError | undefined;
  const trustProblem = checkLayer(
    { projects: mergeLayers([...base, ...cliOverrides], ['projects']).projects ?? {} },
    { isProject: false },
  ).find((p) => p.path[0] === 'projects');
  if (trustProblem) {
    const owner = base.find((l) => layerProblems(l).some((p) => p.path[0] === 'projects'));
    trustLoadError = problemToError(owner ? layerProblems(owner).find((p) => p.path[0] === 'projects')! : trustProblem, owner);
  }

  // Project layers: every `.codex/config.toml` from the project root down to the cwd.
  const projectDirs: string[] = [];
  for (const dir of ancestors(givenCwd)) {
    projectDirs.unshift(dir);
    if (dir === projectRoot) break;
  }

  let autoTrust: { root: string } | undefined;
  let autoEntry: { level: TrustLevel; from: Provenance } | undefined;
  if (firstTrust(entries, sessionDirs) === undefined && surface === 'interactive') {
    // Auto-trust: starting a session whose sandbox can write, in a project with no entry, writes
    // `trust_level = "trusted"` for the git root (outside git: only for a cwd holding `.codex/`).
    // The sandbox it judges includes project layers that existing entries already trust (measured:
    // a trusted subfolder's read-only profile keeps the git root untrusted).
    const trustedBefore: Layer[] = [];
    for (const dir of projectDirs) {
      const file = path.join(dir, '.codex', 'config.toml');
      if (file === path.join(codexHome, 'config.toml')) continue;
      if (firstTrust(entries, [dir, ...(dir === givenCwd ? [cwd] : []), projectRoot, git?.main])?.level !== 'trusted') continue;
      const load = await loadFile(file);
      if (load.status === 'ok') trustedBefore.push(fileLayer('project', file, load, stripDenylisted(load.table).table));
    }
    const preStack = [...base, ...trustedBefore, ...overrides, ...managed];
    const pre = chooseSandbox(preStack, launch, undefined, mergeLayers(preStack, MERGED_KEYS), home, surface);
    if (!pre.error && pre.sandbox.value !== 'read-only' && pre.writesProject !== false) {
      const hasDotCodex = await fs.stat(path.join(cwd, '.codex')).then(
        (s) => s.isDirectory(),
        () => false,
      );
      // In a repository whose root Codex cannot name (a `.git` file that is no linked worktree)
      // it writes the cwd.
      // Outside git a project root marker counts like a `.codex/` at the cwd (measured with
      // `.projectroot` at the cwd and above it); the entry is taken to name the cwd, as for a
      // `.git` file.
      const root = git ? (git.main ?? cwd) : hasDotCodex || rootInfo.marked ? cwd : undefined;
      if (root !== undefined) {
        autoTrust = { root };
        autoEntry = {
          level: 'trusted',
          from: {
            layer: 'user',
            file: path.join(codexHome, 'config.toml'),
            reason: `auto-trust: a session that can write trusts ${root} when it starts`,
          },
        };
        entries.set(root, autoEntry);
      }
    }
  }
  const layerTrust = (dir: string) => firstTrust(entries, [dir, ...(dir === givenCwd ? [cwd] : []), projectRoot, git?.main]);
  const project: Layer[] = [];
  let autoTrustLoadError: LoadError | undefined;
  /** Project layers that load only because the session trusts the project when it starts. */
  const autoTrusted = new Set<Layer>();
  for (const dir of projectDirs) {
    const file = path.join(dir, '.codex', 'config.toml');
    if (file === path.join(codexHome, 'config.toml')) continue;
    const load = await loadFile(file);
    if (load.status === 'missing') continue;
    const t = layerTrust(dir);
    if (t?.level !== 'trusted') {
      const disabledReason =
        t?.level === 'untrusted' ? `${t.dir} is marked untrusted` : `no trust entry covers ${dir}, so Codex ignores its .codex/config.toml`;
      layers.push({ kind: 'project', file, exists: true, applied: false, disabledReason, strippedKeys: [], ...(t ? { trust: t } : {}) });
      continue;
    }
    if (load.status === 'error') {
      layers.push({
        kind: 'project',
        file,
        exists: true,
        applied: false,
        disabledReason: load.error.message,
        strippedKeys: [],
        trust: t,
        ...(autoEntry && t.from === autoEntry.from ? { autoTrusted: true } : {}),
      });
      // A project that only the session's auto-trust brings in is read after Codex has checked
      // the config as it stands before the session: a bad user file is named first (measured).
      if (autoEntry && t.from === autoEntry.from) {
        autoTrustLoadError ??= load.error;
        continue;
      }
      return fail(load.error);
    }
    const { table, stripped } = stripDenylisted(load.table);
    const layer = fileLayer('project', file, load, table);
    const strippedKeys = stripped.map((k) => ({ key: k.join('.'), line: provenanceIn(layer, k).line ?? 1 }));
    for (const s of strippedKeys) warnings.push(`${file}:${s.line}: ${s.key} is ignored in a project config`);
    layers.push({
      kind: 'project',
      file,
      exists: true,
      applied: true,
      strippedKeys,
      trust: t,
      ...(autoEntry && t.from === autoEntry.from ? { autoTrusted: true } : {}),
    });
    project.push(layer);
    if (autoEntry && t.from === autoEntry.from) autoTrusted.add(layer);
  }

  const stack = [...base, ...project, ...overrides, ...managed];
  // First the config as Codex loads it before any session (what `codex debug prompt-input` and
  // the CLI check), then with the layers auto-trust adds when the session starts.
  const deferred: Deferred[] = [];
  const preSession =
    autoTrusted.size || autoTrustLoadError
      ? validateStack(
          stack.filter((l) => !autoTrusted.has(l)),
          [],
          deferred,
        )
      : undefined;
  const loadError = preSession ?? autoTrustLoadError ?? validateStack(stack, warnings, deferred) ?? trustLoadError;
  if (loadError) return fail(loadError);
  const merged = mergeLayers(stack, MERGED_KEYS);
  // A dangling default_permissions is judged where the profile decides (chooseSandbox). Profiles
  // with no default_permissions are fatal only while nothing else picks the sandbox: sandbox_mode
  // in any layer (--approve-for-me included), -s or --yolo.
  const unnamed = launch.sandbox || launch.bypass ? [] : checkMerged(merged).filter((p) => p.code === 'CP008');
  if (unnamed.length) return fail(problemToError(unnamed[0], ownerOf(stack, unnamed[0].path)));

  // The session's defaults read the [projects] table merged with the project layers (a trusted
  // project can mark itself untrusted), for the cwd then the git root only: trust on a custom
  // project_root_markers root loads that root's .codex but keeps read-only defaults (measured).
  const runtimeEntries = trustTable([...base, ...project, ...cliOverrides]);
  if (autoTrust) runtimeEntries.set(autoTrust.root, entries.get(autoTrust.root)!);
  const trustLevel = firstTrust(runtimeEntries, sessionDirs)?.level;
  const choice = chooseSandbox(stack, launch, trustLevel, merged, home, surface);
  if (choice.error) return fail(choice.error);
  // Then, in Codex's order (measured): the compaction limit, the permission profile in use, the
  // provider, the other limits, the files it reads.
  const early = deferred.find((e) => e.beforeProvider);
  if (early) return fail(early);
  const glob = checkActivePermissions(merged);
  if (glob) return fail(problemToError(glob, ownerOf(stack, glob.path)));
  const provider = checkModelProvider(mergeLayers(stack, ['model_provider', 'model_providers']));
  if (provider) return fail(problemToError(provider, ownerOf(stack, provider.path)));
  if (deferred.length) return fail(deferred[0]);
  const unreadable = await unreadableFile(stack);
  if (unreadable) return fail(unreadable);
  let sandbox = choice.sandbox;
  const approvalsReviewer = chooseReviewer(stack, launch);
  let approval = chooseApproval(stack, launch, trustLevel, surface, approvalsReviewer.value, warnings);
  // A profile whose filesystem is wholly writable (":root" = "write") runs as an external sandbox:
  // no restriction on files, but not the danger-full-access policy, so web search stays as set.
  let webSearch = chooseWebSearch(stack, sandbox.value === 'danger-full-access' && !choice.externalSandbox);

  // requirements.toml: a value the administrator does not allow falls back to an allowed one.
  const reqFile = path.join(systemDir, 'requirements.toml');
  const req = await loadFile(reqFile);
  if (req.status === 'ok') {
    const allowed = (key: string): string[] | undefined => {
      const v = req.table[key];
      return Array.isArray(v) ? (v.filter((x) => typeof x === 'string') as string[]) : undefined;
    };
    // Measured on 0.171: the fallback is Codex's own default when the list allows it (live with
    // ["disabled", "cached"] falls back to cached, danger-full-access with ["workspace-write",
    // "read-only"] to read-only), else the first word listed.
    const clamp = <T extends string>(v: Valued<T>, key: string, what: string, preferred: string): Valued<T> => {
      const list = allowed(key);
      if (!list || list.length === 0 || list.includes(v.value)) return v;
      const to = list.includes(preferred) ? preferred : list[0];
      warnings.push(`${what} ${v.value} is not allowed by ${reqFile}; Codex uses ${to}`);
      return { value: to as T, from: { layer: 'requirements', file: reqFile, reason: `${v.value} is not in ${key}` } };
    };
    sandbox = clamp(sandbox, 'allowed_sandbox_modes', 'sandbox', 'read-only');
    approval = clamp(approval, 'allowed_approval_policies', 'approval policy', 'on-request');
    webSearch = clamp(webSearch, 'allowed_web_search_modes', 'web search', 'cached');
  } else if (req.status === 'error') {
    return fail(req.error);
  }

  let networkAccess: Valued<boolean>;
  if (choice.profileNetwork && sandbox.value === choice.sandbox.value) networkAccess = choice.profileNetwork;
  else if (sandbox.value === 'danger-full-access')
    networkAccess = { value: true, from: { ...sandbox.from, reason: 'danger-full-access has no network restriction' } };
  else if (sandbox.value === 'read-only') networkAccess = { value: false, from: { ...sandbox.from, reason: 'read-only has no network' } };
  else {
    const f = lookup(stack, ['sandbox_workspace_write', 'network_access']);
    networkAccess =
      f && typeof f.value === 'boolean'
        ? found(f, f.value)
        : dflt(false, 'workspace-write has no network unless [sandbox_workspace_write] network_access = true');
  }

  const writableRoots: Valued<readonly string[]> =
    sandbox.value === 'workspace-write'
      ? chooseWritableRoots(stack, launch, cwd, givenCwd, home, choice)
      : dflt([], `${sandbox.value} has no writable roots list`);

  const envNames = Object.keys(opts.env ?? process.env).filter((k) => (opts.env ?? process.env)[k] !== undefined);
  const programs = await outsideSandbox({
    stack,
    codexHome,
    systemDir,
    envNames,
    networkOff: !networkAccess.value,
    requirements: req.status === 'ok' ? fileLayer('requirements', reqFile, req) : undefined,
  });
  warnings.push(...programs.warnings);

  const trust = layerTrust(givenCwd);
  const trusted: Valued<boolean | null> = trust
    ? { value: trust.level === 'trusted', from: trust.from }
    : dflt(null, 'no trust entry applies to this folder, its project root or its git root');

  return deepFreeze({
    cwd,
    codexHome,
    surface,
    loads: true,
    sandbox,
    approval,
    approvalsReviewer,
    networkAccess,
    webSearch,
    permissionProfile: choice.profile,
    trusted,
    writableRoots,
    autoTrust,
    projectRoot,
    gitRoot,
    layers,
    warnings,
    outsideSandbox: programs.outside,
  });
}
