// What runs outside the sandbox when a Codex 0.171 session starts in a folder: MCP servers, hooks
// and `notify` run as ordinary processes of the user, and the agent's own commands inherit the
// environment `shell_environment_policy` lets through. The sandbox the badge describes covers
// none of this. Every rule below was measured with the real binary (docs/codex-findings.md §8);
// nothing here starts a program or reads a variable's value.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { provenanceIn, type Layer } from '../config/layers';
import { getPath, isTable, type TomlTable, type TomlValue } from '../config/toml';
import type { EnvironmentInfo, HookInfo, HookTrust, McpServerInfo, OutsideSandbox, Provenance, RequirementsInfo } from '../config/types';
import { redactSecretsInText } from '../rules/secrets';
import { jsonPathKey, parseJsonWithLines, type JsonValue } from './jsonPositions';

// --------------------------------------------------------------------------------------------
// Environment

/** What `inherit = "core"` keeps (measured: LC_* included; TERM, TZ, USERNAME not). */
const CORE_VARS = new Set(['HOME', 'LANG', 'LOGNAME', 'PATH', 'SHELL', 'TEMP', 'TMP', 'TMPDIR', 'USER']);
/** What an MCP server over stdio gets from Codex's own environment (measured). */
const MCP_STDIO_VARS = ['HOME', 'LANG', 'LC_ALL', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'TMPDIR', 'TZ', 'USER'];
/** The excludes `ignore_default_excludes = false` adds; by default (true) nothing is excluded. */
const DEFAULT_EXCLUDES = ['*KEY*', '*SECRET*', '*TOKEN*'];
/**
 * Names of credentials: tokens, secrets, keys, passwords, the cloud providers' key variables. Kept
 * narrow (not SESSION, not every AWS_*): a tooltip that calls AWS_CA_BUNDLE a credential is ignored.
 */
const SECRET_NAME =
  /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?$|_KEY$|^KEY$|_KEY_|APIKEY|_PAT$|COOKIE|_AUTH$|^AUTH_|^AWS_ACCESS_KEY_ID$|^GOOGLE_APPLICATION_CREDENTIALS$)/i;

export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Codex's patterns are globs with `*` and `?`, compared without regard to case (measured). */
function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

function strings(v: TomlValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

interface Lookup {
  readonly value: TomlValue;
  readonly from: Provenance;
}

function highest(stack: readonly Layer[], keyPath: readonly string[]): Lookup | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const v = getPath(stack[i].table, keyPath);
    if (v !== undefined) return { value: v, from: provenanceIn(stack[i], keyPath) };
  }
  return undefined;
}

export function environmentFor(stack: readonly Layer[], envNames: readonly string[], networkOff: boolean): EnvironmentInfo {
  const key = (k: string) => highest(stack, ['shell_environment_policy', k]);
  const inh = key('inherit');
  const inherit = inh?.value === 'core' || inh?.value === 'none' ? inh.value : 'all';
  const ide = key('ignore_default_excludes');
  const ignoreDefaultExcludes = typeof ide?.value === 'boolean' ? ide.value : true;
  let names = inherit === 'all' ? [...envNames] : inherit === 'core' ? envNames.filter((n) => CORE_VARS.has(n) || n.startsWith('LC_')) : [];
  const excludes = [...(ignoreDefaultExcludes ? [] : DEFAULT_EXCLUDES), ...strings(key('exclude')?.value)];
  names = names.filter((n) => !excludes.some((p) => globMatches(p, n)));
  const set = key('set')?.value;
  if (isTable(set)) names.push(...Object.keys(set));
  const includeOnly = strings(key('include_only')?.value);
  if (includeOnly.length) names = names.filter((n) => includeOnly.some((p) => globMatches(p, n)));
  // Codex adds these itself, whatever the policy (measured).
  names.push('CODEX_APPLY_PATCH_PRESERVE_LINE_ENDINGS', 'PWD');
  if (networkOff) names.push('CODEX_SANDBOX_NETWORK_DISABLED');
  const passed = [...new Set(names)].sort();
  const from: Provenance = inh?.from ?? {
    layer: 'default',
    reason: 'shell_environment_policy is not set: commands inherit the whole environment, with no excludes',
  };
  return { inherit, ignoreDefaultExcludes, passed, secretLooking: passed.filter(looksLikeSecretName), from };
}

// --------------------------------------------------------------------------------------------
// MCP servers

