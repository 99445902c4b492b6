// Compares the engine's answer with what a real `codex app-server` reports through `config/read`
// (which, unlike `thread/start`, has no side effects: it starts no MCP server and writes no trust).
// config/read returns the merged config as written plus the layer each key came from, so the check
// is: for every value the engine attributes to a config key, codex has the same key, from the same
// file, with the same value; and the project layers codex loads are the ones the engine applied.
import { isTable } from '../config/toml';
import type { PostureSnapshot, Provenance } from '../config/types';
import type { ConfigLayer, ConfigLayerSource, ConfigReadResponse } from './protocol';

export interface Confirmation {
  readonly confirmed: boolean;
  /** One line per disagreement, naming the value. */
  readonly drift: readonly string[];
  /**
   * What was compared when it is not simply "the config as it stands": a session start that trusts
   * the project (auto-trust) applies a project config that `config/read` still reports disabled.
   */
  readonly note?: string;
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

const fileOf = (name: ConfigLayerSource | undefined): string | undefined =>
  !name ? undefined : 'file' in name ? name.file : 'dotCodexFolder' in name ? `${name.dotCodexFolder}/config.toml` : undefined;

/**
 * Codex's config as the session would read it. `config/read` answers before any session, so a
 * project the session start trusts (auto-trust) is still disabled there; the session applies it.
 * Comparing the engine's session posture with the pre-session merge would report drift that is
 * only a difference of moment, so the layers codex returns are merged again with those project
 * layers enabled: like with like. Without such layers this is codex's own merged view.
 */
function sessionView(res: ConfigReadResponse, sessionTrusted: ReadonlySet<string>) {
  const layers = res.layers ?? [];
  const enabled = (l: ConfigLayer) => !l.disabledReason || (l.name.type === 'project' && sessionTrusted.has(fileOf(l.name)!));
  const reEnabled = layers.some((l) => l.disabledReason && enabled(l));
  return (key: string): { value: unknown; file?: string } => {
    if (!reEnabled) return { value: get(res.config, key), file: fileOf(res.origins[key]?.name) };
    // Layers come highest precedence first; the first enabled layer that sets the key wins.
    for (const l of layers) {
      if (!enabled(l) || !isTable(l.config as never)) continue;
      const v = get(l.config as Record<string, unknown>, key);
      if (v !== undefined) return { value: v, file: fileOf(l.name) };
    }
    return { value: undefined };
  };
}

export function compareWithConfigRead(s: PostureSnapshot, res: ConfigReadResponse | { error: string }): Confirmation {
  const sessionTrusted = new Set(s.layers.filter((l) => l.kind === 'project' && l.autoTrusted).map((l) => l.file));
  const note = s.autoTrust
    ? `a session start trusts this project (${s.autoTrust.root}) and applies its .codex/config.toml; compared as that session reads the config`
    : undefined;
  const withNote = (c: Omit<Confirmation, 'note'>): Confirmation => (note ? { ...c, note } : c);
  if ('error' in res) {
    // config/read sees the files and -c, not the launch flags that pick the sandbox (-s, --yolo,
    // --approve-for-me): a permission-profile problem those flags make harmless still fails it
    // (measured on the differential's adv/gen permission scenarios). Not the engine's mistake.
    if (s.loads && s.sandbox?.from.layer === 'flag' && /permissions/.test(res.error)) {
      return {
        confirmed: true,
        drift: [],
        note: 'config/read, which does not see the launch flag that picks the sandbox, refuses the permission profiles that flag makes irrelevant',
      };
    }
    return s.loads
      ? { confirmed: false, drift: [`codex cannot load this config (${res.error}) but the engine can`] }
      : { confirmed: true, drift: [] };
  }
  if (!s.loads) {
    // A project that only the session's auto-trust brings in fails when the session starts, not in
    // config/read (which reads the config before the session): both are right, at different moments.
    const failing = s.layers.find((l) => l.autoTrusted && !l.applied && l.file === s.loadError?.file);
    if (failing) {
      return {
        confirmed: true,
        drift: [],
        note: `a session start trusts this project and applies ${failing.file}, which Codex then refuses to load; config/read, which runs before any session, loads the rest`,
      };
    }
    return { confirmed: false, drift: [`codex loads this config but the engine reports: ${s.loadError?.message}`] };
  }
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
  const read = sessionView(res, sessionTrusted);
  for (const c of checks) {
    const { value, file: theirFile } = read(c.key);
    const theirs = normalise(c.key, value);
    if (theirs !== c.value)
      drift.push(`${c.field}: codex reads ${c.key} = ${JSON.stringify(theirs ?? null)}, the engine ${JSON.stringify(c.value)}`);
    else if (theirFile && theirFile !== c.from.file)
      drift.push(`${c.field}: codex takes ${c.key} from ${theirFile}, the engine from ${c.from.file}`);
  }
  // Project layers: the ones codex loads must be the ones the engine applies; a layer the session
  // start trusts counts as loaded (config/read still reports it disabled, as "not trusted").
  for (const layer of res.layers ?? []) {
    if (layer.name.type !== 'project') continue;
    const file = `${layer.name.dotCodexFolder}/config.toml`;
    const ours = s.layers.find((l) => l.kind === 'project' && l.file === file);
    const codexApplies = !layer.disabledReason || sessionTrusted.has(file);
    if (ours && ours.exists && ours.applied !== codexApplies) {
      drift.push(
        `project config ${file}: codex ${codexApplies ? 'loads' : 'ignores'} it, the engine ${ours.applied ? 'loads' : 'ignores'} it`,
      );
    }
  }
  return withNote({ confirmed: drift.length === 0, drift });
}
