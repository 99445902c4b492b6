// The badge's tooltip and the posture report as Markdown. Everything that comes from files, paths,
// branch names or codex output is escaped; links are plain file links (file:///…#Lnn) that VS Code
// opens at the line, never command links built from untrusted text.
//
// Two flavours of the same content. The tooltip is rendered by VS Code with theme icons, so every
// Markdown character is escaped and `$(` is kept from turning into an icon. The report (a document
// and the clipboard) is read as Markdown source as often as rendered: it escapes only what can act
// or hide text (markdownText: links, HTML, entities, code spans, table pipes), so it says
// `workspace-write` and `~/.codex/config.toml`, not `workspace\-write` and `\~/\.codex/config\.toml`.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OutsideSandbox, PostureSnapshot, Provenance, Valued } from '../config/types';
import { escapeMarkdown as escapeForDocuments, loadFailure, type Finding } from './posture';
import { markdownCode, markdownText } from './safeText';
import { outsideTally } from '../outside/tally';

/** `tooltip`: VS Code's hover with theme icons; `document`: the report and the clipboard. */
export type Flavor = 'tooltip' | 'document';

/**
 * escapeMarkdown, for a MarkdownString with theme icons (the badge's tooltip). VS Code turns
 * `$(name)` into an icon in the *rendered* HTML, after Markdown has consumed our `\$\(`: a folder
 * or branch called `x $(zap)` lost its text to an icon. What survives is an escaped backslash
 * in front (`\\$\(` renders `\$(`, which VS Code shows as a literal `$(`).
 */
