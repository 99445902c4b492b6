// The posture engine: what Codex 0.171 would really run with in a folder, for given launch
// arguments, with the origin of every value. The order of the steps mirrors Codex's own loading:
// locate layers, decide trust (including auto-trust), add project layers, validate, then resolve
// each posture value from the highest layer that sets it. Each step is a phase in resolve/.
import type { Layer } from './layers';
import { outsideSandbox } from '../outside/model';
import type { LoadError, PostureSnapshot, Valued } from './types';
import { dflt, isFailed, type ResolveContext, type ResolveOptions } from './resolve/context';
import { loadFixedLayers, loadManagedLayer, overrideLayers } from './resolve/fileLayers';
import { checkLoads } from './resolve/loadCheck';
import { createContext, preflightError } from './resolve/preflight';
import { loadProjectLayers, locateProject } from './resolve/projectLayers';
import { decideAutoTrust, readTrust, sessionTrustLevel, trustForDir } from './resolve/trust';
import { chooseValues, type PostureValues } from './resolve/values';

export type { ResolveOptions } from './resolve/context';

/** Snapshots are immutable all the way down: surfaces share them and must not edit them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The snapshot of a Codex that does not start: what was read up to the failure, and why. */
function failure(ctx: ResolveContext, error: LoadError): PostureSnapshot {
  const { cwd, codexHome, surface, projectRoot, gitRoot, layers, warnings } = ctx;
  return deepFreeze({ cwd, codexHome, surface, loads: false, loadError: error, projectRoot, gitRoot, layers, warnings });
}

/** What a session start runs outside the sandbox, from the same layers; its warnings join the report's. */
async function runsOutside(ctx: ResolveContext, opts: ResolveOptions, stack: readonly Layer[], values: PostureValues) {
  const envNames = Object.keys(opts.env ?? process.env).filter((k) => (opts.env ?? process.env)[k] !== undefined);
  const programs = await outsideSandbox({
    stack,
    codexHome: ctx.codexHome,
    systemDir: ctx.systemDir,
    envNames,
    networkOff: !values.networkAccess.value,
    requirements: values.requirements,
  });
  ctx.warnings.push(...programs.warnings);
  return programs.outside;
}

export async function resolvePosture(opts: ResolveOptions): Promise<PostureSnapshot> {
  const ctx = await createContext(opts);
  const refused = await preflightError(ctx);
  if (refused) return failure(ctx, refused);

  const base = await loadFixedLayers(ctx);
  if (isFailed(base)) return failure(ctx, base.failed);
  const overrides = overrideLayers(ctx);
  const managed = await loadManagedLayer(ctx);
  if (isFailed(managed)) return failure(ctx, managed.failed);
  const config = { base, overrides, managed };

  const place = await locateProject(ctx, config);
  const trust = readTrust(ctx, config, place);
  const autoTrust = await decideAutoTrust(ctx, config, place, trust);
  const project = await loadProjectLayers(ctx, place, trust, autoTrust);
  if (isFailed(project)) return failure(ctx, project.failed);

  const stack = [...base, ...project.layers, ...overrides, ...managed];
  const trustLevel = sessionTrustLevel(config, project.layers, trust, autoTrust);
  const choice = await checkLoads(ctx, stack, project, trust.loadError, trustLevel);
  if (isFailed(choice)) return failure(ctx, choice.failed);
  const values = await chooseValues(ctx, stack, choice, trustLevel);
  if (isFailed(values)) return failure(ctx, values.failed);

  const programs = await runsOutside(ctx, opts, stack, values);
  const trustHit = trustForDir(ctx, place, trust.entries, ctx.givenCwd);
  const trusted: Valued<boolean | null> = trustHit
    ? { value: trustHit.level === 'trusted', from: trustHit.from }
    : dflt(null, 'no trust entry applies to this folder, its project root or its git root');

  return deepFreeze({
    cwd: ctx.cwd,
    codexHome: ctx.codexHome,
    surface: ctx.surface,
    loads: true,
    sandbox: values.sandbox,
    approval: values.approval,
    approvalsReviewer: values.approvalsReviewer,
    networkAccess: values.networkAccess,
    webSearch: values.webSearch,
    permissionProfile: choice.profile,
    trusted,
    writableRoots: values.writableRoots,
    autoTrust: autoTrust && { root: autoTrust.root },
    projectRoot: ctx.projectRoot,
    gitRoot: ctx.gitRoot,
    layers: ctx.layers,
    warnings: ctx.warnings,
    outsideSandbox: programs,
  });
}