const SECRET_OPTION = /^--?[A-Za-z0-9-]*(token|key|secret|passw(or)?d|auth)[A-Za-z0-9-]*$/i;

/** An argv with secrets redacted: `--token X` as two elements too, which text redaction cannot see. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a, i) => (i > 0 && SECRET_OPTION.test(argv[i - 1]) ? '****' : redactSecretsInText(a)));
}

function redactUrl(url: string): string {
  return redactSecretsInText(url);
}

function mcpAllowlist(req: RequirementsInfo[]): RequirementsInfo['mcpServers'] {
  return req.find((r) => r.mcpServers)?.mcpServers;
}

export function mcpServersFor(stack: readonly Layer[], envNames: readonly string[], requirements: RequirementsInfo[]): McpServerInfo[] {
  // Tables merge per key across layers, so one server can be defined in one layer and enabled in
  // another: the provenance is the highest layer that names the server's transport.
  const names = new Set<string>();
  for (const l of stack) {
    const t = l.table.mcp_servers;
    if (isTable(t)) for (const n of Object.keys(t)) names.add(n);
  }
  const present = new Set(envNames);
  const allow = mcpAllowlist(requirements);
  const out: McpServerInfo[] = [];
  for (const name of [...names].sort()) {
    const get = (k: string) => highest(stack, ['mcp_servers', name, k]);
    const cmd = get('command');
    const url = get('url');
    const where = (cmd ?? url)?.from ?? highest(stack, ['mcp_servers', name])!.from;
    const definedBy = stack.filter((l) => isTable(getPath(l.table, ['mcp_servers', name])));
    const transportLayer = [...definedBy]
      .reverse()
      .find(
        (l) =>
          getPath(l.table, ['mcp_servers', name, 'command']) !== undefined || getPath(l.table, ['mcp_servers', name, 'url']) !== undefined,
      );
    const enabledV = get('enabled');
    const enabled = enabledV?.value !== false;
    const widens: string[] = [];
    const dflt = get('default_tools_approval_mode')?.value;
    if (dflt === 'approve') widens.push('default_tools_approval_mode = "approve": its tools run without asking');
    const tools = get('tools')?.value;
    if (isTable(tools)) {
      for (const [tool, t] of Object.entries(tools)) {
        if (isTable(t) && t.approval_mode === 'approve') widens.push(`tools.${tool}.approval_mode = "approve": runs without asking`);
      }
    }
    if (get('required')?.value === true) widens.push('required = true: the session does not start without it');
    let skipReason: string | undefined = enabled ? undefined : `enabled = false (${describeWhere(enabledV!.from)})`;
    if (!skipReason && allow) {
      const entry = allow.find((a) => a.name === name);
      const ok =
        entry && ((entry.command !== undefined && entry.command === cmd?.value) || (entry.url !== undefined && entry.url === url?.value));
      if (!ok) skipReason = "not on the administrator's MCP allowlist (requirements.toml)";
    }
    const base = {
      name,
      enabled,
      starts: skipReason === undefined && (typeof cmd?.value === 'string' || typeof url?.value === 'string'),
      ...(skipReason ? { skipReason } : {}),
      widens,
      projectSupplied: transportLayer?.kind === 'project',
      from: where,
    };
    if (typeof cmd?.value === 'string') {
      const env = get('env')?.value;
      const envVars = get('env_vars')?.value;
      const varNames = Array.isArray(envVars)
        ? envVars
            .map((v) => (typeof v === 'string' ? v : isTable(v) && typeof v.name === 'string' ? v.name : undefined))
            .filter((v): v is string => v !== undefined)
        : [];
      const envNamesOut = [
        ...new Set([
          ...MCP_STDIO_VARS.filter((n) => present.has(n)),
          ...(isTable(env) ? Object.keys(env) : []),
          ...varNames.filter((n) => present.has(n)),
        ]),
      ].sort();
      const cwdV = get('cwd')?.value;
      out.push({
        ...base,
        transport: 'stdio',
        command: redactSecretsInText(cmd.value),
        args: redactArgv(strings(get('args')?.value)),
        ...(typeof cwdV === 'string' ? { cwd: cwdV } : {}),
        envNames: envNamesOut,
      });
    } else if (typeof url?.value === 'string') {
      out.push({ ...base, transport: 'http', url: redactUrl(url.value), envNames: [] });
    }
  }
  return out;
}

function describeWhere(p: Provenance): string {
  return p.file ? `${p.file}${p.line ? `:${p.line}` : ''}` : (p.arg ?? p.layer);
}

// --------------------------------------------------------------------------------------------
// Hooks

/** Codex's events and the snake_case label its hook keys and trust hashes use. */
export const HOOK_EVENTS: Record<string, string> = {
  PreModelRequest: 'pre_model_request',
  PostModelRequest: 'post_model_request',
  PreToolUse: 'pre_tool_use',
  PermissionRequest: 'permission_request',
  PostToolUse: 'post_tool_use',
  PreCompact: 'pre_compact',
  PostCompact: 'post_compact',
  SessionStart: 'session_start',
  SessionEnd: 'session_end',
  UserPromptSubmit: 'user_prompt_submit',
  SubagentStart: 'subagent_start',
  SubagentStop: 'subagent_stop',
  Stop: 'stop',
  Interrupt: 'interrupt',
};
/** Events whose matcher Codex applies (and hashes); others ignore it. */
const MATCHER_EVENTS = new Set([
  'PreToolUse',
  'PostToolUse',
  'PermissionRequest',
  'SessionStart',
  'PreCompact',
  'PostCompact',
  'SubagentStart',
  'SubagentStop',
]);

