// Typed access to the `codexPosture.*` settings: one place that knows their names and defaults.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseLaunchArgs, UsageError } from '../core/config/launchArgs';
import { NO_LAUNCH_ARGS, SANDBOX_MODES, WEB_SEARCH_MODES, type LaunchArgs, type Surface } from '../core/config/types';
import { compileFeatureBranchPattern, DEFAULT_FEATURE_BRANCH_PATTERN, DEFAULT_PROTECTED_BRANCHES } from '../core/git';
import { DEFAULT_BASELINE, type Baseline } from '../core/present/posture';

export const SECTION = 'codexPosture';

function cfg(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

export interface LaunchSetting {
  readonly args: LaunchArgs;
  readonly raw: readonly string[];
  /** Set when the setting holds arguments Codex itself would reject. */
  readonly error?: string;
}

export function launchArgs(scope?: vscode.ConfigurationScope): LaunchSetting {
  const raw = cfg(scope).get<unknown>('launchArgs', []);
  const list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  // A string ("--profile fast") is what people write first: say so rather than show no arguments.
  if (!Array.isArray(raw) || list.length !== raw.length) {
    return {
      args: NO_LAUNCH_ARGS,
      raw: list,
      error: `must be a list of strings, one per argument, like ["--profile", "fast"]; got ${describe(raw)}`,
    };
  }
  try {
    return { args: parseLaunchArgs(list), raw: list };
  } catch (e) {
    return { args: NO_LAUNCH_ARGS, raw: list, error: e instanceof UsageError ? e.message : String(e) };
  }
}

export function surface(scope?: vscode.ConfigurationScope): Surface {
  return cfg(scope).get<string>('surface') === 'exec' ? 'exec' : 'interactive';
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: readonly T[]): readonly T[] {
  const list = (Array.isArray(value) ? value : [value]).filter(
    (v): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v),
  );
  return list.length ? list : fallback;
}

export function baseline(scope?: vscode.ConfigurationScope): Baseline {
  const b = cfg(scope).get<Record<string, unknown>>('baseline') ?? {};
  return {
    sandbox: pick(b.sandbox, SANDBOX_MODES, DEFAULT_BASELINE.sandbox),
    approval: pick(b.approval, ['on-request', 'never', 'granular', 'untrusted'] as const, DEFAULT_BASELINE.approval),
    networkAccess: typeof b.networkAccess === 'boolean' ? b.networkAccess : DEFAULT_BASELINE.networkAccess,
    webSearch: pick(b.webSearch, WEB_SEARCH_MODES, DEFAULT_BASELINE.webSearch),
  };
}

/** The baseline only when someone set it (user, workspace or folder): the team's stated choice. */
export function explicitBaseline(scope?: vscode.ConfigurationScope): Baseline | undefined {
  const i = cfg(scope).inspect('baseline');
  const set = i && [i.globalValue, i.workspaceValue, i.workspaceFolderValue].some((v) => v !== undefined);
  return set ? baseline(scope) : undefined;
}

export function protectedBranches(scope?: vscode.ConfigurationScope): string[] {
  const v = cfg(scope).get<unknown>('protectedBranches', DEFAULT_PROTECTED_BRANCHES);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [...DEFAULT_PROTECTED_BRANCHES];
}

export function featureBranchPattern(scope?: vscode.ConfigurationScope): string {
  const v = cfg(scope).get<string>('featureBranchPattern', DEFAULT_FEATURE_BRANCH_PATTERN);
  return typeof v === 'string' && v ? v : DEFAULT_FEATURE_BRANCH_PATTERN;
}

