// Entry point of the integration tests:
//   node out/test/harness/main.js [--verbose] [--keep] [--grep TEXT] [--run NAME]... [--timeout SECONDS]
//
// Builds nothing (run `node scripts/build.mjs` and `tsc -p .` first). Makes sure Node 24 and
// code-server are in the cache, then for each run in runs.ts (in order): writes its fresh fixture
// under a private temp folder, runs its test files in a real VS Code. Prints the sum as
// `N passed, N failed`. Screenshots land in .test-artifacts/screenshots/. Exit code: 0 all passed,
// 1 failures or harness error, 128+n when interrupted by a signal.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureHarnessInstalled, type HarnessInstall } from './install';
import { InterruptedError, runInRealVSCode, type RunResult } from './runner';
import { RUNS, assignTestFiles, type IntegrationRun } from './runs';

/** Read by test/integration/index.ts: JSON array of test files (relative to the index's folder). */
export const ENV_TEST_FILES = 'CODEX_POSTURE_TEST_FILES';
/** Read by test/integration/helpers.ts fixtureInfo(): path of the run's fixture JSON. */
export const ENV_FIXTURE = 'CODEX_POSTURE_TEST_FIXTURE';

export interface RunSummary extends RunResult {
  readonly name: string;
  /** Set when the run could not start or report counts (counted as one failure). */
  readonly error?: string;
}

export interface IntegrationResult extends RunResult {
  readonly runs: readonly RunSummary[];
}

