// The differential suite: for every scenario, the engine's answer (resolvePosture + postureToJson,
// the same path `codex-posture status --json` takes) against the real codex 0.171's answer
// (oracle.ts), field by field. Scenarios run two at a time; each codex process has its own
// timeout and every scenario its own temp root, removed afterwards.
//
// Knobs: CODEX_POSTURE_DIFF_ONLY=substr[,substr]  run a subset
//        CODEX_POSTURE_DIFF_JOBS=N                parallel scenarios (default 2)
//        CODEX_POSTURE_CODEX_BIN=/path/to/codex   another codex executable
//        CODEX_POSTURE_DIFF_GENERATED=N           append N seeded random scenarios (generated.ts);
//                                                 default 16, 0 turns them off
//        CODEX_POSTURE_DIFF_SEED=S                their seed (default 1; `random` picks one and
//                                                 prints it). A generated scenario is named
//                                                 gen/s<S>/<index>/, so one failure reruns alone with
//                                                 the same N and S and CODEX_POSTURE_DIFF_ONLY=gen/s<S>/<index>/
// Each run writes .test-artifacts/differential.json (both answers and the evidence).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { postureToJson } from '../../src/core/config/json';
import { parseLaunchArgs } from '../../src/core/config/launchArgs';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { compareWithConfigRead } from '../../src/core/codex/confirm';
import {
  CONTRACT_FIELDS,
  expandRoot,
  findCodex,
  materialise,
  relativise,
  runOracle,
  type ContractField,
  type OracleAnswer,
  type Scenario,
} from './oracle';
import { mapLimit } from './proc';
import { generateScenarios } from './generated';
import { SCENARIOS } from './scenarios';

interface EngineAnswer {
  loads: boolean;
  loadError?: { message: string; file?: string; line?: number; column?: number };
  [key: string]: unknown;
}

interface Outcome {
  readonly scenario: Scenario;
  readonly oracle?: OracleAnswer;
  readonly engine?: EngineAnswer;
  readonly mismatches: string[];
  readonly error?: string;
  readonly ms: number;
}

