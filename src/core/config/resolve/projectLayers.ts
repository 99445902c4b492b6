// The project layers: every trusted `.codex/config.toml` from the project root down to the cwd,
// without the keys a project may not set.
import * as path from 'node:path';
import { fileLayer, lookup, provenanceIn, type Layer } from '../layers';
import { ancestors, findGitRoots, findProjectRoot } from '../projectRoots';
import type { LoadError } from '../types';
import { stripDenylisted } from '../validate';
import { failed, type ConfigLayers, type Failed, type ProjectLayers, type ProjectPlace, type ResolveContext } from './context';
import { trustForDir, type AutoTrust, type Trust } from './trust';

/** Finds the project root and the git repository, and records them on `ctx` for the report. */
export async function locateProject(ctx: ResolveContext, config: ConfigLayers): Promise<ProjectPlace> {
  const outside = [...config.base, ...config.overrides, ...config.managed];
  const markersFound = lookup(outside, ['project_root_markers']);
  const markers = Array.isArray(markersFound?.value) ? (markersFound!.value.filter((m) => typeof m === 'string') as string[]) : ['.git'];
  const rootInfo = await findProjectRoot(ctx.givenCwd, markers);
  ctx.projectRoot = rootInfo.root;
  const git = await findGitRoots(ctx.givenCwd);
  ctx.gitRoot = git?.main;
  // Project layers: every `.codex/config.toml` from the project root down to the cwd.
  const projectDirs: string[] = [];
  for (const dir of ancestors(ctx.givenCwd)) {
    projectDirs.unshift(dir);
    if (dir === rootInfo.root) break;
  }
  return { root: rootInfo.root, marked: rootInfo.marked, git, projectDirs };
}

export async function loadProjectLayers(
  ctx: ResolveContext,
  place: ProjectPlace,
  trust: Trust,
  autoTrust: AutoTrust | undefined,
): Promise<ProjectLayers | Failed> {
  const project: Layer[] = [];
  let autoTrustLoadError: LoadError | undefined;
  const autoTrusted = new Set<Layer>();
  for (const dir of place.projectDirs) {
    const file = path.join(dir, '.codex', 'config.toml');
    if (file === path.join(ctx.codexHome, 'config.toml')) continue;
    const load = await ctx.loadFile(file);
    if (load.status === 'missing') continue;
    const t = trustForDir(ctx, place, trust.entries, dir);
    if (t?.level !== 'trusted') {
      const disabledReason =
        t?.level === 'untrusted' ? `${t.dir} is marked untrusted` : `no trust entry covers ${dir}, so Codex ignores its .codex/config.toml`;
      ctx.layers.push({
        kind: 'project',
        file,
        exists: true,
        applied: false,
        disabledReason,
        strippedKeys: [],
        ...(t ? { trust: t } : {}),
      });
      continue;
    }
    const byAutoTrust = autoTrust !== undefined && t.from === autoTrust.entry.from;
    if (load.status === 'error') {
      ctx.layers.push({
        kind: 'project',
        file,
        exists: true,
        applied: false,
        disabledReason: load.error.message,
        strippedKeys: [],
        trust: t,
        ...(byAutoTrust ? { autoTrusted: true } : {}),
      });
      // A project that only the session's auto-trust brings in is read after Codex has checked
      // the config as it stands before the session: a bad user file is named first (measured).
      if (byAutoTrust) {
        autoTrustLoadError ??= load.error;
        continue;
      }
      return failed(load.error);
    }
    const { table, stripped } = stripDenylisted(load.table);
    const layer = fileLayer('project', file, load, table);
    const strippedKeys = stripped.map((k) => ({ key: k.join('.'), line: provenanceIn(layer, k).line ?? 1 }));
    for (const s of strippedKeys) ctx.warnings.push(`${file}:${s.line}: ${s.key} is ignored in a project config`);
    ctx.layers.push({
      kind: 'project',
      file,
      exists: true,
      applied: true,
      strippedKeys,
      trust: t,
      ...(byAutoTrust ? { autoTrusted: true } : {}),
    });
    project.push(layer);
    if (byAutoTrust) autoTrusted.add(layer);
  }
  return { layers: project, autoTrusted, autoTrustLoadError };
}