/** JSON with sorted keys and no spaces, as Codex hashes a hook's identity. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The hash Codex compares with `[hooks.state."<key>"] trusted_hash` (reproduced byte for byte
 * from hooks/list's `currentHash`): the event, the matcher and the one normalised handler.
 */
export function hookTrustHash(
  event: string,
  matcher: string | undefined,
  handler: { command: string; timeout: number; async: boolean; statusMessage?: string },
): string {
  const identity = {
    event_name: HOOK_EVENTS[event],
    ...(matcher !== undefined ? { matcher } : {}),
    hooks: [
      {
        type: 'command',
        command: handler.command,
        timeout: handler.timeout,
        async: handler.async,
        ...(handler.statusMessage !== undefined ? { statusMessage: handler.statusMessage } : {}),
      },
    ],
  };
  return `sha256:${createHash('sha256').update(canonicalJson(identity)).digest('hex')}`;
}

type Json = JsonValue | TomlValue;
interface JsonObject {
  [k: string]: Json;
}
function isObj(v: unknown): v is JsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

interface HookSource {
  readonly file: string;
  readonly kind: Provenance['layer'];
  readonly managed: boolean;
  readonly project: boolean;
  readonly events: JsonObject;
  readonly lineOf: (p: readonly (string | number)[]) => number | undefined;
}

export function validHookMatcher(m: string): boolean {
  if (m === '' || m === '*') return true;
  try {
    new RegExp(m, 'u');
    return true;
  } catch {
    return false;
  }
}

function hooksFromSource(
  src: HookSource,
  states: ReadonlyMap<string, { enabled?: boolean; trustedHash?: string }>,
  policy: { managedOnly: boolean; enabled: boolean },
  out: HookInfo[],
  warnings: string[],
): void {
  for (const [event, groups] of Object.entries(src.events)) {
    const label = HOOK_EVENTS[event];
    if (!label || !Array.isArray(groups)) continue;
    groups.forEach((g, gi) => {
      if (!isObj(g)) return;
      const matcher = typeof g.matcher === 'string' ? g.matcher : undefined;
      const handlers = Array.isArray(g.hooks) ? g.hooks : [];
      handlers.forEach((h, hi) => {
        if (!isObj(h)) return;
        const from: Provenance = {
          layer: src.kind,
          file: src.file,
          line: src.lineOf(['hooks', event, gi, 'hooks', hi, 'command']) ?? src.lineOf(['hooks', event, gi]),
        };
        const key = `${src.file}:${label}:${gi}:${hi}`;
        if (h.type !== 'command') {
          if (h.type === 'prompt' || h.type === 'agent')
            warnings.push(`${src.file}: ${String(h.type)} hooks are not supported yet; Codex skips them`);
          return;
        }
        const command = typeof h.command === 'string' ? h.command : '';
        const applied = matcher !== undefined && MATCHER_EVENTS.has(event) ? matcher : undefined;
        const timeoutRaw = h.timeout ?? h.timeoutSec ?? h.timeout_sec;
        const timeout = Math.max(1, typeof timeoutRaw === 'number' ? timeoutRaw : 600);
        const statusMessage = typeof h.statusMessage === 'string' ? h.statusMessage : undefined;
        const state = states.get(key);
        const hash = hookTrustHash(event, applied, { command, timeout, async: h.async === true, statusMessage });
        let trust: HookTrust = 'managed';
        if (!src.managed) {
          trust = state?.trustedHash === undefined ? 'untrusted' : state.trustedHash === hash ? 'trusted' : 'modified';
        }
        let skipReason: string | undefined;
        if (!policy.enabled) skipReason = '[features] hooks = false';
        else if (policy.managedOnly && !src.managed) skipReason = 'the administrator allows managed hooks only (allow_managed_hooks_only)';
        else if (command.trim() === '') skipReason = 'empty command';
        else if (applied !== undefined && !validHookMatcher(applied)) skipReason = `invalid matcher ${JSON.stringify(applied)}`;
        else if (!src.managed && state?.enabled === false) skipReason = 'disabled in the user config';
        else if (trust === 'untrusted')
          skipReason = 'not trusted yet: Codex runs a hook only after you review it (hooks.state trusted_hash)';
        else if (trust === 'modified') skipReason = 'changed since you trusted it';
        out.push({
          event,
          command: redactSecretsInText(command),
          ...(matcher !== undefined ? { matcher } : {}),
          key,
          hash,
          trust,
          runs: skipReason === undefined,
          ...(skipReason ? { skipReason } : {}),
          projectSupplied: src.project,
          from,
        });
      });
    });
  }
}

