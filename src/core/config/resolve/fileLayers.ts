// The layers outside the project, in Codex's order: the fixed files (system, user, --profile),
// then the launch overrides, then the administrator's managed config above them all.
import * as path from 'node:path';
import { fileLayer, type Layer } from '../layers';
import { overrideTable, parseOverride } from '../overrides';
import { getPath, isTable, type TomlTable } from '../toml';
import { failed, type Failed, type ResolveContext } from './context';
import { problemToError } from './errors';

/** Fixed file layers, lowest first. */
export async function loadFixedLayers(ctx: ResolveContext): Promise<Layer[] | Failed> {
  const { launch } = ctx;
  const fixed: { kind: Layer['kind']; file: string; optional?: boolean }[] = [
    { kind: 'system', file: path.join(ctx.systemDir, 'config.toml') },
    { kind: 'user', file: path.join(ctx.codexHome, 'config.toml') },
  ];
  if (launch.profile !== undefined) fixed.push({ kind: 'profile', file: path.join(ctx.codexHome, `${launch.profile}.config.toml`) });
  const base: Layer[] = [];
  for (const { kind, file } of fixed) {
    const load = await ctx.loadFile(file);
    ctx.layers.push({ kind, file, exists: load.status !== 'missing', applied: load.status === 'ok', strippedKeys: [] });
    if (load.status === 'error') return failed(load.error);
    if (load.status === 'missing') continue;
    // Bad values are judged on the whole stack below (validateStack): a higher layer may replace them.
    base.push(fileLayer(kind, file, load));
  }
  if (launch.profile !== undefined) {
    const legacy = base.find((l) => l.kind !== 'profile' && isTable(getPath(l.table, ['profiles', launch.profile!])));
    if (legacy) {
      return failed(
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
  return base;
}

/** `-c`, `--enable/--disable`, then `--search` (which acts as a trailing `-c web_search="live"`). */
export function overrideLayers(ctx: ResolveContext): Layer[] {
  const { launch } = ctx;
  const overrides: Layer[] = [];
  const addOverride = (arg: string, table: TomlTable) => overrides.push({ kind: 'override', table, baseDir: ctx.cwd, arg });
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
  if (launch.search && ctx.surface === 'interactive') addOverride('--search', { web_search: 'live' });
  // --approve-for-me becomes session flags above every -c (config/read shows them in the
  // sessionFlags layer), so like -c they replace bad file values before Codex reads them; -s, -a
  // and --yolo are applied after the config is read and replace nothing.
  if (launch.approveForMe)
    addOverride('--approve-for-me', { sandbox_mode: 'workspace-write', approval_policy: 'on-request', approvals_reviewer: 'auto_review' });
  return overrides;
}

/** Managed config sits above everything the user writes. */
export async function loadManagedLayer(ctx: ResolveContext): Promise<Layer[] | Failed> {
  const managedFile = path.join(ctx.systemDir, 'managed_config.toml');
  const managedLoad = await ctx.loadFile(managedFile);
  const managed: Layer[] = [];
  if (managedLoad.status === 'error') return failed(managedLoad.error);
  if (managedLoad.status === 'ok') {
    managed.push(fileLayer('system', managedFile, managedLoad));
    ctx.layers.push({ kind: 'system', file: managedFile, exists: true, applied: true, strippedKeys: [] });
  }
  return managed;
}
