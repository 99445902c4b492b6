// The worker thread behind the badge and the diagnostics (src/worker): same answers as the engine
// in place, superseded requests dropped, a file past the time budget reported as too large to read
// in time, a crashed worker restarted, and the calling thread free while the worker works.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { resolvePosture } from '../../src/core/config/resolve';
import { OffHostClient, type WorkerLog } from '../../src/worker/client';
import { InPlaceCache, resolveGuarded } from '../../src/worker/inPlace';
import type { ResolveInput } from '../../src/worker/protocol';
import { hugeConfig } from '../support/hugeConfig';
import { makeWorld, type TempWorld } from '../support/sandbox';

const WORKER = path.resolve(__dirname, '..', '..', '..', 'dist', 'worker.js');

function recordingLog(): WorkerLog & { lines: string[] } {
  const lines: string[] = [];
  const rec =
    (level: string) =>
    (m: string, ...rest: unknown[]) =>
      void lines.push(`${level} ${m} ${rest.join(' ')}`.trim());
  return { lines, info: rec('info'), warn: rec('warn'), error: rec('error'), trace: rec('trace') };
}

describe('worker thread: parsing off the extension host', function () {
  this.timeout(60_000);
  let w: TempWorld;
  let client: OffHostClient | undefined;
  let input: ResolveInput;
  beforeEach(() => {
    w = makeWorld();
    w.gitInit('repo');
    input = { cwd: w.path('repo'), codexHome: w.codexHome, home: w.home, systemDir: w.path('no-etc') };
  });
  afterEach(() => {
    client?.dispose();
    client = undefined;
    w.dispose();
  });

  it('resolves the same snapshot as the engine in place', async () => {
    w.write(
      'home/.codex/config.toml',
      `sandbox_mode = "workspace-write"\nweb_search = "live"\n[projects."${w.path('repo')}"]\ntrust_level = "trusted"\n`,
    );
    client = new OffHostClient(WORKER, recordingLog());
    const r = await client.resolve(input);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value, await resolvePosture(input));
    assert.equal(r.value.sandbox?.value, 'workspace-write');
  });

  it('small files are resolved in place; a file over the guard goes to the worker', async () => {
    w.write('home/.codex/config.toml', 'web_search = "live"\n');
    let started = 0;
    client = new OffHostClient(WORKER, recordingLog(), { spawn: (s) => (started++, new Worker(s)) });
    const small = await resolveGuarded(input, new InPlaceCache(), async () => client);
    assert.equal(small.webSearch?.value, 'live');
    assert.equal(started, 0, 'no worker for a small config');
    w.write('home/.codex/config.toml', `web_search = "live"\n${'# padding\n'.repeat(20_000)}`);
    const large = await resolveGuarded(input, new InPlaceCache(), async () => client);
    assert.equal(large.webSearch?.value, 'live');
    assert.equal(started, 1);
  });

  it('lints with fixes and layer notes as plain data', async () => {
    client = new OffHostClient(WORKER, recordingLog());
    const r = await client.lint({ text: 'sandbox_mod = "read-only"\n', kind: 'user', file: path.join(w.codexHome, 'config.toml') }, 'doc');
    assert.ok(r.ok, JSON.stringify(r));
    const typo = r.value.findings.find((f) => f.fixes.some((x) => x.edits.some((e) => e.newText.includes('sandbox_mode'))));
    assert.ok(typo, JSON.stringify(r.value.findings));
    assert.deepEqual(r.value.notes, []);
  });

  it('a newer request for the same document supersedes the one still waiting or running', async () => {
    client = new OffHostClient(WORKER, recordingLog());
    const file = path.join(w.codexHome, 'config.toml');
    const first = client.lint({ text: hugeConfig(20_000), kind: 'user', file }, 'doc');
    const second = client.lint({ text: 'web_search = "live"\n', kind: 'user', file }, 'doc');
    const other = client.lint({ text: 'web_search = "cached"\n', kind: 'user', file }, 'other');
    assert.deepEqual([(await first).ok, ((await first) as { reason?: string }).reason], [false, 'superseded']);
    assert.equal((await second).ok, true);
    assert.equal((await other).ok, true);
  });

  it('regression: a config too large to read in time is an io error naming it, not a frozen host', async () => {
    const log = recordingLog();
    // A budget far below what 100,000 tables take (seconds), so the answer does not depend on the machine.
    client = new OffHostClient(WORKER, log, { budgetMs: 300 });
    // The worker's own start can take longer than that: let it start on a small config first.
    for (let tries = 0; tries < 5 && !(await client.resolve(input)).ok; tries++);
    const file = w.write('home/.codex/config.toml', hugeConfig(100_000));
    const r = await client.resolve(input);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.loads, false);
    assert.equal(r.value.loadError?.kind, 'io');
    assert.equal(r.value.loadError?.file, file);
    assert.match(r.value.loadError?.message ?? '', /too large to read in time \(\d+\.\d MB/);
    assert.equal(r.value.loadError?.unread, true);
    assert.ok(
      log.lines.some((l) => /^warn worker: .* not done within 300 ms/.test(l)),
      log.lines.join('\n'),
    );
    // The same bytes are not tried again; a saved change is.
    const again = await client.resolve(input);
    assert.ok(again.ok && again.value.loads === false);
    w.write('home/.codex/config.toml', 'sandbox_mode = "read-only"\n');
    const fixed = await client.resolve(input);
    assert.ok(fixed.ok && fixed.value.loads === true, JSON.stringify(fixed));
  });

  it('the calling thread answers while the worker parses a large config', async () => {
    w.write('home/.codex/config.toml', hugeConfig(40_000));
    client = new OffHostClient(WORKER, recordingLog());
    const order: string[] = [];
    const resolved = client.resolve(input).then(() => order.push('worker'));
    // Ticks of this thread's own event loop: each must come before the worker's answer.
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(() => r(order.push(`tick ${i}`)), 1));
    await resolved;
    assert.deepEqual(order, ['tick 0', 'tick 1', 'tick 2', 'worker']);
  });

  it('a crashed worker is logged and restarted; a request it crashes on twice fails', async () => {
    const log = recordingLog();
    const crashing = () => new Worker('require("node:worker_threads").parentPort.on("message", () => process.exit(3));', { eval: true });
    client = new OffHostClient(WORKER, log, { spawn: crashing });
    const r = await client.resolve(input);
    assert.deepEqual(r, {
      ok: false,
      reason: 'failed',
      message: 'the Codex configuration could not be read: the worker thread stopped (exit code 3)',
    });
    assert.equal(client.starts, 2);
    assert.equal(log.lines.filter((l) => l.startsWith('error worker thread exited unexpectedly (code 3)')).length, 2, log.lines.join('\n'));
  });

  it('dispose stops the worker and answers what was still waiting', async () => {
    w.write('home/.codex/config.toml', hugeConfig(40_000));
    let worker: Worker | undefined;
    client = new OffHostClient(WORKER, recordingLog(), { spawn: (s) => (worker = new Worker(s)) });
    const pending = client.resolve(input);
    const exited = new Promise((r) => worker!.once('exit', r));
    client.dispose();
    assert.deepEqual(await pending, { ok: false, reason: 'failed', message: 'the extension is shutting down' });
    await exited;
  });
});
