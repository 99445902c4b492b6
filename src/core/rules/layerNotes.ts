// Findings about a config file that only the layered posture can tell, not the file alone: a key
// that another layer overrides for a workspace folder (CP207), and a project config Codex ignores
// because the project is not trusted (CP206). Both read the engine's snapshot (the provenance of each
// value, the report of each layer) and never re-decide which layer wins; this file only finds the
// losing keys in the text and says where the winner is.
import * as path from 'node:path';
import { isTable, pathKey, type ParsedToml, type Span } from '../config/toml';
import type { LayerReport, PostureSnapshot, Provenance, Valued } from '../config/types';
import { ruleInfo, type Severity } from './catalog';
import { profileChain } from './codes/cp210-unused-permission-profile';

/** One workspace folder's resolved posture; `name` is shown when there are several folders. */
export interface FolderPosture {
  readonly name: string;
  readonly snapshot: PostureSnapshot;
}

/** Where the other place is: a file line, or a `codexPosture.*` setting that holds launch arguments. */
export interface NotePlace {
  readonly file?: string;
  /** 1-based; absent when only the file is known. */
  readonly line?: number;
  readonly setting?: 'codexPosture.launchArgs' | 'codexPosture.surface';
  /** For a setting: the workspace folder whose value it is (settings can differ per folder). */
  readonly folder?: string;
}

export interface LayerNote {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly { readonly message: string; readonly place: NotePlace }[];
  /** For a repository that runs programs outside the sandbox: the project to mark untrusted, and where. */
  readonly untrust?: { readonly root: string; readonly userConfig: string };
}

type Tracked = 'sandbox' | 'approval' | 'approvalsReviewer' | 'networkAccess' | 'webSearch' | 'writableRoots';

/**
 * The posture values the engine tracks, with the keys a file sets them by. `default_permissions`
 * decides the sandbox (the permission profile is its other name, so it is not listed twice).
 */
const TRACKED: readonly { readonly value: Tracked; readonly label: string; readonly keys: readonly (readonly string[])[] }[] = [
  { value: 'sandbox', label: 'the sandbox', keys: [['sandbox_mode'], ['default_permissions']] },
  { value: 'approval', label: 'the approval policy', keys: [['approval_policy']] },
  { value: 'approvalsReviewer', label: 'the approvals reviewer', keys: [['approvals_reviewer']] },
  { value: 'networkAccess', label: 'network access', keys: [['sandbox_workspace_write', 'network_access']] },
  {
    value: 'webSearch',
    label: 'web search',
    keys: [['web_search'], ['features', 'web_search_request'], ['features', 'web_search_cached']],
  },
  { value: 'writableRoots', label: 'the writable roots', keys: [['sandbox_workspace_write', 'writable_roots']] },
];

function show(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  return String(v);
}

/** A provenance as a place another editor can open. Launch arguments live in settings. */
export function placeOf(from: Provenance): NotePlace | undefined {
  if (from.file) return { file: from.file, line: from.line };
  if (from.layer === 'flag' || from.layer === 'override')
    return { setting: from.arg === 'codex exec' ? 'codexPosture.surface' : 'codexPosture.launchArgs' };
  return undefined;
}

/** "~/.codex/config.toml:3", "`-s danger-full-access` in codexPosture.launchArgs". */
export function describePlace(from: Provenance, home?: string): string {
  if (from.file) {
    const file = home && (from.file === home || from.file.startsWith(home + path.sep)) ? `~${from.file.slice(home.length)}` : from.file;
    return from.line ? `${file}:${from.line}` : file;
  }
  if (from.arg === 'codex exec') return '`codex exec` (codexPosture.surface)';
  if (from.arg) return `\`${from.arg}\` in codexPosture.launchArgs`;
  return from.layer;
}

const sameFile = (a: string, b: string) => path.resolve(a) === path.resolve(b);

/** The first line of the file that holds anything, for a whole-file note. */
function firstContentSpan(text: string): Span {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let offset = 0;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed && !trimmed.startsWith('#')) {
      const col = raw.length - raw.trimStart().length;
      return {
        line: i + 1,
        column: col + 1,
        endLine: i + 1,
        endColumn: col + trimmed.length + 1,
        start: offset + col,
        end: offset + col + trimmed.length,
      };
    }
    offset += lines[i].length + 1;
  }
  return { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
}

function untrustedNote(file: string, text: string, layer: LayerReport, home: string | undefined): LayerNote {
  const dir = path.dirname(path.dirname(file));
  const t = layer.trust;
  const why = t?.level === 'untrusted' ? `${t.dir} is marked untrusted (${describePlace(t.from, home)})` : `no trust entry covers ${dir}`;
  const related =
    t?.level === 'untrusted' && t.from.file
      ? [{ message: `trust_level = "untrusted" for ${t.dir}`, place: { file: t.from.file, line: t.from.line } }]
      : [];
  return {
    code: 'CP206',
    severity: ruleInfo('CP206').severity,
    message: `Codex ignores this whole file: ${why}. None of its settings apply until the project is trusted.`,
    span: firstContentSpan(text),
    related,
  };
}

