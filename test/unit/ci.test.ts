// CI integration as teams run it: the composite GitHub Action (action.yml, its `run` steps executed
// with bash the way the runner does, inputs filled in) and the pre-commit hooks through the real
// `pre-commit try-repo`. Each in a temp repository with its own HOME, CODEX_HOME and TMPDIR, and
// the SARIF checked by the official validator when it can run here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { makeWorld, type TempWorld } from '../support/sandbox';
import { validateSarif } from '../support/sarifValidator';

// js-yaml (already in the tree through eslint) ships no types; only load() is used.
const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };
const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const POLICY = 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n';

interface Step {
  readonly run?: string;
  readonly env?: Record<string, string>;
}

/** Runs action.yml's steps like the runner: bash, GITHUB_ACTION_PATH, GITHUB_OUTPUT, inputs. */
function runAction(w: TempWorld, cwd: string, inputs: Record<string, string>): { code: number; output: string; log: string } {
  const action = yaml.load(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: Step[] };
  };
  assert.equal(action.runs.using, 'composite');
  const value = (expr: string) =>
    expr.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '');
  const outputFile = w.write('github-output', '');
  let log = '';
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    const env: NodeJS.ProcessEnv = { ...w.env(), GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: outputFile };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = value(v);
    const r = spawnSync('bash', ['-e', '-c', value(step.run)], { cwd, env, encoding: 'utf8', timeout: 60_000 });
    log += r.stdout + r.stderr;
    if (r.status !== 0) return { code: r.status ?? -1, output: readFileSync(outputFile, 'utf8'), log };
  }
  return { code: 0, output: readFileSync(outputFile, 'utf8'), log };
}

describe('GitHub Action (action.yml)', function () {
  this.timeout(120_000);
  let w: TempWorld;
  before(function () {
    if (!existsSync(CLI)) this.skip();
  });
  beforeEach(() => (w = makeWorld('cp-action-')));
  afterEach(() => w.dispose());

  it('fails on a violation and writes SARIF that the official validator accepts', async () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', POLICY);
    w.write('home/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    const r = runAction(w, repo, {});
    assert.equal(r.code, 1, r.log);
    assert.match(r.log, /\.codex-posture\.toml.*danger-full-access/);
    assert.match(r.output, /^sarif-file=codex-posture\.sarif$/m);
    const sarif = JSON.parse(readFileSync(path.join(repo, 'codex-posture.sarif'), 'utf8'));
    const result = sarif.runs[0].results[0];
    assert.equal(result.ruleId, 'CP900');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, '.codex-posture.toml');
    assert.ok(result.partialFingerprints['codexPosture/v1']);
    const v = await validateSarif(path.join(repo, 'codex-posture.sarif'), w);
    if (v.ran) assert.equal(v.errors, 0, v.output);
  });

  it('passes a compliant posture, and can report without failing', () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', POLICY);
    w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    assert.equal(runAction(w, repo, {}).code, 0);
    w.write('home/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    assert.equal(runAction(w, repo, { 'fail-on-violation': 'false', 'sarif-file': 'out.sarif' }).code, 0);
    assert.ok(existsSync(path.join(repo, 'out.sarif')));
  });
});

describe('pre-commit hooks (.pre-commit-hooks.yaml) through pre-commit try-repo', function () {
  this.timeout(180_000);
  let w: TempWorld;
  before(function () {
    if (!existsSync(CLI) || spawnSync('pre-commit', ['--version']).status !== 0) this.skip();
  });
  beforeEach(() => (w = makeWorld('cp-precommit-')));
  afterEach(() => w.dispose());

  function tryRepo(repo: string, hook: string): { code: number; out: string } {
    // `language: system` runs the codex-posture on PATH: here a shim for this checkout's build.
    const shim = w.write('bin/codex-posture', `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
    chmodSync(shim, 0o755);
    const env = {
      ...w.env(),
      PATH: `${path.dirname(shim)}:${process.env.PATH}`,
      PRE_COMMIT_HOME: w.path('pre-commit-home'),
      GIT_CONFIG_NOSYSTEM: '1',
    };
    const r = spawnSync('pre-commit', ['try-repo', REPO, hook, '--all-files'], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status ?? -1, out: r.stdout + r.stderr };
  }

  it('codex-posture-check fails on a violation and passes when compliant', () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex-posture.toml', POLICY);
    spawnSync('git', ['add', '.'], { cwd: repo, env: w.env() });
    w.write('home/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    const bad = tryRepo(repo, 'codex-posture-check');
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.out, /allowed_sandbox_modes.*danger-full-access/);
    w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    const good = tryRepo(repo, 'codex-posture-check');
    assert.equal(good.code, 0, good.out);
  });

  it('codex-posture-lint checks the Codex config files in the repository', () => {
    const repo = w.gitInit('repo');
    w.write('repo/.codex/config.toml', 'approval_policy = "never"\n');
    spawnSync('git', ['add', '.'], { cwd: repo, env: w.env() });
    const r = tryRepo(repo, 'codex-posture-lint');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /CP900/);
  });
});
