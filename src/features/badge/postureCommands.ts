// Commands around the posture: the badge's quick pick, the report, copying it, and data commands
// that return the posture and the badge (for tests and other extensions). The ids are bound in
// src/commands.ts.
import * as vscode from 'vscode';
import { postureToJson, type PostureJson } from '../../core/config/json';
import type { Provenance } from '../../core/config/types';
import { themeIconText } from '../../core/present/safeText';
import type { Badge, BadgeView } from './badge';
import type { PostureService } from '../posture/postureService';
import { showReport as showReportDocument } from '../../host/reportDocument';
import { exportRequirements, type ExportOptions } from '../policy';

async function openAt(p: Provenance): Promise<void> {
  if (!p.file) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(p.file));
  const line = Math.max(0, (p.line ?? 1) - 1);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0) });
}

/** The handlers of the posture commands; src/commands.ts binds them to their ids. */
export type PostureCommands = ReturnType<typeof postureCommands>;

export function postureCommands(posture: PostureService, badge: Badge, log: vscode.LogOutputChannel) {
  const current = async () => {
    const folder = posture.currentFolder();
    return folder ? posture.resolveNow(folder) : undefined;
  };
  const showReport = async () => {
    const state = await current();
    if (!state) {
      void vscode.window.showInformationMessage('Open a folder to see its Codex posture.');
      return;
    }
    await showReportDocument(`Codex posture - ${state.folder.name}`, badge.view.report, { preview: true });
  };
  return {
    /** Export Policy as requirements.toml (features/policy). */
    exportRequirements: (opts?: ExportOptions) => exportRequirements(posture.currentFolder(), log, opts),
    /** The same object as `codex-posture status --json`, for the current folder. */
    getPosture: async (): Promise<PostureJson | undefined> => {
      const state = await current();
      return state ? postureToJson(state.snapshot) : undefined;
    },
    getBadge: (): BadgeView => badge.view,
    showPosture: showReport,
    copyPosture: async () => {
      if (!(await current())) {
        void vscode.window.showInformationMessage('Open a folder to copy its Codex posture.');
        return;
      }
      await vscode.env.clipboard.writeText(badge.view.report);
      void vscode.window.showInformationMessage('Codex posture copied as Markdown.');
    },
    refresh: () => posture.refresh('refresh command'),
    showLog: () => log.show(),
    badgeActions: async () => {
      const folder = posture.currentFolder();
      const state = folder && posture.state(folder);
      type Item = vscode.QuickPickItem & { run: () => unknown };
      const items: Item[] = [];
      if (state?.snapshot.loadError?.file) {
        const e = state.snapshot.loadError;
        items.push({
          label: '$(error) Open the config error',
          description: themeIconText(`${e.file}:${e.line ?? ''}`),
          run: () => openAt({ layer: 'user', file: e.file, line: e.line }),
        });
      }
      const s = state?.snapshot;
      // Values in the badge's and the tooltip's words: "network on", "trusted", not true/false.
      const onOff = (b: boolean) => (b ? 'on' : 'off');
      const trust = (t: boolean | null) => (t === null ? 'no trust entry' : t ? 'trusted' : 'untrusted');
      for (const [label, v, show] of [
        ['sandbox', s?.sandbox, String],
        ['approval', s?.approval, String],
        ['network', s?.networkAccess, onOff],
        ['web search', s?.webSearch, String],
        ['trust', s?.trusted, trust],
      ] as const) {
        if (v?.from.file) {
          const value = (show as (x: unknown) => string)(v.value);
          items.push({
            label: `$(go-to-file) Open where ${label} is set`,
            description: themeIconText(`${value} · ${v.from.file}:${v.from.line ?? ''}`),
            run: () => openAt(v.from),
          });
        }
      }
      items.push(
        { label: '$(output) Show full posture report', run: showReport },
        { label: '$(copy) Copy posture as Markdown', run: () => vscode.commands.executeCommand('codexPosture.copyPosture') },
        { label: '$(refresh) Refresh', run: () => posture.refresh('quick pick') },
        {
          label: '$(settings-gear) Open Codex Posture settings',
          run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'codexPosture'),
        },
      );
      if ((await vscode.commands.getCommands(true)).includes('codexPosture.startChecklist')) {
        items.splice(items.length - 3, 0, {
          label: '$(checklist) Start Codex Session Checklist',
          run: () => vscode.commands.executeCommand('codexPosture.startChecklist'),
        });
      }
      const picked = await vscode.window.showQuickPick(items, { title: 'Codex Posture', placeHolder: 'What do you want to do?' });
      await picked?.run();
    },
  };
}
