// Permission profiles (`default_permissions` + `[permissions.<id>]`) projected onto the legacy
// sandbox vocabulary the way Codex 0.171 reports them (measured with app-server thread/start):
// - a profile follows its `extends` chain to a built-in base (none: nothing writable);
// - any "write" entry in `[permissions.<id>].filesystem` makes it workspace-write, and write
//   entries naming paths become writable roots; ":root" = "write" lifts the filesystem sandbox;
//   a path must be absolute, `~` / `~/...` ($HOME) or a `:special` (a relative one stops Codex
//   from starting);
// - the nearest `[.network] enabled` in the chain decides network access (domain rules are not
//   enforced without features.network_proxy, so they do not close the network);
// - only the active chain is validated: a cycle, an unknown parent or a profile extending
//   `:danger-full-access` stops Codex from starting.
import * as path from 'node:path';
import { lookup, type Layer } from './layers';
import { getPath, isTable, type TomlTable } from './toml';
import type { Provenance, SandboxMode, Valued } from './types';

export const BUILTIN_PROJECTION: Readonly<Record<string, { sandbox: SandboxMode; network: boolean }>> = {
  ':read-only': { sandbox: 'read-only', network: false },
  ':workspace': { sandbox: 'workspace-write', network: false },
  ':danger-full-access': { sandbox: 'danger-full-access', network: true },
};

export interface ProfileProjection {
  readonly sandbox: Valued<SandboxMode>;
  readonly network: Valued<boolean>;
  readonly writableRoots: readonly string[];
  /** ":root" = "write": Codex runs it as an external sandbox, not the danger-full-access policy. */
  readonly externalSandbox: boolean;
  /**
   * Whether the profile can write the project itself (it builds on `:workspace`, or writes
   * `:project_roots` or `:root`). Only such a session auto-trusts the project: a read-only-based
   * profile that writes just another folder leaves it untrusted (measured).
   */
  readonly writesProject: boolean;
}

export type ProfileResult =
  { readonly ok: true; readonly projection: ProfileProjection } | { readonly ok: false; readonly message: string };

/** `~` or `~/...` as Codex expands it, against $HOME; undefined for any other path (`~user` too). */
export function expandHome(p: string, home: string): string | undefined {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return undefined;
}

export function projectPermissionProfile(
  merged: TomlTable,
  id: string,
  stack: readonly Layer[],
  from: Provenance,
  home: string,
): ProfileResult {
  const why = { ...from, reason: `permission profile ${id}` };
  const builtin = BUILTIN_PROJECTION[id];
  if (builtin) {
    return {
      ok: true,
      projection: {
        sandbox: { value: builtin.sandbox, from: why },
        network: { value: builtin.network, from: why },
        writableRoots: [],
        externalSandbox: false,
        writesProject: builtin.sandbox !== 'read-only',
      },
    };
  }
  // Walk the chain child first.
  const chain: string[] = [];
  let base: { sandbox: SandboxMode; network: boolean } | undefined;
  for (let cur: string | undefined = id; cur !== undefined;) {
    if (chain.includes(cur))
      return { ok: false, message: `permissions profile inheritance cycle detected: ${[...chain, cur].join(' -> ')}` };
    const p = getPath(merged, ['permissions', cur]);
    if (!isTable(p))
      return { ok: false, message: `permissions profile \`${chain[chain.length - 1]}\` extends undefined profile \`${cur}\`` };
    chain.push(cur);
    const ext = p.extends;
    if (typeof ext !== 'string') break;
    if (ext === ':danger-full-access')
      return { ok: false, message: `permissions profile \`${cur}\` cannot extend unsupported built-in profile \`${ext}\`` };
    if (BUILTIN_PROJECTION[ext]) {
      base = BUILTIN_PROJECTION[ext];
      break;
    }
    cur = ext;
  }

  let network: Valued<boolean> | undefined;
  const access = new Map<string, string>();
  // Parents first, so a child's entry replaces its parent's for the same path.
  for (const name of [...chain].reverse()) {
    const fs = getPath(merged, ['permissions', name, 'filesystem']);
    if (isTable(fs)) {
      for (const [key, mode] of Object.entries(fs)) {
        if (typeof mode !== 'string') continue;
        // Unlike writable_roots, these paths do not resolve against the declaring file (measured).
        if (!path.isAbsolute(key) && expandHome(key, home) === undefined && !key.startsWith(':')) {
          return { ok: false, message: `filesystem path \`${key}\` must be absolute, use \`~/...\`, or start with \`:\`` };
        }
        access.set(key, mode);
      }
    }
  }
  for (const name of chain) {
    const enabled = getPath(merged, ['permissions', name, 'network', 'enabled']);
    if (typeof enabled === 'boolean') {
      network = { value: enabled, from: lookup(stack, ['permissions', name, 'network', 'enabled'])?.from ?? why };
      break;
    }
  }
  const writes = [...access].filter(([, mode]) => mode === 'write');
  let sandbox: SandboxMode = base?.sandbox ?? 'read-only';
  if (writes.some(([k]) => k === ':root')) sandbox = 'danger-full-access';
  else if (writes.length && sandbox === 'read-only') sandbox = 'workspace-write';
  // `~` and `~/...` entries are $HOME-relative roots like absolute ones (measured: "~/extra" = "write"
  // lists $HOME/extra, "~" = "write" lists $HOME).
  const writableRoots = writes
    .map(([k]) => (path.isAbsolute(k) ? path.resolve(k) : expandHome(k, home)))
    .filter((k): k is string => k !== undefined);
  return {
    ok: true,
    projection: {
      sandbox: { value: sandbox, from: why },
      network: network ?? { value: base?.network ?? false, from: why },
      writableRoots,
      externalSandbox: sandbox === 'danger-full-access',
      writesProject: base?.sandbox === 'workspace-write' || writes.some(([k]) => k === ':project_roots' || k === ':root'),
    },
  };
}
