// The badge in a multi-root workspace: it follows the active editor's folder, and its tooltip
// lists the other folders. The plain folder (no repository) gets the no-repository warning.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { badge } from './badgeHelpers';
import { activateExtension, fixtureInfo, waitFor } from './helpers';

suite('badge in a multi-root workspace', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('follows the active editor into the folder without a repository', async () => {
    const f = fixtureInfo();
    const note = path.join(f.paths.plain, 'notes.md');
    if (!fs.existsSync(note)) fs.writeFileSync(note, '# notes\n');
    await vscode.window.showTextDocument(vscode.Uri.file(note));
    const b = await waitFor(
      async () => {
        const v = await badge();
        return v.folder === f.paths.plain && /not in a git repository/.test(v.label + v.tooltip) ? v : undefined;
      },
      { timeoutMs: 15_000, what: 'badge for the plain folder' },
    );
    assert.match(b.tooltip, /\*\*Other folders\*\*/);
    assert.match(b.tooltip, new RegExp(path.basename(f.paths.repo)));
  });

  test('switches back to the repository folder', async () => {
    const f = fixtureInfo();
    const readme = fs.readdirSync(f.paths.repo).find((n) => n.endsWith('.md'));
    const file = path.join(f.paths.repo, readme ?? 'README.md');
    if (!fs.existsSync(file)) fs.writeFileSync(file, '# repo\n');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    const b = await waitFor(
      async () => {
        const v = await badge();
        return v.folder === f.paths.repo ? v : undefined;
      },
      { timeoutMs: 15_000, what: 'badge for the repository folder' },
    );
    assert.match(b.label, /^Codex posture: /);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