/** User hook states: `[hooks.state."<key>"] enabled / trusted_hash`, from the user layers and `-c`. */
function hookStates(stack: readonly Layer[]): Map<string, { enabled?: boolean; trustedHash?: string }> {
  const out = new Map<string, { enabled?: boolean; trustedHash?: string }>();
  for (const l of stack) {
    if (l.kind !== 'user' && l.kind !== 'profile' && l.kind !== 'override') continue;
    const st = getPath(l.table, ['hooks', 'state']);
    if (!isTable(st)) continue;
    for (const [k, v] of Object.entries(st)) {
      if (!isTable(v)) continue;
      const cur = out.get(k.trim()) ?? {};
      if (typeof v.enabled === 'boolean') cur.enabled = v.enabled;
      if (typeof v.trusted_hash === 'string') cur.trustedHash = v.trusted_hash;
      out.set(k.trim(), cur);
    }
  }
  return out;
}

const MAX_HOOKS_JSON = 2_000_000;

async function readHooksJson(
  file: string,
  warnings: string[],
): Promise<{ events: JsonObject; lineOf: (p: readonly (string | number)[]) => number | undefined } | undefined> {
  let text: string;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_HOOKS_JSON) {
      warnings.push(`${file} is over 2 MB; its hooks are not shown`);
      return undefined;
    }
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseJsonWithLines(text.replace(/^\ufeff/, ''));
  if (!parsed.ok) {
    warnings.push(`${file}:${parsed.line}: ${parsed.message}; Codex skips these hooks`);
    return undefined;
  }
  const hooks = isObj(parsed.value) ? parsed.value.hooks : undefined;
  if (!isObj(hooks)) return undefined;
  return { events: hooks, lineOf: (p) => parsed.lines.get(jsonPathKey(p)) };
}

export interface OutsideInput {
  /** The layers the session applies, lowest first (project layers only when trusted or auto-trusted). */
  readonly stack: readonly Layer[];
  readonly codexHome: string;
  readonly systemDir: string;
  /** Names (never values) of the variables in the environment Codex would start with. */
  readonly envNames: readonly string[];
  readonly networkOff: boolean;
  /** requirements.toml, parsed, when present. */
  readonly requirements?: Layer;
}

