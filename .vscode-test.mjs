// For desktop VS Code users: `npx @vscode/test-cli` (with @vscode/test-electron) runs the
// integration tests of the `main` run in a downloaded VS Code. Neither package is a dependency here
// (they download VS Code and Electron; these machines reach only npm and apt), so install them
// yourself: `npm i -D @vscode/test-cli @vscode/test-electron`, then `npm run build && npx vscode-test`.
// The code-server harness (`npm test`) runs every run, including multi-root and Restricted Mode.
import { defineConfig } from '@vscode/test-cli';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// The same fixture the harness writes: a git repository and a user config in a private HOME.
const { createMainFixture } = require('./out/test/integration/fixture.js');
const root = mkdtempSync(join(tmpdir(), 'cp-desktop-'));
const fixture = await createMainFixture(root);
const fixtureJson = join(root, 'fixture.json');
writeFileSync(fixtureJson, JSON.stringify({ run: 'main', ...fixture }, null, 2));

export default defineConfig({
  label: 'main',
  // The multiroot.* and restricted.* files need their own fixtures (see test/harness/runs.ts).
  files: readdirSync('out/test/integration')
    .filter((f) => f.endsWith('.test.js') && !/^(multiroot|restricted)\./.test(f))
    .map((f) => `out/test/integration/${f}`),
  workspaceFolder: fixture.open,
  mocha: { ui: 'tdd', timeout: 60000 },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: { HOME: fixture.home, CODEX_HOME: fixture.codexHome, CODEX_POSTURE_TEST_FIXTURE: fixtureJson },
});