function canon(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

async function engineAnswer(s: Scenario, root: string, cwd: string, codexHome: string, home: string): Promise<EngineAnswer> {
  const argv = (s.launch ?? []).map((a) => expandRoot(a, root));
  let launch;
  try {
    launch = parseLaunchArgs(argv);
  } catch (e) {
    // A launch the CLI rejects: Codex would not start either.
    return { loads: false, loadError: { message: (e as Error).message } };
  }
  const snap = await resolvePosture({
    cwd,
    codexHome,
    codexHomeIsDefault: s.defaultCodexHome,
    home,
    launch,
    surface: s.surface ?? 'interactive',
    systemDir: '/etc/codex',
  });
  const out = postureToJson(snap) as unknown as EngineAnswer;
  // Not enumerable: kept out of the artefact, used for the confirmation check.
  Object.defineProperty(out, 'snapshot', { value: snap, enumerable: false });
  return out;
}

/**
 * The badge's confirmation (codex config/read) on the same world: where the engine agrees with the
 * session codex really starts, a drift warning would be crying wolf. Only for what the editor asks
 * (interactive, no --profile, which it does not confirm).
 */
function confirmation(s: Scenario, o: OracleAnswer, e: EngineAnswer): string[] {
  const snap = (e as { snapshot?: PostureSnapshot }).snapshot;
  if (!snap || !o.configRead || (s.surface ?? 'interactive') !== 'interactive' || (s.launch ?? []).includes('--profile')) return [];
  if (!snap.loads || !o.loads) return [];
  const c = compareWithConfigRead(snap, o.configRead);
  return c.confirmed ? [] : c.drift.map((d) => `confirmation cries wolf: ${d}`);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Field-by-field comparison; returns human-readable mismatches. */
export function compare(s: Scenario, o: OracleAnswer, e: EngineAnswer): string[] {
  const out: string[] = [];
  // Codex loaded, but the session it would really start may read more (see oracle unobserved.loads).
  if (o.unobserved.loads !== undefined && o.loads && !e.loads) return out;
  if (o.loads !== e.loads) {
    out.push(
      `loads: codex ${o.loads}${o.loadError ? ` (${o.loadError.message})` : ''}, engine ${e.loads}${e.loadError ? ` (${e.loadError.message})` : ''}`,
    );
    return out;
  }
  if (!o.loads) {
    const oe = o.loadError ?? { message: '' };
    const ee = e.loadError ?? { message: '' };
    if (oe.file && (!ee.file || canon(oe.file) !== canon(ee.file)))
      out.push(`loadError.file: codex ${oe.file}, engine ${ee.file ?? '(none)'}`);
    if (oe.line !== undefined && oe.line !== ee.line)
      out.push(`loadError.line: codex ${oe.line}, engine ${ee.line ?? '(none)'} (codex: ${oe.message})`);
    return out;
  }
  for (const f of CONTRACT_FIELDS) {
    if (f === 'loads') continue;
    if (o.unobserved[f] !== undefined || s.skipCompare?.[f] !== undefined) continue;
    const ov = o[f as Exclude<ContractField, 'loads'>];
    const ev = e[f];
    if (f === 'writableRoots') {
      if (o.sandbox !== 'workspace-write') continue;
      const a = [...((ov as string[] | undefined) ?? [])].map(canon).sort();
      const b = [...((ev as string[] | undefined) ?? [])].map(canon).sort();
      if (!same(a, b)) out.push(`writableRoots: codex ${JSON.stringify(a)}, engine ${JSON.stringify(b)}`);
      continue;
    }
    if (ov === undefined) continue;
    if (!same(ov, ev)) {
      const prov = (e.provenance as Record<string, unknown> | undefined)?.[f];
      out.push(
        `${f}: codex ${JSON.stringify(ov)}, engine ${JSON.stringify(ev)}${prov ? ` (engine provenance ${JSON.stringify(prov)})` : ''}`,
      );
    }
  }
  return out;
}

const filter = (process.env.CODEX_POSTURE_DIFF_ONLY ?? '').split(',').filter(Boolean);
const generatedCount = Math.max(0, Number(process.env.CODEX_POSTURE_DIFF_GENERATED ?? 16) || 0);
const seedEnv = process.env.CODEX_POSTURE_DIFF_SEED ?? '1';
const seed = seedEnv === 'random' ? Math.floor(Math.random() * 1e6) : Number(seedEnv) >>> 0;
if (generatedCount && seedEnv === 'random') console.log(`    differential: generated scenarios use CODEX_POSTURE_DIFF_SEED=${seed}`);
const selected = [...SCENARIOS, ...generateScenarios(seed, generatedCount)].filter(
  (s) => filter.length === 0 || filter.some((f) => s.name.includes(f)),
);
const jobs = Math.max(1, Number(process.env.CODEX_POSTURE_DIFF_JOBS ?? 2) || 2);

describe('differential: engine vs the real codex 0.171', function () {
  const outcomes = new Map<string, Outcome>();
  let codex = '';
  let totalMs = 0;

  before(async function () {
    this.timeout(Math.max(120_000, selected.length * 20_000));
    codex = findCodex();
    if (!fs.existsSync(codex)) {
      console.log(`    (no codex at ${codex}; differential suite skipped)`);
      this.skip();
    }
    const t0 = Date.now();
    await mapLimit(selected, jobs, async (s) => {
      const started = Date.now();
      const m = await materialise(s);
      try {
        // The engine first: the oracle's session may auto-trust and so write into CODEX_HOME.
        const engine = await engineAnswer(s, m.root, m.cwd, m.codexHome, m.home);
        const oracle = await runOracle(s, m, { codex });
        outcomes.set(s.name, {
          scenario: s,
          oracle: relativise(oracle, m.root),
          engine: relativise(engine, m.root),
          mismatches: ((d) => (d.length ? d : confirmation(s, oracle, engine)))(compare(s, oracle, engine)).map((x) =>
            x.split(m.root).join('{{root}}'),
          ),
          ms: Date.now() - started,
        });
      } catch (e) {
        outcomes.set(s.name, { scenario: s, mismatches: [], error: (e as Error).stack ?? String(e), ms: Date.now() - started });
      } finally {
        await m.cleanup();
      }
    });
    totalMs = Date.now() - t0;
    try {
      const dir = path.resolve(__dirname, '../../../.test-artifacts');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'differential.json'), JSON.stringify([...outcomes.values()], null, 2));
    } catch {
      /* artefacts are a convenience */
    }
  });

  after(function () {
    if (outcomes.size) {
      const bad = [...outcomes.values()].filter((o) => o.error || o.mismatches.length).length;
      console.log(
        `    differential: ${outcomes.size} scenarios, ${bad} with differences, ${(totalMs / 1000).toFixed(1)} s with ${jobs} jobs`,
      );
    }
  });

  for (const s of selected) {
    it(`${s.name} — ${s.covers}`, function () {
      const o = outcomes.get(s.name);
      assert.ok(o, 'scenario did not run');
      if (o.error) assert.fail(`harness error: ${o.error}`);
      if (o.mismatches.length) {
        const unobserved = Object.keys(o.oracle?.unobserved ?? {});
        assert.fail(
          [
            `${o.mismatches.length} difference(s) between the engine and codex:`,
            ...o.mismatches.map((x) => `  - ${x}`),
            `  codex source: ${o.oracle?.source}${unobserved.length ? `, not observed: ${unobserved.join(', ')}` : ''}`,
            ...(o.oracle?.notes ?? []).map((n) => `  note: ${n}`),
          ].join('\n'),
        );
      }
    });
  }
});
