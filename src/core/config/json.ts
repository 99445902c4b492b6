// The JSON contract of `codex-posture status --json`. Other tools rely on these
// field names; add fields, never rename them.
import type { LoadError, OutsideSandbox, PostureSnapshot, Provenance } from './types';

export interface PostureJson {
  loads: boolean;
  loadError?: LoadError;
  cwd: string;
  codexHome: string;
  surface: string;
  sandbox?: string;
  approval?: string;
  approvalsReviewer?: string;
  networkAccess?: boolean;
  webSearch?: string;
  permissionProfile?: string | null;
  trusted?: boolean | null;
  writableRoots?: string[];
  autoTrust?: { root: string };
  projectRoot: string;
  gitRoot: string | null;
  provenance: Record<string, Provenance>;
  layers: PostureSnapshot['layers'];
  warnings: readonly string[];
  /**
   * What a session start runs outside the sandbox (MCP servers, hooks, notify), what the agent's
   * commands inherit, and what an administrator requires. Variable names only, never values;
   * commands and URLs with secrets in them redacted.
   */
  outsideSandbox?: OutsideSandbox;
}

const FIELDS = [
  'sandbox',
  'approval',
  'approvalsReviewer',
  'networkAccess',
  'webSearch',
  'permissionProfile',
  'trusted',
  'writableRoots',
] as const;

export function postureToJson(s: PostureSnapshot): PostureJson {
  const out = { loads: s.loads } as PostureJson;
  if (s.loadError) out.loadError = s.loadError;
  for (const f of FIELDS) {
    const v = s[f];
    if (v) (out as unknown as Record<string, unknown>)[f] = Array.isArray(v.value) ? [...v.value] : v.value;
  }
  Object.assign(out, {
    cwd: s.cwd,
    codexHome: s.codexHome,
    surface: s.surface,
    projectRoot: s.projectRoot,
    gitRoot: s.gitRoot ?? null,
    provenance: {},
    layers: s.layers,
    warnings: s.warnings,
  });
  for (const f of FIELDS) {
    const v = s[f];
    if (v) out.provenance[f] = v.from;
  }
  if (s.autoTrust) out.autoTrust = s.autoTrust;
  if (s.outsideSandbox) out.outsideSandbox = s.outsideSandbox;
  return out;
}

/** "user ~/.codex/config.toml:3", "flag -s read-only", "default because ...". */
export function describeProvenance(p: Provenance): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}` : (p.arg ?? '');
  if (p.layer === 'default') return p.reason && p.reason !== 'default' ? p.reason : 'Codex default';
  const head = `${p.layer}${where ? ` ${where}` : ''}`;
  return p.reason ? `${head} (${p.reason})` : head;
}
