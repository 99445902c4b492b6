// Loaded before every unit test file (scripts/test.mjs and .mocharc.json): one fixed fast-check
// seed for all property tests, so a run is repeatable and a failure can be replayed. fast-check
// prints the seed and the shrink path of a failing property in its error.
//   CODEX_POSTURE_FC_SEED=N       another seed (a longer hunt: combine with CODEX_POSTURE_FUZZ_RUNS)
//   CODEX_POSTURE_FC_SEED=random  a new seed each run, printed here
import fc from 'fast-check';

const DEFAULT_SEED = 20261206;

export function fastCheckSeed(value: string | undefined): number {
  if (value === 'random') return Math.floor(Math.random() * 0x7fffffff);
  if (value === undefined || value === '') return DEFAULT_SEED;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`CODEX_POSTURE_FC_SEED must be an integer or "random", not ${JSON.stringify(value)}`);
  return n | 0;
}

export const FC_SEED = fastCheckSeed(process.env.CODEX_POSTURE_FC_SEED);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FC_SEED });
if (process.env.CODEX_POSTURE_FC_SEED) console.log(`    fast-check: seed ${FC_SEED} (CODEX_POSTURE_FC_SEED=${FC_SEED} replays this run)`);
