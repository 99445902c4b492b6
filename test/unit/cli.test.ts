// The command line's contract: output shapes and exit codes (0 shown, 1 refused config, 2 bad
// usage or unreadable input), with clear messages and never a stack trace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runCli } from '../support/runCli';
import { makeWorld, type TempWorld } from '../support/sandbox';

const run = runCli;

describe('codex-posture status', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  it('prints the JSON contract for a folder', async () => {
    const repo = w.gitInit('repo');
    w.write('home/.codex/config.toml', `sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\n`);
    const r = await run(['status', '--json', '--cwd', repo], w.env());
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    for (const k of [
      'loads',
      'sandbox',
      'approval',
      'approvalsReviewer',
      'networkAccess',
      'webSearch',
      'permissionProfile',
      'trusted',
      'writableRoots',
      'provenance',
    ]) {
      assert.ok(k in j, k);
    }
    assert.equal(j.sandbox, 'workspace-write');
    assert.equal(j.networkAccess, true);
    assert.equal(j.provenance.networkAccess.line, 3);
    assert.equal(j.trusted, true, 'auto-trust');
  });

  it('prints a readable summary with provenance', async () => {
    const repo = w.gitInit('repo');
    w.write('home/.codex/config.toml', 'approval_policy = "never"\n');
    const r = await run(['status', '--cwd', repo, '-s', 'read-only'], w.env());
    assert.equal(r.code, 0);
    assert.match(r.out, /sandbox\s+read-only\s+flag -s read-only/);
    assert.match(r.out, /approval\s+never\s+user .*config\.toml:1/);
  });

  it('--surface exec forces approval never', async () => {
    const r = await run(['status', '--json', '--surface', 'exec', '--cwd', w.root], w.env());
    const j = JSON.parse(r.out);
    assert.equal(j.approval, 'never');
    assert.equal(j.surface, 'exec');
  });

  it('exits 1 with Codex-style file:line when Codex would refuse the config', async () => {
    w.write('home/.codex/config.toml', 'sandbox_mode = "sometimes"\n');
    const r = await run(['status', '--json', '--cwd', w.root], w.env());
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.loads, false);
    assert.match(j.loadError.message, /config\.toml:1:16: unknown variant `sometimes`/);
  });

  const usage: string[][] = [
    [],
    ['frobnicate'],
    ['status', '--full-auto'],
    ['status', '-s', 'manual'],
    ['status', '--cwd'],
    ['status', '--surface', 'tui'],
    ['status', '--cwd', '/definitely/not/here'],
  ];
  for (const argv of usage) {
    it(`exits 2 on bad usage: ${argv.join(' ') || '(nothing)'}`, async () => {
      const r = await run(argv, w.env());
      assert.equal(r.code, 2);
      if (argv.length) assert.match(r.err, /^codex-posture: /);
      assert.doesNotMatch(r.err + r.out, /\n\s+at /, 'no stack trace');
    });
  }

  // Regression: `status --help` was "unknown launch argument '--help'", exit 2.
  for (const argv of [
    ['status', '--help'],
    ['status', '--cwd', '.', '-h'],
    ['lint', '--help'],
    ['check', 'x.toml', '-h'],
  ]) {
    it(`prints the usage and exits 0: ${argv.join(' ')}`, async () => {
      const r = await run(argv, w.env());
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^Usage: codex-posture <command>/);
      assert.equal(r.err, '');
    });
  }

  it('after --, -h is a file name for lint, not a request for help', async () => {
    const r = await run(['lint', '--', '-h'], w.env());
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read -h: no such file/);
  });

  it('a first run (CODEX_HOME unset, no ~/.codex yet) loads with no user layer, as Codex starts', async () => {
    fs.rmSync(w.codexHome, { recursive: true, force: true });
    const { CODEX_HOME: _, ...env } = w.env();
    const r = await run(['status', '--json', '--cwd', w.root], env);
    assert.equal(r.code, 0, r.out);
    const json = JSON.parse(r.out);
    assert.equal(json.loads, true);
    assert.equal(json.codexHome, w.codexHome);
    assert.equal(json.sandbox, 'read-only');
    // Named explicitly, the same missing folder stops Codex.
    const named = await run(['status', '--json', '--cwd', w.root], { ...env, CODEX_HOME: w.codexHome });
    assert.equal(named.code, 2);
    assert.match(JSON.parse(named.out).loadError.message, /does not exist/);
  });

  it('exits 2 when CODEX_HOME does not exist or config.toml is a directory', async () => {
    let r = await run(['status', '--cwd', w.root], { ...w.env(), CODEX_HOME: w.path('missing') });
    assert.equal(r.code, 2);
    assert.match(r.out, /does not exist/);
    w.mkdir('home/.codex/config.toml');
    r = await run(['status', '--json', '--cwd', w.root], w.env());
    assert.equal(r.code, 2);
    assert.match(JSON.parse(r.out).loadError.message, /is a directory/);
  });

  it('gives a clear loads:false for a binary or non-UTF-8 config', async () => {
    w.write('home/.codex/config.toml', Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x80]));
    const r = await run(['status', '--json', '--cwd', w.root], w.env());
    const j = JSON.parse(r.out);
    assert.equal(j.loads, false);
    assert.match(j.loadError.message, /UTF-8|parse error/);
  });
});