/** Machine-scoped only (and a restricted configuration): a workspace must not pick the executable. */
export function codexPath(): string | undefined {
  const inspected = cfg().inspect<string>('codexPath');
  const v = inspected?.globalValue;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** What a wrong setting value is, in a few words, for a message: `the string "--profile fast"`. */
function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  if (Array.isArray(v)) return `a list holding ${describe(v.find((x) => typeof x !== 'string'))}`;
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/**
 * What is wrong with the `codexPosture.*` settings of `scope`, one message each, saying which value
 * is used instead. The getters above fall back quietly (the badge must never break on a setting);
 * these messages make the fallback visible on the badge (launchArgs reports through its own error).
 */
export function settingProblems(scope?: vscode.ConfigurationScope): string[] {
  const c = cfg(scope);
  const out: string[] = [];
  const b = c.get<unknown>('baseline');
  if (b !== undefined && (typeof b !== 'object' || b === null || Array.isArray(b))) {
    out.push(
      `codexPosture.baseline must be an object such as {"sandbox": ["workspace-write"]}; got ${describe(b)}, so the default baseline applies.`,
    );
  } else if (b) {
    const o = b as Record<string, unknown>;
    const lists: [string, readonly string[]][] = [
      ['sandbox', SANDBOX_MODES],
      ['approval', ['on-request', 'never', 'granular', 'untrusted']],
      ['webSearch', WEB_SEARCH_MODES],
    ];
    for (const [key, allowed] of lists) {
      if (o[key] === undefined) continue;
      const bad = (Array.isArray(o[key]) ? (o[key] as unknown[]) : [o[key]]).filter((v) => typeof v !== 'string' || !allowed.includes(v));
      if (bad.length) {
        const used = baseline(scope)[key as 'sandbox' | 'approval' | 'webSearch'].join(', ');
        out.push(
          `codexPosture.baseline.${key}: ${bad.map((v) => JSON.stringify(v)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not one of ${allowed.join(', ')}; using ${used}.`,
        );
      }
    }
    if (o.networkAccess !== undefined && typeof o.networkAccess !== 'boolean') {
      out.push(
        `codexPosture.baseline.networkAccess must be true or false; got ${describe(o.networkAccess)}, so the baseline is network off.`,
      );
    }
  }
  const surfaceValue = c.get<unknown>('surface');
  if (surfaceValue !== undefined && surfaceValue !== 'interactive' && surfaceValue !== 'exec') {
    out.push(`codexPosture.surface must be "interactive" or "exec"; got ${describe(surfaceValue)}, so "interactive" applies.`);
  }
  const branches = c.get<unknown>('protectedBranches');
  if (branches !== undefined && (!Array.isArray(branches) || branches.some((x) => typeof x !== 'string'))) {
    out.push(
      `codexPosture.protectedBranches must be a list of branch names or globs, like ["main", "release/*"]; got ${describe(branches)}, so ${Array.isArray(branches) ? 'only its strings count' : `the defaults apply (${DEFAULT_PROTECTED_BRANCHES.join(', ')})`}.`,
    );
  }
  const pattern = c.get<unknown>('featureBranchPattern');
  if (pattern !== undefined && typeof pattern !== 'string') {
    out.push(
      `codexPosture.featureBranchPattern must be a regular expression in a string; got ${describe(pattern)}, so the default pattern applies.`,
    );
  } else if (typeof pattern === 'string') {
    const re = compileFeatureBranchPattern(pattern);
    if (re instanceof Error) out.push(`codexPosture.featureBranchPattern: ${re.message}. Branches are not checked against it.`);
  }
  return out;
}

/** Settings whose change requires a new posture. */
export const POSTURE_SETTINGS = ['launchArgs', 'surface', 'baseline', 'protectedBranches', 'featureBranchPattern', 'codexPath'].map(
  (k) => `${SECTION}.${k}`,
);

/**
 * A path setting the extension writes to, resolved against the folder: absolute stays, relative is
 * below the folder. A value from the workspace's own settings (which a cloned repository brings
 * along) must stay inside the folder, else it is ignored: a repository must not make the extension
 * append to, say, ~/.codex/config.toml. The user's own settings may point anywhere.
 */
function folderPath(key: string, fallback: string, folder: vscode.WorkspaceFolder): string {
  const resolve = (v: unknown) =>
    path.resolve(folder.uri.fsPath, typeof v === 'string' && v.trim() ? v.trim().replace(/^~(?=$|[\\/])/, os.homedir()) : fallback);
  const i = cfg(folder).inspect<string>(key);
  const fromWorkspace = i?.workspaceFolderValue ?? i?.workspaceValue;
  if (fromWorkspace !== undefined) {
    const p = resolve(fromWorkspace);
    const rel = path.relative(folder.uri.fsPath, p);
    if (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel)) return p;
  }
  return resolve(i?.globalValue ?? fallback);
}

/** Folder that "Finish Session" writes session records into. */
export function sessionRecordsFolder(folder: vscode.WorkspaceFolder): string {
  return folderPath('session.recordsFolder', '.codex-posture/sessions', folder);
}

/** The approval and exception log (JSON lines). */
export function approvalLogFile(folder: vscode.WorkspaceFolder): string {
  return folderPath('session.approvalLog', '.codex-posture/approvals.jsonl', folder);
}

export function exceptionExpiryDays(scope?: vscode.ConfigurationScope): number {
  const v = cfg(scope).get<number>('session.exceptionExpiryDays', 7);
  return typeof v === 'number' && v > 0 && v <= 366 ? v : 7;
}

export function auditReminder(): boolean {
  return cfg().get<boolean>('audit.reminder', true) !== false;
}

/** Settings the session checklist depends on. */
export const SESSION_SETTINGS = ['session.recordsFolder', 'session.approvalLog', 'session.exceptionExpiryDays'].map(
  (k) => `${SECTION}.${k}`,
);