/**
 * The layered findings for one config file, from its parsed text (lintText's `doc`). `folders` are
 * the resolved postures of the open workspace folders; a file that is no layer of any of them gets
 * no notes.
 */
export function layerNotes(file: string, parsed: ParsedToml, folders: readonly FolderPosture[], home?: string): LayerNote[] {
  const notes: LayerNote[] = [];
  const many = folders.length > 1;
  const layersOf = (s: PostureSnapshot) => s.layers.filter((l) => l.exists && sameFile(l.file, file));

  // CP206: one note, whichever folders see the file.
  const ignored = folders
    .flatMap((f) => layersOf(f.snapshot))
    .find((l) => l.kind === 'project' && !l.applied && l.trust?.level !== 'trusted');
  if (ignored) notes.push(untrustedNote(file, parsed.text, ignored, home));

  notes.push(...repositoryNotes(file, parsed.text, folders, home));

  // CP207: per tracked value, the folders in which a key here does not decide it.
  interface Loss {
    readonly keyPath: readonly string[];
    readonly label: string;
    readonly winner: Valued<unknown>;
    readonly folders: string[];
  }
  const losses = new Map<string, Loss>();
  for (const { name, snapshot } of folders) {
    if (!snapshot.loads || !layersOf(snapshot).some((l) => l.applied)) continue;
    for (const t of TRACKED) {
      const winner = snapshot[t.value] as Valued<unknown> | undefined;
      if (!winner || winner.from.layer === 'default') continue;
      if (winner.from.file && sameFile(winner.from.file, file)) continue;
      for (const keyPath of t.keys) {
        const id = `${pathKey(keyPath)} ${JSON.stringify(winner)}`;
        const loss = losses.get(id) ?? { keyPath, label: t.label, winner, folders: [] };
        loss.folders.push(name);
        losses.set(id, loss);
      }
    }
  }
  if (parsed.ok) notes.push(...unusedProfileNotes(parsed, folders, layersOf, home));
  if (losses.size === 0 || !parsed.ok) return notes;
  for (const loss of losses.values()) {
    const loc = parsed.locations.get(pathKey(loss.keyPath));
    if (!loc || loc.isHeader) continue;
    const where = describePlace(loss.winner.from, home);
    const reason = loss.winner.from.reason ? ` (${loss.winner.from.reason})` : '';
    const scope = many ? ` in ${loss.folders.join(', ')}` : '';
    const at = placeOf(loss.winner.from);
    const place = at?.setting ? { ...at, folder: loss.folders[0] } : at;
    notes.push({
      code: 'CP207',
      severity: ruleInfo('CP207').severity,
      message: `\`${loss.keyPath.join('.')}\` here does not apply${scope}: ${loss.label} is ${show(loss.winner.value)}, set by ${where}${reason}.`,
      span: loc.key,
      related: place ? [{ message: `Codex takes ${loss.label} (${show(loss.winner.value)}) from here`, place }] : [],
    });
  }
  return notes;
}

/**
 * CP210 across layers: a `[permissions.<name>]` of this file that the folder's session does not use
 * because another layer decides (a trusted project's or a profile file's `sandbox_mode`, or its
 * `default_permissions` naming another profile; measured with 0.171, codex-findings 11.2). The
 * cases this file decides itself are the one-file rule's (cp210), so they are left out here.
 */
function unusedProfileNotes(
  parsed: ParsedToml & { ok: true },
  folders: readonly FolderPosture[],
  layersOf: (s: PostureSnapshot) => readonly LayerReport[],
  home?: string,
): LayerNote[] {
  const perms = parsed.value.permissions;
  if (!isTable(perms) || typeof parsed.value.default_permissions === 'string' || typeof parsed.value.sandbox_mode === 'string') return [];
  const unused = new Map<string, { folders: string[]; why: string; place?: NotePlace }>();
  for (const { name, snapshot } of folders) {
    if (!snapshot.loads || !layersOf(snapshot).some((l) => l.applied)) continue;
    const active = snapshot.permissionProfile?.value;
    if (!snapshot.sandbox) continue;
    // A profile this file does not define may extend one it does: that chain is not in view here.
    if (typeof active === 'string' && !active.startsWith(':') && !isTable(perms[active])) continue;
    const used = typeof active === 'string' ? profileChain(perms, active) : new Set<string>();
    const sandbox = snapshot.sandbox;
    const from = typeof active === 'string' ? snapshot.permissionProfile!.from : sandbox.from;
    const why =
      typeof active === 'string'
        ? `the permission profile is \`${active}\`, set by ${describePlace(from, home)}`
        : `the sandbox is ${sandbox.value}, set by ${describePlace(from, home)} (sandbox_mode decides, not a permission profile)`;
    for (const n of Object.keys(perms)) {
      if (used.has(n) || !isTable(perms[n])) continue;
      const u = unused.get(n) ?? { folders: [], why, place: placeOf(from) };
      u.folders.push(name);
      unused.set(n, u);
    }
  }
  const notes: LayerNote[] = [];
  for (const [n, u] of unused) {
    const l = parsed.locations.get(pathKey(['permissions', n]));
    if (!l) continue;
    const scope = folders.length > 1 ? ` in ${u.folders.join(', ')}` : '';
    notes.push({
      code: 'CP210',
      severity: ruleInfo('CP210').severity,
      message: `The permission profile \`permissions.${n}\` is not used${scope}: ${u.why}.`,
      span: l.isHeader ? (l.definedAt ?? l.key) : l.key,
      related: u.place ? [{ message: 'what decides the sandbox instead', place: u.place }] : [],
    });
  }
  return notes;
}

