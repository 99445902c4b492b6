// `npm test`: builds, type-checks and lints, then runs every suite in order and ends with one plain line
// "N passed, N failed" for CI:
//   1. unit tests (plain Node, src/core and the CLI),
//   2. the differential suite (the engine against the real `codex` binary),
//   3. integration tests inside the extension host of a real VS Code (code-server + Chromium),
//   4. the packaged .vsix installed into a real VS Code, its badge read from the DOM.
// Set CODEX_POSTURE_SUITES=unit,differential to run a subset while developing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const suites = (process.env.CODEX_POSTURE_SUITES || 'unit,differential,integration,package').split(',');
const started = Date.now();

function step(label, cmd, args) {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`${label} failed (exit ${r.status ?? r.signal})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

step('build (esbuild)', process.execPath, ['scripts/build.mjs']);
step('type check and compile tests (tsc)', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
step('lint (eslint)', process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']);
step('format (prettier --check)', process.execPath, [path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '.']);

/** Compiled test files below a folder (Node 20 has no fs.globSync). */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

function runMocha(label, dir, timeout) {
  const Mocha = require('mocha');
  // One fixed fast-check seed for every property test (CODEX_POSTURE_FC_SEED changes it).
  require(path.join(root, 'out/test/support/fastCheckSeed.js'));
  const files = testFiles(path.join(root, dir));
  console.log(`\n== ${label}: ${files.length} file(s)`);
  const mocha = new Mocha({ timeout, reporter: 'spec', color: false });
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
}

let passed = 0;
let failed = 0;
const add = (r) => {
  passed += r.passed;
  failed += r.failed;
};
try {
  if (suites.includes('unit')) add(await runMocha('unit tests', 'out/test/unit', 20000));
  if (suites.includes('differential')) add(await runMocha('differential tests against the real codex', 'out/test/differential', 120000));
  if (suites.includes('integration')) {
    console.log('\n== integration tests in a real VS Code');
    const { runIntegrationTests } = require(path.join(root, 'out/test/harness/main.js'));
    const r = await runIntegrationTests();
    // A host that crashed or timed out reports no failure count of its own: count it as one.
    add({ passed: r.passed, failed: r.failed || (r.exitCode !== 0 ? 1 : 0) });
  }
  if (suites.includes('package')) {
    // The .vsix as users get it: `vsce package` (minified build), installed by code-server into a
    // fresh extensions dir, the badge read from the DOM.
    console.log('\n== packaged extension (.vsix) in a real VS Code');
    const { ensureHarnessInstalled } = require(path.join(root, 'out/test/harness/install.js'));
    const { runPackagedCheck } = require(path.join(root, 'out/test/harness/vsix.js'));
    add(await runPackagedCheck(root, await ensureHarnessInstalled(), (line) => console.log(line)));
  }
} catch (err) {
  console.error(err instanceof Error ? err.stack : err);
  failed += 1;
}
console.log(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
