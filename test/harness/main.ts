// Entry point of the integration tests:
//   node out/test/harness/main.js [--verbose] [--keep] [--grep TEXT] [--timeout SECONDS]
//
// Builds nothing (run `node scripts/build.mjs` and `tsc -p .` first). Makes sure Node 24 and
// code-server are in the cache, writes a fresh fixture (HOME, CODEX_HOME, a git workspace) under a
// private temp folder, runs test/integration in a real VS Code and prints `N passed, N failed`.
// Screenshots land in .test-artifacts/screenshots/. Exit code: 0 all passed, 1 failures or harness
// error, 128+n when interrupted by a signal.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFixture } from '../integration/fixture';
import { ensureHarnessInstalled } from './install';
import { InterruptedError, runInRealVSCode, type RunResult } from './runner';

export interface IntegrationOptions {
  /** The repository (extension) root; defaults to the one this file was compiled in. */
  readonly repoRoot?: string;
  readonly verbose?: boolean;
  /** Keep the temp folder (code-server log, fixture) for inspection. */
  readonly keepTemp?: boolean;
  /** Only tests whose full title contains this (mocha grep). */
  readonly grep?: string;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** out/test/harness/main.js -> repository root. */
const DEFAULT_REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export async function runIntegrationTests(opts: IntegrationOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const progress = (line: string): void => log(`[harness ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const repoRoot = opts.repoRoot ?? DEFAULT_REPO_ROOT;
  const testIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index');

  await checkPrerequisites(repoRoot, testIndex);
  const install = await ensureHarnessInstalled({ log: (line) => progress(line) });

  const tempRoot = await fsp.mkdtemp(path.join(shortTempBase(), 'cpit-'));
  const screenshotDir = path.join(repoRoot, '.test-artifacts', 'screenshots');
  // Old pictures would pass for this run's.
  await fsp.rm(screenshotDir, { recursive: true, force: true });
  try {
    const fixture = await createFixture(path.join(tempRoot, 'f'));
    const runDir = path.join(tempRoot, 'r');
    await fsp.mkdir(runDir);
    progress(`fixture ready in ${tempRoot} (workspace ${fixture.workspace})`);

    const result = await runInRealVSCode({
      install,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testIndex,
      workspace: fixture.workspace,
      runDir,
      screenshotDir,
      env: {
        HOME: fixture.home,
        CODEX_HOME: fixture.codexHome,
        ...(opts.grep ? { CODEX_POSTURE_TEST_GREP: opts.grep } : {}),
      },
      timeoutMs: opts.timeoutMs,
      verbose: opts.verbose,
      log,
    });
    progress(`extension host exited with ${result.exitCode}; ${result.screenshots.length} screenshot(s) in ${path.relative(repoRoot, screenshotDir)}`);
    return result;
  } finally {
    if (opts.keepTemp) progress(`kept ${tempRoot}`);
    else await fsp.rm(tempRoot, { recursive: true, force: true });
  }
}

async function checkPrerequisites(repoRoot: string, testIndex: string): Promise<void> {
  const missing: string[] = [];
  for (const file of [path.join(repoRoot, 'dist', 'extension.js'), `${testIndex}.js`]) {
    if (!fs.existsSync(file)) missing.push(path.relative(repoRoot, file));
  }
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`node scripts/build.mjs\` and \`tsc -p .\` first`);
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('no /usr/bin/chromium: apt-get install -y chromium fonts-dejavu-core');
}

/**
 * code-server's TMPDIR lives a few levels below this and holds unix sockets (108-byte path limit),
 * so a long $TMPDIR would break it.
 */
function shortTempBase(): string {
  const tmp = os.tmpdir();
  return tmp.length <= 40 ? tmp : '/tmp';
}

function parseArgs(argv: readonly string[]): IntegrationOptions {
  const opts: { verbose?: boolean; keepTemp?: boolean; grep?: string; timeoutMs?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--verbose') opts.verbose = true;
    else if (a === '--keep') opts.keepTemp = true;
    else if (a === '--grep' && i + 1 < argv.length) opts.grep = argv[++i];
    else if (a === '--timeout' && i + 1 < argv.length && Number(argv[i + 1]) > 0) opts.timeoutMs = Number(argv[++i]) * 1000;
    else throw new Error(`unknown argument ${a}; usage: main.js [--verbose] [--keep] [--grep TEXT] [--timeout SECONDS]`);
  }
  return opts;
}

if (require.main === module) {
  (async () => {
    const result = await runIntegrationTests(parseArgs(process.argv.slice(2)));
    console.log(`real VS Code run (start, tests, stop) took ${result.seconds.toFixed(1)} s${result.pending ? `; ${result.pending} pending` : ''}`);
    // The plain closing line CI reads.
    console.log(`${result.passed} passed, ${result.failed} failed`);
    process.exitCode = result.failed > 0 || result.exitCode !== 0 ? 1 : 0;
  })().catch((err: unknown) => {
    if (err instanceof InterruptedError) {
      console.error(`integration tests ${err.message}; code-server and the browser were stopped`);
      process.exitCode = 128 + (os.constants.signals[err.signal] ?? 2);
      return;
    }
    console.error(`integration tests could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
