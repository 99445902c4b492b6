// "Audit Codex Configuration": a Markdown report (layers, effective posture with provenance, all
// findings, exceptions and their expiry, date of the last audit) opened in the editor; plus a
// gentle reminder, at most once a week, when the last audit is more than 90 days old.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { auditMarkdown, auditReminderDue } from '../../core/session/audit';
import type { SessionController } from './session';
import * as settings from '../../host/settings';

const REMINDED_KEY = 'codexPosture.auditReminded';
const DONT_REMIND_KEY = 'codexPosture.auditDontRemind';
const FIRST_SEEN_KEY = 'codexPosture.firstSeen';

/** The reminder, and the handler of Audit Codex Configuration (src/commands.ts binds its id). */
export function registerAudit(context: vscode.ExtensionContext, c: SessionController, log: vscode.LogOutputChannel) {
  const auditConfig = async () => {
    const folder = c.folder();
    if (!folder) {
      void vscode.window.showInformationMessage('Open a folder to audit the Codex configuration that applies to it.');
      return undefined;
    }
    const state = await c.posture.resolveNow(folder);
    const lint: { file: string; lines: string[] }[] = [];
    for (const l of state.snapshot.layers.filter((x) => x.exists)) {
      try {
        const st = await fs.stat(l.file);
        if (st.size > 2 * 1024 * 1024) {
          lint.push({ file: l.file, lines: ['too large to lint'] });
          continue;
        }
        const text = await fs.readFile(l.file, 'utf8');
        const r = await c.host.lintForAudit(l.file, vscode.Uri.file(l.file), text);
        if (typeof r !== 'object')
          lint.push({ file: l.file, lines: [r === 'tooLarge' ? 'too large to lint in time' : 'could not be linted'] });
        else
          lint.push({
            file: l.file,
            lines: r.findings.map((f) => `${f.span.line}:${f.span.column} ${f.code} ${f.severity}: ${f.message}`),
          });
      } catch (e) {
        lint.push({ file: l.file, lines: [`could not be read: ${(e as Error).message}`] });
      }
    }
    const now = new Date();
    await c.records.refresh(folder);
    const md = auditMarkdown({
      now,
      folderName: folder.name,
      snapshot: state.snapshot,
      findings: state.findings,
      lint,
      entries: c.entries(folder),
      lastAudit: c.lastAudit,
      codexSessions: c.records.sessions(folder) ?? [],
      baseline: settings.baseline(folder),
    });
    await c.setLastAudit(now.toISOString());
    log.info(`audit report generated for ${folder.name}`);
    await c.host.showReport(`Codex audit - ${folder.name}`, md, { preview: false });
    return md;
  };

  // The reminder: never in the first minute after startup, never twice a week.
  const timer = setTimeout(async () => {
    if (!settings.auditReminder()) return;
    const g = context.globalState;
    let firstSeen = g.get<string>(FIRST_SEEN_KEY);
    if (!firstSeen) {
      firstSeen = new Date().toISOString();
      await g.update(FIRST_SEEN_KEY, firstSeen);
    }
    const now = new Date();
    if (
      !auditReminderDue({ lastAudit: c.lastAudit ?? firstSeen, lastReminded: g.get(REMINDED_KEY), dontRemind: g.get(DONT_REMIND_KEY) }, now)
    )
      return;
    await g.update(REMINDED_KEY, now.toISOString());
    const pick = await vscode.window.showInformationMessage(
      c.lastAudit
        ? `Your Codex configuration was last audited on ${c.lastAudit.slice(0, 10)}. The team playbook asks for a review every quarter.`
        : 'Your Codex configuration has not been audited for 90 days. The team playbook asks for a review every quarter.',
      'Audit Now',
      'Later',
      "Don't Remind Me",
    );
    if (pick === 'Audit Now') await vscode.commands.executeCommand('codexPosture.auditConfig');
    if (pick === "Don't Remind Me") await g.update(DONT_REMIND_KEY, true);
  }, 60_000);
  return { disposable: new vscode.Disposable(() => clearTimeout(timer)), auditConfig };
}
