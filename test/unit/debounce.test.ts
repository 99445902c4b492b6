// The one debounce helper (src/host/debounce.ts) and the retrying set-up of features
// (src/host/lazy.ts): the latest call wins, dispose cancels, a failed set-up is tried again.
import * as assert from 'node:assert/strict';
import { Debouncer } from '../../src/host/debounce';
import { Lazy } from '../../src/host/lazy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Debouncer', () => {
  it('runs only the latest call once the delay passes', async () => {
    const d = new Debouncer(20);
    const ran: number[] = [];
    d.trigger(() => ran.push(1));
    d.trigger(() => ran.push(2));
    assert.ok(d.pending());
    await sleep(50);
    assert.deepEqual(ran, [2]);
    assert.ok(!d.pending());
  });

  it('debounces each key on its own', async () => {
    const d = new Debouncer<string>(20);
    const ran: string[] = [];
    d.trigger(() => ran.push('a1'), undefined, 'a');
    d.trigger(() => ran.push('b'), undefined, 'b');
    d.trigger(() => ran.push('a2'), undefined, 'a');
    await sleep(50);
    assert.deepEqual(ran.sort(), ['a2', 'b']);
  });

  it('takes a delay per call (0: the next macrotask)', async () => {
    const d = new Debouncer(10_000);
    let ran = false;
    d.trigger(() => (ran = true), 0);
    await sleep(10);
    assert.ok(ran);
  });

  it('cancels the waiting call on dispose and ignores later calls', async () => {
    const d = new Debouncer(10);
    let ran = 0;
    d.trigger(() => ran++);
    d.dispose();
    d.trigger(() => ran++);
    await sleep(30);
    assert.equal(ran, 0);
    assert.ok(!d.pending());
  });
});

describe('Lazy', () => {
  it('sets up once and shares the result', async () => {
    let calls = 0;
    const l = new Lazy(async () => ++calls);
    assert.deepEqual(await Promise.all([l.get(), l.get()]), [1, 1]);
    assert.equal(calls, 1);
  });

  it('tries again after a failed set-up instead of keeping the failure', async () => {
    let calls = 0;
    const l = new Lazy(async () => {
      if (++calls === 1) throw new Error('first try fails');
      return 'ok';
    });
    await assert.rejects(l.get(), /first try fails/);
    assert.equal(await l.get(), 'ok');
    assert.equal(await l.get(), 'ok');
    assert.equal(calls, 2);
  });
});
