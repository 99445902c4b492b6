// `codex-posture status`: the effective posture of a folder and where each value comes from, as
// text or as the JSON contract in the README. Takes Codex's own launch arguments, in any order.
import { codexHomeOptions } from '../core/config/codexHome';
import { describeProvenance, postureToJson } from '../core/config/json';
import { parseLaunchArgs, UsageError } from '../core/config/launchArgs';
import { resolvePosture } from '../core/config/resolve';
import type { PostureSnapshot, Surface, Valued } from '../core/config/types';
import { loadFailure, outsideFindings } from '../core/present/posture';
import { directoryArg, parseCommandLine, type Io, type Options } from './args';

/**
 * Codex's launch arguments, spelled as Codex 0.171 spells them. parseArgs only splits them; their
 * meaning, repeats and conflicts are parseLaunchArgs's, which the extension's setting uses too.
 */
const LAUNCH_OPTIONS = {
  profile: { type: 'string', short: 'p', multiple: true },
  config: { type: 'string', short: 'c', multiple: true },
  sandbox: { type: 'string', short: 's', multiple: true },
  'ask-for-approval': { type: 'string', short: 'a', multiple: true },
  enable: { type: 'string', multiple: true },
  disable: { type: 'string', multiple: true },
  'add-dir': { type: 'string', multiple: true },
  yolo: { type: 'boolean', multiple: true },
  'dangerously-bypass-approvals-and-sandbox': { type: 'boolean', multiple: true },
  'approve-for-me': { type: 'boolean', multiple: true },
  search: { type: 'boolean', multiple: true },
} as const satisfies Options;

const STATUS_OPTIONS = {
  json: { type: 'boolean' },
  cwd: { type: 'string' },
  surface: { type: 'string' },
  ...LAUNCH_OPTIONS,
} as const satisfies Options;

function line<T>(label: string, v: Valued<T> | undefined, show: (x: T) => string = String): string {
  if (!v) return `  ${label.padEnd(18)} -`;
  return `  ${label.padEnd(18)} ${show(v.value).padEnd(20)} ${describeProvenance(v.from)}`;
}

export function formatStatus(s: PostureSnapshot): string {
  const lines: string[] = [];
  lines.push(`Codex posture for ${s.cwd}${s.surface === 'exec' ? ' (codex exec)' : ''}`);
  lines.push(`  CODEX_HOME         ${s.codexHome}`);
  if (!s.loads) {
    lines.push('', loadFailure(s));
    return lines.join('\n');
  }
  lines.push(
    line('sandbox', s.sandbox),
    line('approval', s.approval),
    line('approvals reviewer', s.approvalsReviewer),
    line('network', s.networkAccess, (b) => (b ? 'on' : 'off')),
    line('web search', s.webSearch),
    line('permission profile', s.permissionProfile, (p) => p ?? '(legacy sandbox_mode)'),
    line('trusted', s.trusted, (t) => (t === null ? 'no entry' : t ? 'yes' : 'no (untrusted)')),
    line('writable roots', s.writableRoots, (r) => (r.length ? r.join(', ') : 'none')),
  );
  if (s.autoTrust)
    lines.push(
      `  note: a session start trusts this project and applies its .codex/config.toml (writes trust_level = "trusted" for ${s.autoTrust.root})`,
    );
  const o = s.outsideSandbox;
  if (o) {
    lines.push('', 'Runs outside the sandbox when a session starts:');
    for (const f of outsideFindings(o)) lines.push(`  ${f.severity.toUpperCase()}: ${f.message}`);
    const repo = (x: { projectSupplied: boolean }) => (x.projectSupplied ? ' [this repository]' : '');
    for (const m of o.mcpServers) {
      const what = m.transport === 'stdio' ? [m.command, ...(m.args ?? [])].join(' ') : m.url;
      lines.push(
        `  MCP server ${m.name}${repo(m)}: ${what} (${describeProvenance(m.from)})${m.starts ? '' : ` - not started: ${m.skipReason ?? ''}`}`,
      );
    }
    for (const h of o.hooks)
      lines.push(
        `  ${h.event} hook${repo(h)}: ${h.command} (${describeProvenance(h.from)})${h.runs ? '' : ` - skipped: ${h.skipReason ?? ''}`}`,
      );
    if (o.notify) lines.push(`  notify: ${o.notify.argv.join(' ')} (${describeProvenance(o.notify.from)})`);
    const e = o.environment;
    lines.push(
      `  agent's commands get ${e.passed.length} environment variables (inherit ${e.inherit}${e.inherit === 'all' && e.ignoreDefaultExcludes ? ', nothing excluded' : ''})${e.secretLooking.length ? `; credentials among them: ${e.secretLooking.join(', ')}` : ''}`,
    );
    for (const r of o.requirements) lines.push(`  administrator requirements: ${r.file}`);
  }
  lines.push('', 'Layers:');
  for (const l of s.layers) {
    const state = !l.exists ? 'not present' : l.applied ? 'applied' : `ignored: ${l.disabledReason ?? ''}`;
    lines.push(`  ${l.kind.padEnd(8)} ${l.file} (${state})`);
  }
  if (s.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of s.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n');
}

export async function status(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, tokens } = parseCommandLine(args, STATUS_OPTIONS, false, (name) => `unknown launch argument '${name}'`);
  if (tokens.some((t) => t.kind === 'option-terminator')) throw new UsageError("unknown launch argument '--'");
  const surface = values.surface ?? 'interactive';
  if (surface !== 'interactive' && surface !== 'exec') throw new UsageError(`--surface takes interactive or exec, not '${surface}'`);
  // The launch arguments go on in the order given, each as its spelling and its value.
  const launch = tokens.flatMap((t) =>
    t.kind === 'option' && t.name in LAUNCH_OPTIONS ? [t.rawName, ...(t.value === undefined ? [] : [t.value])] : [],
  );
  const launchArgs = parseLaunchArgs(launch);
  const dir = await directoryArg(values.cwd ?? process.cwd());
  const snapshot = await resolvePosture({
    cwd: dir,
    ...codexHomeOptions(env),
    home: env.HOME,
    launch: launchArgs,
    surface: surface as Surface,
  });
  io.out(values.json ? JSON.stringify(postureToJson(snapshot), null, 2) : formatStatus(snapshot));
  if (snapshot.loads) return 0;
  return snapshot.loadError?.kind === 'io' ? 2 : 1;
}
