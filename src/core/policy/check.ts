// The effective posture of a folder against the team policy. Every violation names the policy rule
// (and its line) and where the offending value comes from (the posture's provenance), because
// "not allowed" is useless without "and this is the line to change".
import { loadTomlFile } from '../config/layers';
import { describeProvenance } from '../config/json';
import { isTable, pathKey, type Span } from '../config/toml';
import type { PostureSnapshot, Provenance } from '../config/types';
import type { McpIdentity, PolicyRuleAt, TeamPolicy } from './types';

export interface PolicyViolation {
  /** The policy key, e.g. `allowed_sandbox_modes`. */
  readonly rule: string;
  /** Where the rule sits in the policy file. */
  readonly ruleSpan: Span;
  /** The offending value as Codex spells it (a server name for MCP rules). */
  readonly value: string;
  /** Where the value comes from. */
  readonly from?: Provenance;
  readonly message: string;
}

/** A program Codex starts outside the sandbox, as configured in an applied layer. */
export interface OutsideProgram {
  readonly kind: 'mcp_server' | 'notify';
  readonly name: string;
  readonly identity: McpIdentity;
  readonly from: Provenance;
}

/**
 * MCP servers and `notify` from the layers Codex applies for this posture, the nearest layer winning
 * per server. Read from the files, never started (the product rule: never run what Codex would run).
 */
export async function outsidePrograms(s: PostureSnapshot): Promise<OutsideProgram[]> {
  const byName = new Map<string, OutsideProgram>();
  let notify: OutsideProgram | undefined;
  for (const layer of s.layers) {
    if (!layer.applied || !layer.exists || layer.kind === 'requirements') continue;
    const load = await loadTomlFile(layer.file);
    if (load.status !== 'ok') continue;
    const lineOf = (p: string[]) => {
      const l = load.locations.get(pathKey(p));
      return (l?.value ?? l?.key)?.line;
    };
    const servers = load.table.mcp_servers;
    if (isTable(servers)) {
      for (const [name, entry] of Object.entries(servers)) {
        if (!isTable(entry)) continue;
        const identity: McpIdentity =
          typeof entry.command === 'string' ? { command: entry.command } : typeof entry.url === 'string' ? { url: entry.url } : {};
        byName.set(name, {
          kind: 'mcp_server',
          name,
          identity,
          from: { layer: layer.kind, file: layer.file, line: lineOf(['mcp_servers', name]) },
        });
      }
    }
    // Codex strips notify from project files; only the user, profile and system layers can set it.
    if (Array.isArray(load.table.notify) && layer.kind !== 'project') {
      const argv0 = load.table.notify[0];
      notify = {
        kind: 'notify',
        name: 'notify',
        identity: typeof argv0 === 'string' ? { command: argv0 } : {},
        from: { layer: layer.kind, file: layer.file, line: lineOf(['notify']) },
      };
    }
  }
  return [...byName.values(), ...(notify ? [notify] : [])];
}

function where(p: Provenance | undefined): string {
  return p ? describeProvenance(p) : 'unknown';
}

/** Violations of `policy` by the posture `s` (and the programs it starts outside the sandbox). */
export function checkPosture(s: PostureSnapshot, policy: TeamPolicy, programs: readonly OutsideProgram[] = []): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (!s.loads) return out;
  const list = <T extends string>(
    r: PolicyRuleAt<readonly T[]> | undefined,
    v: { value: string; from: Provenance } | undefined,
    what: string,
    compareAs = v?.value,
  ) => {
    if (!r || !v || compareAs === undefined || (r.value as readonly string[]).includes(compareAs)) return;
    out.push({
      rule: r.rule,
      ruleSpan: r.span,
      value: v.value,
      from: v.from,
      message: `.codex-posture.toml ${r.rule} (line ${r.span.line}) does not allow ${what} ${v.value}; it comes from ${where(v.from)}. Allowed: ${r.value.join(', ')}.`,
    });
  };
  list(policy.allowedSandboxModes, s.sandbox, 'sandbox');
  // A granular table is a finer form of asking: it is allowed where on-request is.
  list(policy.allowedApprovalPolicies, s.approval, 'approval policy', s.approval?.value === 'granular' ? 'on-request' : s.approval?.value);
  list(policy.allowedWebSearchModes, s.webSearch, 'web search', s.webSearch?.value);
  const net = policy.allowNetworkAccess;
  if (net && net.value === false && s.networkAccess?.value === true) {
    out.push({
      rule: net.rule,
      ruleSpan: net.span,
      value: 'network on',
      from: s.networkAccess.from,
      message: `.codex-posture.toml ${net.rule} = false (line ${net.span.line}), but commands in the sandbox can reach the network; it comes from ${where(s.networkAccess.from)}.`,
    });
  }
  const mcp = policy.mcpServers;
  if (mcp) {
    for (const p of programs) {
      if (p.kind !== 'mcp_server') continue;
      const allowed = mcp.value.get(p.name);
      const same = allowed && (allowed.command !== undefined ? allowed.command === p.identity.command : allowed.url === p.identity.url);
      if (same) continue;
      out.push({
        rule: mcp.rule,
        ruleSpan: mcp.span,
        value: p.name,
        from: p.from,
        message: allowed
          ? `.codex-posture.toml mcp_servers.${p.name}.identity (line ${mcp.span.line}) does not match MCP server ${p.name} (${p.identity.command ?? p.identity.url ?? 'no command'}) from ${where(p.from)}.`
          : `.codex-posture.toml mcp_servers (line ${mcp.span.line}) does not list MCP server ${p.name}, from ${where(p.from)}.`,
      });
    }
  }
  const outside = policy.allowProgramsOutsideSandbox;
  if (outside && outside.value === false) {
    for (const p of programs) {
      out.push({
        rule: outside.rule,
        ruleSpan: outside.span,
        value: p.name,
        from: p.from,
        message: `.codex-posture.toml ${outside.rule} = false (line ${outside.span.line}), but ${p.kind === 'notify' ? 'notify runs a program after every turn' : `MCP server ${p.name} runs outside the sandbox`}; it comes from ${where(p.from)}.`,
      });
    }
  }
  return out;
}
