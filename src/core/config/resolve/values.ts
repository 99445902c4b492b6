// The posture values, each from the highest layer that sets it, then clamped by the
// administrator's requirements.toml: sandbox, approvals, reviewer, web search, network, roots.
import * as path from 'node:path';
import { fileLayer, lookup, provenanceIn, type Layer } from '../layers';
import { expandHome, projectPermissionProfile } from '../permissions';
import { isTable, type TomlTable } from '../toml';
import type {
  ApprovalPolicy,
  ApprovalsReviewer,
  LaunchArgs,
  LoadError,
  Provenance,
  SandboxMode,
  Surface,
  Valued,
  WebSearchMode,
} from '../types';
import { checkMerged } from '../validate';
import {
  dflt,
  failed,
  flag,
  found,
  isCliOverride,
  isFailed,
  isSessionFlag,
  type Failed,
  type ResolveContext,
  type TrustLevel,
} from './context';
import { problemToError } from './errors';

export interface SandboxChoice {
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

export function chooseSandbox(
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

function chooseNetwork(stack: readonly Layer[], sandbox: Valued<SandboxMode>, choice: SandboxChoice): Valued<boolean> {
  if (choice.profileNetwork && sandbox.value === choice.sandbox.value) return choice.profileNetwork;
  if (sandbox.value === 'danger-full-access')
    return { value: true, from: { ...sandbox.from, reason: 'danger-full-access has no network restriction' } };
  if (sandbox.value === 'read-only') return { value: false, from: { ...sandbox.from, reason: 'read-only has no network' } };
  const f = lookup(stack, ['sandbox_workspace_write', 'network_access']);
  return f && typeof f.value === 'boolean'
    ? found(f, f.value)
    : dflt(false, 'workspace-write has no network unless [sandbox_workspace_write] network_access = true');
}

interface Clampable {
  readonly sandbox: Valued<SandboxMode>;
  readonly approval: Valued<ApprovalPolicy>;
  readonly webSearch: Valued<WebSearchMode>;
}

/** The values after requirements.toml, and that file as a layer when there is one. */
interface Required extends Clampable {
  readonly requirements?: Layer;
}

/** requirements.toml: a value the administrator does not allow falls back to an allowed one. */
async function applyRequirements(ctx: ResolveContext, values: Clampable): Promise<Required | Failed> {
  const reqFile = path.join(ctx.systemDir, 'requirements.toml');
  const req = await ctx.loadFile(reqFile);
  if (req.status === 'missing') return values;
  if (req.status === 'error') return failed(req.error);
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
    ctx.warnings.push(`${what} ${v.value} is not allowed by ${reqFile}; Codex uses ${to}`);
    return { value: to as T, from: { layer: 'requirements', file: reqFile, reason: `${v.value} is not in ${key}` } };
  };
  return {
    sandbox: clamp(values.sandbox, 'allowed_sandbox_modes', 'sandbox', 'read-only'),
    approval: clamp(values.approval, 'allowed_approval_policies', 'approval policy', 'on-request'),
    webSearch: clamp(values.webSearch, 'allowed_web_search_modes', 'web search', 'cached'),
    requirements: fileLayer('requirements', reqFile, req),
  };
}

export interface PostureValues extends Required {
  readonly approvalsReviewer: Valued<ApprovalsReviewer>;
  readonly networkAccess: Valued<boolean>;
  readonly writableRoots: Valued<readonly string[]>;
}

export async function chooseValues(
  ctx: ResolveContext,
  stack: readonly Layer[],
  choice: SandboxChoice,
  trustLevel: TrustLevel | undefined,
): Promise<PostureValues | Failed> {
  const approvalsReviewer = chooseReviewer(stack, ctx.launch);
  const approval = chooseApproval(stack, ctx.launch, trustLevel, ctx.surface, approvalsReviewer.value, ctx.warnings);
  // A profile whose filesystem is wholly writable (":root" = "write") runs as an external sandbox:
  // no restriction on files, but not the danger-full-access policy, so web search stays as set.
  const webSearch = chooseWebSearch(stack, choice.sandbox.value === 'danger-full-access' && !choice.externalSandbox);
  const required = await applyRequirements(ctx, { sandbox: choice.sandbox, approval, webSearch });
  if (isFailed(required)) return required;
  const { sandbox } = required;
  const writableRoots: Valued<readonly string[]> =
    sandbox.value === 'workspace-write'
      ? chooseWritableRoots(stack, ctx.launch, ctx.cwd, ctx.givenCwd, ctx.home, choice)
      : dflt([], `${sandbox.value} has no writable roots list`);
  return { ...required, approvalsReviewer, networkAccess: chooseNetwork(stack, sandbox, choice), writableRoots };
}