/** The whole of one line, for a note about what the line defines. */
function lineSpan(text: string, line: number): Span {
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  const raw = (lines[line - 1] ?? '').replace(/\r$/, '');
  const col = raw.length - raw.trimStart().length;
  return { line, column: col + 1, endLine: line, endColumn: raw.length + 1, start: start + col, end: start + raw.length };
}

/**
 * CP412 in the editor: this project file supplies a program that a session started in one of the
 * workspace folders would really run, outside the sandbox (the project is trusted or a writable
 * session trusts it by itself). An error, at the line, with the project to mark untrusted. And
 * CP413 for a hook in any config file that the layers make Codex skip.
 */
function repositoryNotes(file: string, text: string, folders: readonly FolderPosture[], home: string | undefined): LayerNote[] {
  const out = new Map<number, LayerNote>();
  for (const { snapshot: s } of folders) {
    const o = s.loads ? s.outsideSandbox : undefined;
    if (!o) continue;
    const layer = s.layers.find((l) => l.kind === 'project' && l.applied && sameFile(l.file, file));
    if (!layer) continue;
    const root = s.autoTrust?.root ?? layer.trust?.dir;
    const how = s.autoTrust
      ? `a Codex session that can write trusts ${s.autoTrust.root} by itself (auto-trust)`
      : layer.trust
        ? `${layer.trust.dir} is trusted (${describePlace(layer.trust.from, home)})`
        : 'the project is trusted';
    const programs = [
      ...o.mcpServers
        .filter((m) => m.starts && m.projectSupplied)
        .map((m) => ({
          line: m.from.line,
          what:
            m.transport === 'stdio'
              ? `starts \`${[m.command, ...(m.args ?? [])].join(' ')}\` (MCP server ${m.name})`
              : `connects Codex to ${m.url ?? ''} (MCP server ${m.name})`,
          file: m.from.file,
        })),
      ...o.hooks
        .filter((h) => h.runs && h.projectSupplied)
        .map((h) => ({ line: h.from.line, what: `runs \`${h.command}\` (${h.event} hook)`, file: h.from.file })),
    ];
    for (const p of programs) {
      if (!p.file || !sameFile(p.file, file) || !p.line || out.has(p.line)) continue;
      out.set(p.line, {
        code: 'CP412',
        severity: 'error',
        message: `This repository ${p.what} outside the sandbox when a Codex session starts: ${how}.`,
        span: lineSpan(text, p.line),
        related: [],
        ...(root ? { untrust: { root, userConfig: path.join(s.codexHome, 'config.toml') } } : {}),
      });
    }
  }
  // CP413 for hooks here that Codex skips for reasons only the layers know (not trusted yet,
  // changed since trusted, turned off, managed hooks only); the one-file rule covers the rest.
  const why = /^(not trusted yet|changed since|disabled in|the administrator|\[features\])/;
  for (const { snapshot: s } of folders) {
    for (const h of (s.loads && s.outsideSandbox?.hooks) || []) {
      if (h.runs || !h.from.file || !h.from.line || !sameFile(h.from.file, file) || !why.test(h.skipReason ?? '') || out.has(h.from.line))
        continue;
      out.set(h.from.line, {
        code: 'CP413',
        severity: ruleInfo('CP413').severity,
        message: `Codex skips this ${h.event} hook: ${h.skipReason}.`,
        span: lineSpan(text, h.from.line),
        related: [],
      });
    }
  }
  return [...out.values()];
}

/**
 * Codex skips an untrusted project's config before it parses it, so what would stop Codex from
 * starting (a syntax error, a bad value) does not stop it today. Such errors become warnings that
 * say so: they still matter, because trusting the project would make them fatal.
 */
export function softenErrorsOfIgnoredFile<F extends { readonly severity: Severity; readonly message: string }>(
  findings: readonly F[],
  notes: readonly LayerNote[],
): F[] {
  if (!notes.some((n) => n.code === 'CP206')) return [...findings];
  return findings.map((f) =>
    f.severity === 'error'
      ? {
          ...f,
          severity: 'warning' as const,
          message: `Codex ignores this untrusted project's file for now; once the project is trusted, Codex will refuse to start: ${f.message.replace(/\s*Codex refuses to load this file\.$/, '')}`,
        }
      : f,
  );
}
