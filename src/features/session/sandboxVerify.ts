// "Verify Codex Sandbox": runs the real `codex sandbox` probes (src/core/codex/sandbox.ts) for the
// folder's effective posture, shows pass/fail per probe with the output, and keeps the result for
// the checklist and the session record. Never runs in Restricted Mode (the command's enablement
// says so; the handler checks again).
import * as vscode from 'vscode';
import { locateCodex } from '../../core/codex/locate';
import { verifySandbox, type SandboxVerification } from '../../core/codex/sandbox';
import type { SessionController } from './session';
import * as settings from '../../host/settings';

export function renderVerification(v: SandboxVerification): string {
  const lines = [
    `# Codex sandbox verification`,
    '',
    `- Time: ${v.at}`,
    `- Folder: ${v.folder}`,
    `- codex: ${v.codex ?? 'not found'}`,
    `- Posture verified: sandbox ${v.sandbox}, network ${v.networkAccess ? 'on' : 'off'} (passed to \`codex sandbox\` with -c: it ignores sandbox_mode from config files)`,
    `- Result: **${v.unavailable ? 'could not verify' : v.passed ? 'PASS' : 'FAIL'}**`,
    '',
  ];
  if (v.unavailable) lines.push(v.unavailable, '');
  for (const p of v.probes) {
    lines.push(
      `## ${p.passed ? 'PASS' : 'FAIL'}: ${p.title}`,
      '',
      `Expected the command to ${p.expect}; exit code ${p.exitCode ?? 'none'}${p.timedOut ? ' (timed out)' : ''}, ${p.durationMs} ms.${p.note ? ` ${p.note}.` : ''}`,
      '',
      '```',
      `$ ${p.command}`,
      p.output || '(no output)',
      '```',
      '',
    );
  }
  return lines.join('\n');
}

/** The handler of Verify Codex Sandbox (src/commands.ts binds its id). */
export function verifySandboxCommand(c: SessionController, log: vscode.LogOutputChannel) {
  return async (opts?: { show?: boolean }) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'Verify Codex Sandbox runs codex: trust this workspace first (it runs nothing in Restricted Mode).',
      );
      return undefined;
    }
    const folder = c.folder();
    if (!folder) {
      void vscode.window.showInformationMessage('Open a folder to verify the Codex sandbox in it.');
      return undefined;
    }
    const state = await c.posture.resolveNow(folder);
    const s = state.snapshot;
    const codexPath = await locateCodex(settings.codexPath(), process.env.PATH);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Verifying the Codex sandbox…' },
      () =>
        verifySandbox({
          codexPath,
          cwd: folder.uri.fsPath,
          sandbox: s.loads ? s.sandbox!.value : 'workspace-write',
          networkAccess: s.loads ? !!s.networkAccess!.value : false,
          writableRoots: s.writableRoots?.value,
          // Codex finds CODEX_HOME as the badge does; naming a missing default ~/.codex would stop it.
          env: process.env,
        }),
    );
    // No probes ran when it could not verify: no empty "()" after the reason.
    const probes = result.probes.map((p) => `${p.id} ${p.passed ? 'pass' : 'fail'} ${p.durationMs} ms`).join(', ');
    log.info(
      `sandbox verification: ${result.unavailable ? `could not verify: ${result.unavailable}` : result.passed ? 'pass' : 'FAIL'}${probes ? ` (${probes})` : ''}`,
    );
    await c.setSandbox(result);
    if (opts?.show !== false) {
      await c.host.showReport(`Codex sandbox verification - ${folder.name}`, renderVerification(result), {
        preview: true,
        preserveFocus: true,
      });
      const msg = result.unavailable
        ? `Codex sandbox could not be verified: ${result.unavailable}`
        : result.passed
          ? 'Codex sandbox verified: all probes passed.'
          : `Codex sandbox verification FAILED: ${result.probes
              .filter((p) => !p.passed)
              .map((p) => p.title)
              .join('; ')}`;
      void (result.passed ? vscode.window.showInformationMessage(msg) : vscode.window.showWarningMessage(msg));
    }
    return result;
  };
}