export function requirementsInfo(req: Layer, managedConfig?: Layer): RequirementsInfo[] {
  const out: RequirementsInfo[] = [];
  const list = (v: TomlValue | undefined) => (Array.isArray(v) ? strings(v) : undefined);
  const from: Provenance = { layer: 'requirements', file: req.file, reason: 'administrator' };
  const mcp = req.table.mcp_servers;
  const mcpServers = isTable(mcp)
    ? Object.entries(mcp).map(([name, v]) => {
        const id = isTable(v) ? v.identity : undefined;
        return {
          name,
          ...(isTable(id) && typeof id.command === 'string' ? { command: id.command } : {}),
          ...(isTable(id) && typeof id.url === 'string' ? { url: redactUrl(id.url) } : {}),
        };
      })
    : undefined;
  const hooks = req.table.hooks;
  let hookCount = 0;
  if (isTable(hooks))
    for (const [e, g] of Object.entries(hooks))
      if (HOOK_EVENTS[e] && Array.isArray(g)) for (const x of g) if (isTable(x) && Array.isArray(x.hooks)) hookCount += x.hooks.length;
  out.push({
    file: req.file!,
    ...(list(req.table.allowed_sandbox_modes) ? { allowedSandboxModes: list(req.table.allowed_sandbox_modes) } : {}),
    ...(list(req.table.allowed_approval_policies) ? { allowedApprovalPolicies: list(req.table.allowed_approval_policies) } : {}),
    ...(list(req.table.allowed_web_search_modes) ? { allowedWebSearchModes: list(req.table.allowed_web_search_modes) } : {}),
    allowManagedHooksOnly: req.table.allow_managed_hooks_only === true,
    ...(mcpServers ? { mcpServers } : {}),
    hooks: hookCount,
    from,
  });
  void managedConfig;
  return out;
}

export async function outsideSandbox(input: OutsideInput): Promise<{ outside: OutsideSandbox; warnings: string[] }> {
  const warnings: string[] = [];
  const { stack } = input;
  const requirements = input.requirements ? requirementsInfo(input.requirements) : [];
  const managedOnly = requirements.some((r) => r.allowManagedHooksOnly);
  const feat = highest(stack, ['features', 'hooks']);
  const policy = { managedOnly, enabled: feat?.value !== false };
  const states = hookStates(stack);
  const hooks: HookInfo[] = [];
  // Requirements' own hooks come first and are managed (they run without a trust entry).
  if (input.requirements && isTable(input.requirements.table.hooks)) {
    const req = input.requirements;
    hooksFromSource(
      {
        file: req.file!,
        kind: 'requirements',
        managed: true,
        project: false,
        events: req.table.hooks as TomlTable,
        lineOf: (p) => provenanceIn(req, p).line,
      },
      states,
      policy,
      hooks,
      warnings,
    );
  }
  // hooks.json sits in each layer's folder whether or not its config.toml exists (Codex lists the
  // user layer even without a file): /etc/codex, CODEX_HOME, and each applied project's .codex.
  const folders: { folder: string; kind: Provenance['layer']; managed: boolean }[] = [
    { folder: input.systemDir, kind: 'system', managed: true },
    { folder: input.codexHome, kind: 'user', managed: false },
    ...stack
      .filter((l) => l.kind === 'project' && l.file)
      .map((l) => ({ folder: path.dirname(l.file!), kind: 'project' as const, managed: false })),
  ];
  const jsonFiles = new Map<string, string>();
  for (const f of folders) {
    const file = path.join(f.folder, 'hooks.json');
    const json = await readHooksJson(file, warnings);
    if (!json) continue;
    jsonFiles.set(f.folder, file);
    hooksFromSource(
      { kind: f.kind, managed: f.managed, project: f.kind === 'project', file, events: json.events, lineOf: json.lineOf },
      states,
      policy,
      hooks,
      warnings,
    );
  }
  for (const layer of stack) {
    if (!layer.file) continue;
    const inline = layer.table.hooks;
    if (!isTable(inline) || !Object.keys(inline).some((k) => HOOK_EVENTS[k])) continue;
    // The system layer and the legacy managed_config.toml are the administrator's: managed.
    const json = jsonFiles.get(path.dirname(layer.file));
    if (json && path.basename(layer.file) === 'config.toml')
      warnings.push(`hooks are read from both ${json} and ${layer.file}; Codex loads both and suggests keeping one`);
    hooksFromSource(
      {
        kind: layer.kind,
        managed: layer.kind === 'system',
        project: layer.kind === 'project',
        file: layer.file,
        events: inline as TomlTable,
        lineOf: (p) => provenanceIn(layer, p).line,
      },
      states,
      policy,
      hooks,
      warnings,
    );
  }
  const n = highest(
    stack.filter((l) => l.kind !== 'project'),
    ['notify'],
  );
  const argv = n ? strings(n.value) : [];
  const notify = argv.length ? { argv: redactArgv(argv), from: n!.from } : null;
  return {
    outside: {
      mcpServers: mcpServersFor(stack, input.envNames, requirements),
      hooks,
      notify,
      environment: environmentFor(stack, input.envNames, input.networkOff),
      requirements,
    },
    warnings,
  };
}