export interface IntegrationOptions {
  /** The repository (extension) root; defaults to the one this file was compiled in. */
  readonly repoRoot?: string;
  readonly verbose?: boolean;
  /** Keep the temp folder (code-server log, fixture) for inspection. */
  readonly keepTemp?: boolean;
  /** Only tests whose full title contains this (mocha grep). */
  readonly grep?: string;
  /** Only these runs (names from runs.ts); default all that have test files. */
  readonly runs?: readonly string[];
  /** Per run. */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** out/test/harness/main.js -> repository root. */
const DEFAULT_REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export async function runIntegrationTests(opts: IntegrationOptions = {}): Promise<IntegrationResult> {
  const started = Date.now();
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const progress = (line: string): void => log(`[harness ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const repoRoot = opts.repoRoot ?? DEFAULT_REPO_ROOT;
  const testDir = path.join(repoRoot, 'out', 'test', 'integration');
  const testIndex = path.join(testDir, 'index');

  await checkPrerequisites(repoRoot, testIndex);
  for (const name of opts.runs ?? []) {
    if (!RUNS.some((r) => r.name === name)) throw new Error(`no run named ${name}; runs: ${RUNS.map((r) => r.name).join(', ')}`);
  }
  const assigned = assignTestFiles(listTestFiles(testDir));
  const selected = RUNS.filter((r) => (!opts.runs?.length || opts.runs.includes(r.name)) && (assigned.get(r.name)?.length ?? 0) > 0);
  progress(`runs: ${selected.map((r) => `${r.name} (${assigned.get(r.name)!.length} file(s))`).join(', ') || 'none'}`);
  const install = await ensureHarnessInstalled({ log: (line) => progress(line) });

  const screenshotDir = path.join(repoRoot, '.test-artifacts', 'screenshots');
  // Old pictures would pass for this run's.
  await fsp.rm(screenshotDir, { recursive: true, force: true });

  const summaries: RunSummary[] = [];
  for (const run of selected) {
    progress(`run ${run.name}: ${run.description}`);
    summaries.push(await runOne(run, assigned.get(run.name)!, { ...opts, repoRoot, testIndex, screenshotDir, install, log, progress }));
  }
  const sum = (k: 'passed' | 'failed' | 'pending'): number => summaries.reduce((n, r) => n + r[k], 0);
  const result: IntegrationResult = {
    passed: sum('passed'),
    failed: sum('failed'),
    pending: sum('pending'),
    exitCode: summaries.find((r) => r.exitCode !== 0)?.exitCode ?? 0,
    screenshots: summaries.flatMap((r) => r.screenshots),
    seconds: (Date.now() - started) / 1000,
    runs: summaries,
  };
  for (const r of summaries) {
    progress(
      `run ${r.name}: ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''} in ${r.seconds.toFixed(1)} s${r.error ? ` (${r.error})` : ''}`,
    );
  }
  return result;
}

interface RunContext extends IntegrationOptions {
  readonly repoRoot: string;
  readonly testIndex: string;
  readonly screenshotDir: string;
  readonly install: HarnessInstall;
  readonly log: (line: string) => void;
  readonly progress: (line: string) => void;
}

/** One run; infrastructure failures become one failed test so the other runs still happen. */
async function runOne(run: IntegrationRun, files: readonly string[], ctx: RunContext): Promise<RunSummary> {
  const started = Date.now();
  const tempRoot = await fsp.mkdtemp(path.join(shortTempBase(), `cpit-${run.name.slice(0, 8)}-`));
  try {
    const fixtureRoot = path.join(tempRoot, 'f');
    await fsp.mkdir(fixtureRoot);
    const fixture = await run.fixture(fixtureRoot);
    const fixtureJson = path.join(tempRoot, 'fixture.json');
    await fsp.writeFile(fixtureJson, JSON.stringify({ run: run.name, ...fixture }, null, 2));
    const runDir = path.join(tempRoot, 'r');
    await fsp.mkdir(runDir);
    ctx.progress(`fixture ready in ${tempRoot} (opens ${fixture.open})`);

    const result = await runInRealVSCode({
      install: ctx.install,
      extensionDevelopmentPath: ctx.repoRoot,
      extensionTestsPath: ctx.testIndex,
      workspace: fixture.open,
      workspaceTrust: run.trust === 'restricted',
      userSettings: run.userSettings,
      runDir,
      screenshotDir: ctx.screenshotDir,
      failureScreenshotName: `failure-${run.name}`,
      env: {
        ...run.env,
        HOME: fixture.home,
        CODEX_HOME: fixture.codexHome,
        [ENV_FIXTURE]: fixtureJson,
        [ENV_TEST_FILES]: JSON.stringify(files),
        ...(ctx.grep ? { CODEX_POSTURE_TEST_GREP: ctx.grep } : {}),
      },
      timeoutMs: ctx.timeoutMs ?? run.timeoutMs,
      verbose: ctx.verbose,
      log: ctx.log,
    });
    ctx.progress(`run ${run.name}: extension host exited with ${result.exitCode}; ${result.screenshots.length} screenshot(s)`);
    return { name: run.name, ...result };
  } catch (err) {
    if (err instanceof InterruptedError) throw err;
    const error = err instanceof Error ? err.message : String(err);
    ctx.progress(`run ${run.name} could not complete: ${error}`);
    return {
      name: run.name,
      passed: 0,
      failed: 1,
      pending: 0,
      exitCode: 1,
      screenshots: [],
      seconds: (Date.now() - started) / 1000,
      error,
    };
  } finally {
    if (ctx.keepTemp) ctx.progress(`kept ${tempRoot}`);
    else await fsp.rm(tempRoot, { recursive: true, force: true });
  }
}

/** Compiled test files below `dir`, relative to it, sorted. */
function listTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
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
  const opts: { verbose?: boolean; keepTemp?: boolean; grep?: string; timeoutMs?: number; runs?: string[] } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--verbose') opts.verbose = true;
    else if (a === '--keep') opts.keepTemp = true;
    else if (a === '--grep' && i + 1 < argv.length) opts.grep = argv[++i];
    else if (a === '--run' && i + 1 < argv.length) (opts.runs ??= []).push(argv[++i]);
    else if (a === '--timeout' && i + 1 < argv.length && Number(argv[i + 1]) > 0) opts.timeoutMs = Number(argv[++i]) * 1000;
    else throw new Error(`unknown argument ${a}; usage: main.js [--verbose] [--keep] [--grep TEXT] [--run NAME]... [--timeout SECONDS]`);
  }
  return opts;
}

if (require.main === module) {
  (async () => {
    const result = await runIntegrationTests(parseArgs(process.argv.slice(2)));
    console.log(
      `${result.runs.length} real VS Code run(s) (start, tests, stop) took ${result.seconds.toFixed(1)} s${result.pending ? `; ${result.pending} pending` : ''}`,
    );
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
