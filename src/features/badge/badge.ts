// The status-bar badge: one item whose text, label, colour and tooltip are derived from the
// posture service's state for the active folder. It renders; it never computes posture.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { accessibilityLabel, badgeText, worstSeverity, type Finding, type Severity } from '../../core/present/posture';
import { lastSessionLine } from '../../core/sessions/evidence';
import type { SessionSummary } from '../../core/sessions/types';
import { reportMarkdown, tooltipMarkdown, type TooltipInput } from '../../core/present/tooltip';
import type { FolderState, PostureService } from '../posture/postureService';

export const BADGE_ID = 'codexPosture.badge';
const OFFICIAL_CODEX_EXTENSION = 'openai.chatgpt';

/** What the badge shows, as data: rendered onto the item and returned to tests. */
export interface BadgeView {
  readonly text: string;
  readonly label: string;
  readonly severity: Severity;
  readonly background?: string;
  readonly tooltip: string;
  /** The same content as a Markdown document (Show Posture Report, Copy Posture as Markdown). */
  readonly report: string;
  readonly folder?: string;
  /** Milliseconds from activate() to the first real posture on the badge (for `npm run bench`). */
  readonly firstBadgeMs?: number;
}

export function allFindings(state: FolderState): Finding[] {
  const out = [...state.findings, ...(state.git?.findings ?? [])];
  if (state.launchError) out.push({ severity: 'warning', code: 'launch-args', message: `codexPosture.launchArgs: ${state.launchError}` });
  if (state.codex?.confirmed === false) {
    for (const d of state.codex.drift) out.push({ severity: 'warning', code: 'codex-drift', message: `codex disagrees: ${d}` });
  }
  return out;
}

function oneLine(state: FolderState): string {
  return badgeText(state.snapshot, worstSeverity(allFindings(state))).replace(/\$\([^)]*\)\s*/g, '');
}

export function viewOf(state: FolderState | undefined, others: readonly FolderState[], recorded?: readonly SessionSummary[]): BadgeView {
  if (!state) {
    return {
      text: '$(loading~spin) Codex posture',
      label: 'Codex posture: resolving',
      severity: 'ok',
      tooltip: 'Resolving the Codex posture…',
      report: 'Resolving the Codex posture…\n',
    };
  }
  const findings = allFindings(state);
  const severity = worstSeverity(findings);
  const background =
    severity === 'error' ? 'statusBarItem.errorBackground' : severity === 'warning' ? 'statusBarItem.warningBackground' : undefined;
  const input: TooltipInput = {
    folderName: state.folder.name,
    snapshot: state.snapshot,
    launchArgs: state.launchArgs,
    launchError: state.launchError,
    findings,
    gitSummary: state.git?.summary,
    policySource: state.baseline.source,
    codexSummary: state.codex?.summary,
    restricted: !vscode.workspace.isTrusted,
    officialExtension: vscode.extensions.getExtension(OFFICIAL_CODEX_EXTENSION) !== undefined,
    home: os.homedir(),
    otherFolders: others.filter((o) => o !== state).map((o) => ({ name: o.folder.name, line: oneLine(o) })),
    lastSession: recorded && lastSessionLine(recorded, new Date()),
  };
  return {
    text: badgeText(state.snapshot, severity),
    label: accessibilityLabel(
      state.snapshot,
      findings.map((f) => f.message),
    ),
    severity,
    background,
    tooltip: tooltipMarkdown(input),
    report: reportMarkdown(input),
    folder: state.folder.uri.fsPath,
  };
}

export class Badge implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(BADGE_ID, vscode.StatusBarAlignment.Left, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private current: BadgeView = viewOf(undefined, []);
  /** Codex's records of each folder's sessions, once the session playbook has read them. */
  private readonly recorded = new Map<string, readonly SessionSummary[]>();
  private firstBadgeMs: number | undefined;

  /** `started`: when activate() began; `onFirstBadge` hears how long the first real posture took. */
  constructor(
    private readonly posture: PostureService,
    private readonly started = performance.now(),
    private readonly onFirstBadge?: (ms: number) => void,
  ) {
    this.item.name = 'Codex Posture';
    this.item.command = 'codexPosture.badgeActions';
    posture.onDidChange(() => this.render(), this, this.disposables);
    vscode.window.onDidChangeActiveTextEditor(() => this.render(), this, this.disposables);
    this.render();
    this.item.show();
  }

  get view(): BadgeView {
    return this.firstBadgeMs === undefined ? this.current : { ...this.current, firstBadgeMs: this.firstBadgeMs };
  }

  /** The tooltip says when the last Codex session in the folder ran, and how. */
  setRecordedSessions(folder: string, sessions: readonly SessionSummary[]): void {
    this.recorded.set(folder, sessions);
    this.render();
  }

  private render(): void {
    const folder = this.posture.currentFolder();
    if (!folder) {
      this.item.hide();
      return;
    }
    const state = this.posture.state(folder);
    this.current = viewOf(state, this.posture.allStates(), this.recorded.get(folder.uri.fsPath));
    if (state && this.firstBadgeMs === undefined) {
      this.firstBadgeMs = performance.now() - this.started;
      this.onFirstBadge?.(this.firstBadgeMs);
    }
    this.item.text = this.current.text;
    this.item.accessibilityInformation = { label: this.current.label };
    this.item.backgroundColor = this.current.background ? new vscode.ThemeColor(this.current.background) : undefined;
    const md = new vscode.MarkdownString(this.current.tooltip, true);
    md.isTrusted = false;
    md.supportHtml = false;
    this.item.tooltip = md;
    this.item.show();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
