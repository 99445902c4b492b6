// The test index VS Code loads in the extension host (`extensionTestsPath`). VS Code requires it
// as CommonJS and awaits `run()`; a rejection marks the run as failed. Works under code-server
// (test/harness) and under @vscode/test-electron on a desktop alike.
//
// mocha is pinned to 11: mocha 12 is ESM-only and cannot be required from this CJS module.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The same names as test/harness/runner.ts and main.ts (not imported: they pull in playwright). */
const ENV_RESULT = 'CODEX_POSTURE_HARNESS_RESULT';
/** JSON array of test files relative to this folder: the harness's run list (test/harness/runs.ts). */
const ENV_TEST_FILES = 'CODEX_POSTURE_TEST_FILES';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    // The host's console has no TTY; escape codes would end up in the relayed log.
    color: false,
    // Activation and the first posture resolution run git and read files on a slow 2-core box.
    timeout: 30_000,
    // CODEX_POSTURE_TEST_GREP lets a developer run a subset without editing files.
    ...(process.env.CODEX_POSTURE_TEST_GREP ? { grep: process.env.CODEX_POSTURE_TEST_GREP } : {}),
  });

  for (const file of selectedTestFiles(__dirname)) mocha.addFile(file);

  const counts = await new Promise<{ passed: number; failed: number; pending: number }>((resolve) => {
    const runner = mocha.run(() => {
      resolve({
        passed: runner.stats?.passes ?? 0,
        failed: runner.stats?.failures ?? 0,
        pending: runner.stats?.pending ?? 0,
      });
    });
  });

  // For the harness: a file (reliable) and a marker line (works wherever only the log survives).
  const resultFile = process.env[ENV_RESULT];
  if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(counts));
  console.log(`[[mocha-result:${JSON.stringify(counts)}]]`);

  if (counts.failed > 0) throw new Error(`${counts.failed} integration test(s) failed`);
}

/**
 * The files the harness assigned to this run, or (under other runners, e.g. @vscode/test-electron)
 * every test file. A run-specific test would fail without its fixture, so a desktop run is best
 * given CODEX_POSTURE_TEST_FILES too.
 */
function selectedTestFiles(dir: string): string[] {
  const list = process.env[ENV_TEST_FILES];
  if (!list) return findTestFiles(dir);
  const files = JSON.parse(list) as string[];
  return files.map((f) => path.join(dir, f));
}

/** Compiled test files below `dir`, sorted so the order is the same on every machine. */
function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}
