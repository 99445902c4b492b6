// The fast-check seed every property test runs with (test/support/fastCheckSeed.ts).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { FC_SEED, fastCheckSeed } from '../support/fastCheckSeed';

describe('fast-check seed', () => {
  it('is fixed unless asked otherwise, so two runs test the same documents', () => {
    assert.equal(fastCheckSeed(undefined), fastCheckSeed(''));
    assert.equal(fastCheckSeed('7'), 7);
    assert.equal(fastCheckSeed('-3'), -3);
  });
  it('"random" picks a whole number; anything else is a clear error', () => {
    assert.ok(Number.isInteger(fastCheckSeed('random')));
    assert.throws(() => fastCheckSeed('abc'), /CODEX_POSTURE_FC_SEED must be an integer or "random", not "abc"/);
    assert.throws(() => fastCheckSeed('1.5'), /must be an integer/);
  });
  it('is the global seed of fast-check in this process', () => {
    assert.equal(fc.readConfigureGlobal().seed, FC_SEED);
  });
});