function escapeMarkdown(text: string): string {
  return escapeForDocuments(text).replace(/\\\$\\\(/g, () => '\\\\$\\(');
}

/**
 * Text for the report: markdownText, plus a block marker at the very start (`#`, `>`, `-`, `1.`)
 * escaped, for text that begins a line or a list item (a folder called `# x` is not a heading).
 */
function documentText(text: string): string {
  return markdownText(text)
    .replace(/^(\s*)([#>+\-*=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function esc(text: string, f: Flavor): string {
  return f === 'tooltip' ? escapeMarkdown(text) : documentText(text);
}

/** One of our own icons in the tooltip; documents have none. */
function icon(name: string, f: Flavor): string {
  return f === 'tooltip' ? `$(${name}) ` : '';
}

export interface TooltipInput {
  readonly folderName: string;
  readonly snapshot: PostureSnapshot;
  readonly launchArgs: readonly string[];
  readonly launchError?: string;
  readonly findings: readonly Finding[];
  readonly gitSummary?: string;
  /** Which baseline applied: the repository's `.codex-posture.toml` (with its path) or the personal settings. */
  readonly policySource?: string;
  readonly codexSummary?: string;
  /** "Last Codex session here: …", from Codex's own records. */
  readonly lastSession?: string;
  readonly restricted: boolean;
  readonly officialExtension: boolean;
  readonly home?: string;
  /** Other workspace folders, one line each (multi-root). */
  readonly otherFolders?: readonly { name: string; line: string }[];
}

/**
 * A file link that VS Code opens at the line; the URL is percent-encoded so no text can break out.
 * `$` too: VS Code puts its icons into the rendered HTML, attributes included.
 */
export function fileLink(file: string, line: number | undefined, home?: string, f: Flavor = 'tooltip'): string {
  const url = pathToFileURL(file).href.replace(/[()[\]$]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const shown = home && file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
  // A title of our own words: without one VS Code titles a file link with its decoded path, where
  // `$(name)` becomes icon HTML inside the attribute and spills the rest of the path as text.
  return `[${esc(shown, f)}${line ? `:${line}` : ''}](${url}${line ? `#L${line}` : ''} "${line ? `Open at line ${line}` : 'Open the file'}")`;
}

/**
 * Text shown as inline code: backticks cannot close the span, and control characters (ANSI
 * escapes, line breaks) and bidi overrides are removed as escapeMarkdown removes them elsewhere.
 * Text holding `$(` is escaped prose instead: inside a code span no escape works, and VS Code
 * would still turn `$(name)` into an icon.
 */
export function codeSpan(text: string, f: Flavor = 'tooltip'): string {
  return f === 'tooltip' && text.includes('$(') ? escapeMarkdown(text) : markdownCode(text);
}

export function provenanceMarkdown(p: Provenance, home?: string, f: Flavor = 'tooltip'): string {
  const reason = p.reason ? esc(p.reason, f) : '';
  if (p.file) return `${p.layer} ${fileLink(p.file, p.line, home, f)}${reason ? ` (${reason})` : ''}`;
  if (p.arg) return `${p.layer} ${codeSpan(p.arg, f)}${reason ? ` (${reason})` : ''}`;
  return reason || 'Codex default';
}

function row<T>(label: string, v: Valued<T> | undefined, show: (x: T) => string, home: string | undefined, f: Flavor): string {
  if (!v) return `| ${label} | - | |`;
  return `| ${label} | **${esc(show(v.value), f)}** | ${provenanceMarkdown(v.from, home, f)} |`;
}

export function postureTable(s: PostureSnapshot, home?: string, f: Flavor = 'tooltip'): string[] {
  return [
    '| | value | from |',
    '|---|---|---|',
    row('Sandbox', s.sandbox, String, home, f),
    row('Approval', s.approval, String, home, f),
    row('Reviewer', s.approvalsReviewer, String, home, f),
    row('Network', s.networkAccess, (b) => (b ? 'on' : 'off'), home, f),
    row('Web search', s.webSearch, String, home, f),
    row('Permission profile', s.permissionProfile, (p) => p ?? 'legacy sandbox_mode', home, f),
    row('Writable roots', s.writableRoots, (r) => (r.length ? r.join(', ') : 'none extra'), home, f),
  ];
}

export function trustLines(s: PostureSnapshot, home?: string, f: Flavor = 'tooltip'): string[] {
  const out: string[] = [];
  const t = s.trusted;
  if (t) {
    const state = t.value === null ? 'no trust entry' : t.value ? 'trusted' : 'untrusted';
    out.push(`**Trust:** ${state} (${provenanceMarkdown(t.from, home, f)})`);
  }
  if (s.autoTrust) {
    // Said plainly: this is why the posture is wider than the config as it stands (auto-trust).
    out.push(
      `A session start trusts this project and applies its .codex/config.toml (Codex writes \`trust_level = "trusted"\` for ${esc(s.autoTrust.root, f)} into the user config).`,
    );
  }
  for (const l of s.layers) {
    if (l.kind === 'project' && l.exists && !l.applied)
      out.push(`Ignored: ${fileLink(l.file, undefined, home, f)}: ${esc(l.disabledReason ?? '', f)}`);
    for (const k of l.strippedKeys)
      out.push(`Stripped from ${fileLink(l.file, k.line, home, f)}: ${codeSpan(k.key, f)} (not allowed in a project config)`);
  }
  return out;
}

/** At most this many entries of each kind in the tooltip; the report lists all it has (src/core/outside/tally.ts). */
const TOOLTIP_LIST_MAX = 8;

function argv(parts: readonly string[]): string {
  return parts.map((p) => (/^[\w@%+=:,./-]+$/.test(p) ? p : JSON.stringify(p))).join(' ');
}

/**
 * "Runs outside the sandbox": the programs a session start runs as ordinary processes of the user
 * (MCP servers, hooks, notify), the variables the agent's commands inherit, and what an
 * administrator requires. Names of variables only, never values.
 */
export function outsideLines(o: OutsideSandbox | undefined, home?: string, f: Flavor = 'tooltip'): string[] {
  if (!o) return [];
  const max = f === 'tooltip' ? TOOLTIP_LIST_MAX : Infinity;
  const items: string[] = [];
  const repo = (x: { projectSupplied: boolean }) => (x.projectSupplied ? '**this repository** · ' : '');
  const starting = o.mcpServers.filter((m) => m.starts);
  for (const m of starting.slice(0, max)) {
    const what = m.transport === 'stdio' ? codeSpan(argv([m.command ?? '', ...(m.args ?? [])]), f) : `remote ${codeSpan(m.url ?? '', f)}`;
    const env = m.envNames.length ? ` · gets ${m.envNames.map((n) => codeSpan(n, f)).join(', ')}` : '';
    const widens = m.widens.length ? ` · ${esc(m.widens.join('; '), f)}` : '';
    items.push(`- ${repo(m)}MCP server ${codeSpan(m.name, f)}: ${what} · ${provenanceMarkdown(m.from, home, f)}${env}${widens}`);
  }
  const t = outsideTally(o);
  const more = (total: number, shown: number, what: string) => {
    if (total > shown) items.push(`- … ${total - shown} more ${what}`);
  };
  more(t.mcpStarting, Math.min(starting.length, max), 'MCP servers');
  const running = o.hooks.filter((h) => h.runs);
  for (const h of running.slice(0, max))
    items.push(`- ${repo(h)}${esc(h.event, f)} hook: ${codeSpan(h.command, f)} · ${provenanceMarkdown(h.from, home, f)}`);
  more(t.hooksRunning, Math.min(running.length, max), 'hooks');
  if (o.notify)
    items.push(`- notify after every turn: ${codeSpan(argv(o.notify.argv), f)} · ${provenanceMarkdown(o.notify.from, home, f)}`);
  const skipped = o.hooks.filter((h) => !h.runs);
  for (const h of skipped.slice(0, max))
    items.push(
      `- skipped: ${esc(h.event, f)} hook ${codeSpan(h.command, f)} · ${provenanceMarkdown(h.from, home, f)} (${esc(h.skipReason ?? '', f)})`,
    );
  more(t.hooksSkipped, Math.min(skipped.length, max), 'skipped hooks');
  const off = o.mcpServers.filter((m) => !m.starts);
  for (const m of off.slice(0, max))
    items.push(`- not started: MCP server ${codeSpan(m.name, f)} · ${provenanceMarkdown(m.from, home, f)} (${esc(m.skipReason ?? '', f)})`);
  more(t.mcpNotStarting, Math.min(off.length, max), 'MCP servers not started');
  const e = o.environment;
  const secrets = e.secretLooking.length
    ? `, credentials among them: ${e.secretLooking
        .slice(0, max)
        .map((n) => codeSpan(n, f))
        .join(', ')}${e.secretLooking.length > max ? ' …' : ''}`
    : '';
  items.push(
    `- the agent's commands get ${e.passed.length} environment variables (inherit ${esc(e.inherit, f)}${e.inherit === 'all' && e.ignoreDefaultExcludes ? ', nothing excluded' : ''}; ${provenanceMarkdown(e.from, home, f)})${secrets}`,
  );
  for (const r of o.requirements) {
    const rules: string[] = [];
    if (r.allowedSandboxModes) rules.push(`sandbox ${r.allowedSandboxModes.join('/')}`);
    if (r.allowedApprovalPolicies) rules.push(`approval ${r.allowedApprovalPolicies.join('/')}`);
    if (r.allowedWebSearchModes) rules.push(`web search ${r.allowedWebSearchModes.join('/')}`);
    if (r.mcpServers) rules.push(`MCP servers only ${r.mcpServers.map((m) => m.name).join(', ') || 'none'}`);
    if (r.allowManagedHooksOnly) rules.push('managed hooks only');
    if (r.hooks) rules.push(`${r.hooks} managed hook${r.hooks === 1 ? '' : 's'}`);
    items.push(`- administrator requires: ${esc(rules.join(', ') || 'nothing about these', f)} · ${fileLink(r.file, undefined, home, f)}`);
  }
  return [f === 'document' ? '## Runs outside the sandbox\n' : '**Runs outside the sandbox**', ...items];
}

export function tooltipMarkdown(t: TooltipInput): string {
  return render(t, 'tooltip');
}

/**
 * The posture report and "Copy Posture as Markdown": the tooltip's content as a document, with
 * headings, no theme icons and the light escaping of documents (see the top of this file).
 */
export function reportMarkdown(t: TooltipInput): string {
  return render(t, 'document');
}

function render(t: TooltipInput, f: Flavor): string {
  const s = t.snapshot;
  const doc = f === 'document';
  const head = `${esc(t.folderName, f)}${s.surface === 'exec' ? ' · `codex exec`' : ''}`;
  const lines: string[] = [doc ? `# Codex posture · ${head}` : `**Codex posture** · ${head}`, ''];
  if (!s.loads) {
    lines.push(`${icon(s.loadError?.unread ? 'warning' : 'error', f)}${esc(loadFailure(s), f)}`);
    if (s.loadError?.file) lines.push('', `Open ${fileLink(s.loadError.file, s.loadError.line, t.home, f)}`);
  } else {
    lines.push(...postureTable(s, t.home, f), '', ...trustLines(s, t.home, f).flatMap((l, i) => (i ? ['', l] : [l])));
    const outside = outsideLines(s.outsideSandbox, t.home, f);
    if (outside.length) lines.push('', ...outside);
  }
  lines.push('');
  const args = t.launchArgs.length ? t.launchArgs.map((a) => codeSpan(a, f)).join(' ') : 'none';
  // Separate paragraphs: Markdown would run consecutive lines together.
  lines.push(`**Launch arguments:** ${args}${t.launchError ? ` (${icon('warning', f)}${esc(t.launchError, f)}; ignored)` : ''}`);
  if (t.codexSummary) lines.push('', `**Codex:** ${esc(t.codexSummary, f)}`);
  if (t.gitSummary) lines.push('', `**Git:** ${esc(t.gitSummary, f)}`);
  if (t.policySource)
    lines.push(
      '',
      `**Policy:** ${t.policySource === 'settings' ? 'no .codex-posture.toml in this repository; the baseline is your codexPosture.* settings' : `the repository policy ${fileLink(t.policySource, undefined, t.home, f)} (it wins over your codexPosture.* settings)`}`,
    );
  if (t.lastSession) lines.push('', esc(t.lastSession, f));
  if (t.findings.length) {
    lines.push('', doc ? '## Warnings\n' : '**Warnings**');
    for (const w of t.findings) lines.push(`- ${icon(w.severity === 'error' ? 'error' : 'warning', f)}${esc(w.message, f)}`);
  }
  if (t.restricted)
    lines.push('', `${icon('shield', f)}Restricted Mode: config files are read and parsed only; no git or codex process is started.`);
  if (t.officialExtension)
    lines.push('', 'The Codex IDE extension is installed: its chat mode picker can override config.toml for its own chats.');
  if (t.otherFolders?.length) {
    lines.push('', doc ? '## Other folders\n' : '**Other folders**');
    for (const o of t.otherFolders) lines.push(`- ${esc(o.name, f)}: ${esc(o.line, f)}`);
  }
  return lines.join('\n') + (doc ? '\n' : '');
}
