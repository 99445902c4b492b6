// The badge's tooltip and the posture report as Markdown. Everything that comes from files, paths,
// branch names or codex output is escaped; links are plain file links (file:///…#Lnn) that VS Code
// opens at the line, never command links built from untrusted text.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PostureSnapshot, Provenance, Valued } from '../config/types';
import { escapeMarkdown as escapeForDocuments, type Finding } from './posture';
import { markdownCode } from './safeText';

/**
 * escapeMarkdown, for a MarkdownString with theme icons (the badge's tooltip). VS Code turns
 * `$(name)` into an icon in the *rendered* HTML, after Markdown has consumed our `\$\(`: a folder
 * or branch called `x $(zap)` lost its text to an icon. What survives is an escaped backslash
 * in front (`\\$\(` renders `\$(`, which VS Code shows as a literal `$(`). reportMarkdown undoes
 * it for documents and the clipboard, which have no icons.
 */
function escapeMarkdown(text: string): string {
  return escapeForDocuments(text).replace(/\\\$\\\(/g, () => '\\\\$\\(');
}

export interface TooltipInput {
  readonly folderName: string;
  readonly snapshot: PostureSnapshot;
  readonly launchArgs: readonly string[];
  readonly launchError?: string;
  readonly findings: readonly Finding[];
  readonly gitSummary?: string;
  readonly codexSummary?: string;
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
export function fileLink(file: string, line: number | undefined, home?: string): string {
  const url = pathToFileURL(file).href.replace(/[()[\]$]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const shown = home && file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
  // A title of our own words: without one VS Code titles a file link with its decoded path, where
  // `$(name)` becomes icon HTML inside the attribute and spills the rest of the path as text.
  return `[${escapeMarkdown(shown)}${line ? `:${line}` : ''}](${url}${line ? `#L${line}` : ''} "${line ? `Open at line ${line}` : 'Open the file'}")`;
}

/**
 * Text shown as inline code: backticks cannot close the span, and control characters (ANSI
 * escapes, line breaks) and bidi overrides are removed as escapeMarkdown removes them elsewhere.
 * Text holding `$(` is escaped prose instead: inside a code span no escape works, and VS Code
 * would still turn `$(name)` into an icon.
 */
export function codeSpan(text: string): string {
  return text.includes('$(') ? escapeMarkdown(text) : markdownCode(text);
}

export function provenanceMarkdown(p: Provenance, home?: string): string {
  const reason = p.reason ? escapeMarkdown(p.reason) : '';
  if (p.file) return `${p.layer} ${fileLink(p.file, p.line, home)}${reason ? ` (${reason})` : ''}`;
  if (p.arg) return `${p.layer} ${codeSpan(p.arg)}${reason ? ` (${reason})` : ''}`;
  return reason || 'Codex default';
}

function row<T>(label: string, v: Valued<T> | undefined, show: (x: T) => string, home?: string): string {
  if (!v) return `| ${label} | - | |`;
  return `| ${label} | **${escapeMarkdown(show(v.value))}** | ${provenanceMarkdown(v.from, home)} |`;
}

export function postureTable(s: PostureSnapshot, home?: string): string[] {
  return [
    '| | value | from |',
    '|---|---|---|',
    row('Sandbox', s.sandbox, String, home),
    row('Approval', s.approval, String, home),
    row('Reviewer', s.approvalsReviewer, String, home),
    row('Network', s.networkAccess, (b) => (b ? 'on' : 'off'), home),
    row('Web search', s.webSearch, String, home),
    row('Permission profile', s.permissionProfile, (p) => p ?? 'legacy sandbox_mode', home),
    row('Writable roots', s.writableRoots, (r) => (r.length ? r.join(', ') : 'none extra'), home),
  ];
}

export function trustLines(s: PostureSnapshot, home?: string): string[] {
  const out: string[] = [];
  const t = s.trusted;
  if (t) {
    const state = t.value === null ? 'no trust entry' : t.value ? 'trusted' : 'untrusted';
    out.push(`**Trust:** ${state} (${provenanceMarkdown(t.from, home)})`);
  }
  if (s.autoTrust) out.push(`Starting a Codex session here writes \`trust_level = "trusted"\` for ${escapeMarkdown(s.autoTrust.root)} (auto-trust).`);
  for (const l of s.layers) {
    if (l.kind === 'project' && l.exists && !l.applied) out.push(`Ignored: ${fileLink(l.file, undefined, home)}: ${escapeMarkdown(l.disabledReason ?? '')}`);
    for (const k of l.strippedKeys) out.push(`Stripped from ${fileLink(l.file, k.line, home)}: ${codeSpan(k.key)} (not allowed in a project config)`);
  }
  return out;
}

export function tooltipMarkdown(t: TooltipInput): string {
  const s = t.snapshot;
  const lines: string[] = [`**Codex posture** · ${escapeMarkdown(t.folderName)}${s.surface === 'exec' ? ' · `codex exec`' : ''}`, ''];
  if (!s.loads) {
    lines.push(`$(error) Codex would refuse to start: ${escapeMarkdown(s.loadError?.message ?? '')}`);
    if (s.loadError?.file) lines.push('', `Open ${fileLink(s.loadError.file, s.loadError.line, t.home)}`);
  } else {
    lines.push(...postureTable(s, t.home), '', ...trustLines(s, t.home).flatMap((l, i) => (i ? ['', l] : [l])));
  }
  lines.push('');
  const args = t.launchArgs.length ? t.launchArgs.map(codeSpan).join(' ') : 'none';
  // Separate paragraphs: Markdown would run consecutive lines together.
  lines.push(`**Launch arguments:** ${args}${t.launchError ? ` ($(warning) ${escapeMarkdown(t.launchError)}; ignored)` : ''}`);
  if (t.codexSummary) lines.push('', `**Codex:** ${escapeMarkdown(t.codexSummary)}`);
  if (t.gitSummary) lines.push('', `**Git:** ${escapeMarkdown(t.gitSummary)}`);
  if (t.findings.length) {
    lines.push('', '**Warnings**');
    for (const f of t.findings) lines.push(`- ${f.severity === 'error' ? '$(error)' : '$(warning)'} ${escapeMarkdown(f.message)}`);
  }
  if (t.restricted) lines.push('', '$(shield) Restricted Mode: config files are read and parsed only; no git or codex process is started.');
  if (t.officialExtension) lines.push('', 'The Codex IDE extension is installed: its chat mode picker can override config.toml for its own chats.');
  if (t.otherFolders?.length) {
    lines.push('', '**Other folders**');
    for (const f of t.otherFolders) lines.push(`- ${escapeMarkdown(f.name)}: ${escapeMarkdown(f.line)}`);
  }
  return lines.join('\n');
}

/**
 * The posture report and "Copy Posture as Markdown": the tooltip without VS Code's `$(icon)`
 * syntax, which documents and the clipboard do not render. Only our own icons are unescaped in the
 * tooltip (escapeMarkdown turns `$(` from any text into `\$\(`), so nothing else is removed.
 */
export function reportMarkdown(tooltip: string): string {
  return tooltip
    .replace(/(?<!\\)\$\([a-z0-9~-]+\)\s*/g, '')
    .replace(/\\\\\$\\\(/g, () => '\\$\\(');
}
