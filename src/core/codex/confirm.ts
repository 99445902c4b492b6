// Compares the engine's answer with what a real `codex app-server` reports through `config/read`
// (which, unlike `thread/start`, has no side effects: it starts no MCP server and writes no trust).
// config/read returns the merged config as written plus the layer each key came from, so the check
// is: for every value the engine attributes to a config key, codex has the same key, from the same
// file, with the same value; and the project layers codex loads are the ones the engine applied.
import { isTable } from '../config/toml';
import type { PostureSnapshot, Provenance } from '../config/types';
import type { ConfigReadResponse } from './protocol';

export interface Confirmation {
  readonly confirmed: boolean;
  /** One line per disagreement, naming the value. */
  readonly drift: readonly string[];
}

const FILE_LAYERS = new Set(['system', 'user', 'project']);

function get(config: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = config;
  for (const seg of dotted.split('.')) {
    if (!isTable(cur as never)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur ?? undefined;
}

function normalise(key: string, v: unknown): unknown {
  if (key === 'approval_policy') return isTable(v as never) ? 'granular' : v === 'on-failure' ? 'on-request' : v;
  if (key === 'approvals_reviewer') return v === 'guardian_subagent' ? 'auto_review' : v;
  return v;
}

interface Check {
  readonly field: string;
  readonly key: string;
  readonly value: unknown;
  readonly from: Provenance;
}

export function compareWithConfigRead(s: PostureSnapshot, res: ConfigReadResponse | { error: string }): Confirmation {
  if ('error' in res) {
    return s.loads
      ? { confirmed: false, drift: [`codex cannot load this config (${res.error}) but the engine can`] }
      : { confirmed: true, drift: [] };
  }
  if (!s.loads) return { confirmed: false, drift: [`codex loads this config but the engine reports: ${s.loadError?.message}`] };
  const drift: string[] = [];
  const checks: Check[] = [];
  const add = (field: string, key: string, value: unknown, from: Provenance | undefined) => {
    if (from && FILE_LAYERS.has(from.layer) && from.file) checks.push({ field, key, value, from });
  };
  if (s.permissionProfile?.value === null) add('sandbox', 'sandbox_mode', s.sandbox?.value, s.sandbox?.from);
  else if (s.permissionProfile) add('permission profile', 'default_permissions', s.permissionProfile.value, s.permissionProfile.from);
  add('approval', 'approval_policy', s.approval?.value, s.approval?.from);
  add('approvals reviewer', 'approvals_reviewer', s.approvalsReviewer?.value, s.approvalsReviewer?.from);
  if (s.webSearch && !s.webSearch.from.reason) add('web search', 'web_search', s.webSearch.value, s.webSearch.from);
  if (s.sandbox?.value === 'workspace-write' && s.permissionProfile?.value === null) {
    add('network', 'sandbox_workspace_write.network_access', s.networkAccess?.value, s.networkAccess?.from);
  }
  for (const c of checks) {
    const theirs = normalise(c.key, get(res.config, c.key));
    const origin = res.origins[c.key]?.name;
    const theirFile = origin && 'file' in origin ? origin.file : origin && 'dotCodexFolder' in origin ? `${origin.dotCodexFolder}/config.toml` : undefined;
    if (theirs !== c.value) drift.push(`${c.field}: codex reads ${c.key} = ${JSON.stringify(theirs ?? null)}, the engine ${JSON.stringify(c.value)}`);
    else if (theirFile && theirFile !== c.from.file) drift.push(`${c.field}: codex takes ${c.key} from ${theirFile}, the engine from ${c.from.file}`);
  }
  // Project layers: config/read runs before any session, so an auto-trusted project is still
  // disabled there; only compare when the engine did not assume auto-trust.
  if (!s.autoTrust) {
    for (const layer of res.layers ?? []) {
      if (layer.name.type !== 'project') continue;
      const file = `${layer.name.dotCodexFolder}/config.toml`;
      const ours = s.layers.find((l) => l.kind === 'project' && l.file === file);
      const codexApplies = !layer.disabledReason;
      if (ours && ours.exists && ours.applied !== codexApplies) {
        drift.push(`project config ${file}: codex ${codexApplies ? 'loads' : 'ignores'} it, the engine ${ours.applied ? 'loads' : 'ignores'} it`);
      }
    }
  }
  return { confirmed: drift.length === 0, drift };
}
