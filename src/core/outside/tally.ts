// Counting what runs outside the sandbox, and keeping the lists short enough to cross a thread.
// A cloned repository can declare 200,000 MCP servers; the snapshot that lists them all is 58 MB,
// and the extension host would spend seconds deserializing it. The worker keeps the entries that
// matter most and counts the rest, so the badge's numbers stay exact while the lists are bounded.
import type { HookInfo, McpServerInfo, OutsideSandbox, OutsideTally } from '../config/types';

/** More entries than any summary shows (the tooltip lists 8 of each kind, the report all of these). */
export const HOST_LIST_MAX = 200;

const ZERO: OutsideTally = {
  mcpStarting: 0,
  mcpNotStarting: 0,
  repositoryStdio: 0,
  repositoryHttp: 0,
  hooksRunning: 0,
  hooksSkipped: 0,
  repositoryHooks: 0,
};

function count(mcpServers: readonly McpServerInfo[], hooks: readonly HookInfo[]): OutsideTally {
  let mcpStarting = 0;
  let repositoryStdio = 0;
  let repositoryHttp = 0;
  for (const m of mcpServers) {
    if (!m.starts) continue;
    mcpStarting++;
    if (m.projectSupplied) {
      if (m.transport === 'stdio') repositoryStdio++;
      else repositoryHttp++;
    }
  }
  let hooksRunning = 0;
  let repositoryHooks = 0;
  for (const h of hooks) {
    if (!h.runs) continue;
    hooksRunning++;
    if (h.projectSupplied) repositoryHooks++;
  }
  return {
    mcpStarting,
    mcpNotStarting: mcpServers.length - mcpStarting,
    repositoryStdio,
    repositoryHttp,
    hooksRunning,
    hooksSkipped: hooks.length - hooksRunning,
    repositoryHooks,
  };
}

function add(a: OutsideTally, b: OutsideTally): OutsideTally {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof OutsideTally)[]) out[k] += b[k];
  return out;
}

/** Every MCP server and hook counted, the listed ones and those left out alike. */
export function outsideTally(o: OutsideSandbox): OutsideTally {
  return add(count(o.mcpServers, o.hooks), o.omitted ?? ZERO);
}

/** How many of each list were left out, for "… N more" lines. */
export function omittedCount(o: OutsideSandbox): { readonly mcpServers: number; readonly hooks: number } {
  const t = o.omitted ?? ZERO;
  return { mcpServers: t.mcpStarting + t.mcpNotStarting, hooks: t.hooksRunning + t.hooksSkipped };
}

/**
 * At most `max` MCP servers and `max` hooks, the repository's own programs first, then what
 * starts, then the rest, each group in file order; what is left out is counted in `omitted`.
 */
export function boundOutside(o: OutsideSandbox, max = HOST_LIST_MAX): OutsideSandbox {
  if (o.mcpServers.length <= max && o.hooks.length <= max) return o;
  const rank = (x: { projectSupplied: boolean }, active: boolean) => (active ? (x.projectSupplied ? 0 : 1) : 2);
  const keep = <T>(list: readonly T[], score: (x: T) => number): { kept: T[]; left: T[] } => {
    if (list.length <= max) return { kept: [...list], left: [] };
    const order = list.map((x, i) => ({ x, i, s: score(x) })).sort((a, b) => a.s - b.s || a.i - b.i);
    const kept = new Set(order.slice(0, max).map((e) => e.i));
    return { kept: list.filter((_, i) => kept.has(i)), left: list.filter((_, i) => !kept.has(i)) };
  };
  const mcp = keep(o.mcpServers, (m) => rank(m, m.starts));
  const hooks = keep(o.hooks, (h) => rank(h, h.runs));
  return {
    ...o,
    mcpServers: mcp.kept,
    hooks: hooks.kept,
    omitted: add(o.omitted ?? ZERO, count(mcp.left, hooks.left)),
  };
}
