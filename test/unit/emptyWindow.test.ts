// Regression: in a window with no folder, Audit, Verify Sandbox, Revoke, Record Approval and Copy
// Posture ran from the palette and did nothing at all (Copy even said it copied "Resolving…").
// The palette now hides every command that works on a folder until one is open; the handlers
// still say "Open a folder …" when reached another way (a walkthrough button, a keybinding).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { menus: { commandPalette: { command: string; when?: string }[] } };
};

const NEEDS_A_FOLDER = [
  'showPosture',
  'copyPosture',
  'badgeActions',
  'startChecklist',
  'recordApproval',
  'revokeEnablements',
  'verifySandbox',
  'auditConfig',
  'stashChanges',
  'createFeatureBranch',
];

describe('commands in a window with no folder', () => {
  for (const name of NEEDS_A_FOLDER) {
    it(`codexPosture.${name} is hidden from the palette until a folder is open`, () => {
      const entries = pkg.contributes.menus.commandPalette.filter((e) => e.command === `codexPosture.${name}`);
      assert.equal(entries.length, 1, 'one palette entry');
      assert.equal(entries[0].when, 'workspaceFolderCount > 0');
    });
  }

  it('each handler that returns for want of a folder says so', () => {
    for (const file of [
      'session/audit.ts',
      'session/sandboxVerify.ts',
      'session/revoke.ts',
      'session/sessionView.ts',
      'badge/postureCommands.ts',
    ]) {
      const src = readFileSync(path.join(root, 'src', 'features', file), 'utf8');
      assert.doesNotMatch(src, /if \(!folder\) return undefined;/, `${file} returns silently without a folder`);
      assert.match(src, /showInformationMessage\('Open a folder to /, `${file} tells the user to open a folder`);
    }
  });
});
