// The badge (the engine's `loads` / `loadError`) and the Problems panel (lint's error findings)
// must agree on whether Codex starts with a file. Both read src/core/schema through
// config/validate.ts's checkFile; these tests keep them from drifting apart again.
import * as assert from 'node:assert/strict';
import { parseLaunchArgs } from '../../src/core/config/launchArgs';
import { pathKindSync } from '../../src/core/config/readConfigFile';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { lintText, type Finding } from '../../src/core/rules/lint';
import { LINT_CASES } from '../differential/lintCorpus';
import { generateLintCases } from '../differential/lintGenerated';
import { makeWorld, type TempWorld } from '../support/sandbox';

/** The codes of the errors that make Codex refuse a file (the rest are advice). */
const LOAD_CODES = new Set(['CP001', 'CP002', 'CP003', 'CP004', 'CP005', 'CP006', 'CP007', 'CP008', 'CP009']);
const loadErrors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error' && LOAD_CODES.has(f.code));

describe('engine and lint agree on whether a file loads', () => {
  let w: TempWorld;
  let systemDir: string;
  beforeEach(() => {
    w = makeWorld();
    systemDir = w.mkdir('etc-codex');
    w.mkdir('work');
  });
  afterEach(() => w.dispose());

  const resolve = (argv: string[] = [], cwd = 'work'): Promise<PostureSnapshot> =>
    resolvePosture({ cwd: w.path(cwd), codexHome: w.codexHome, launch: parseLaunchArgs(argv), systemDir });

  /** Writes the user config, then returns what the engine and lint say about it. */
  async function both(toml: string): Promise<{ s: PostureSnapshot; errors: Finding[] }> {
    const file = w.write('home/.codex/config.toml', toml);
    const s = await resolve();
    return { s, errors: loadErrors(lintText(toml, { kind: 'user', file, pathKind: pathKindSync }).findings) };
  }

  /**
   * The same file as a profile (`gen.config.toml` with `--profile gen`) or as the config of a
   * trusted project, each in a fresh world: what the engine and lint say about it there.
   */
  async function bothIn(place: 'profile' | 'project', toml: string): Promise<{ s: PostureSnapshot; errors: Finding[] }> {
    const world = makeWorld();
    try {
      world.mkdir('work');
      const sys = world.mkdir('etc-codex');
      let file: string;
      if (place === 'project') {
        world.gitInit('work');
        world.write('home/.codex/config.toml', `[projects."${world.path('work')}"]\ntrust_level = "trusted"\n`);
        file = world.write('work/.codex/config.toml', toml);
      } else file = world.write('home/.codex/gen.config.toml', toml);
      const s = await resolvePosture({
        cwd: world.path('work'),
        codexHome: world.codexHome,
        launch: parseLaunchArgs(place === 'profile' ? ['--profile', 'gen'] : []),
        systemDir: sys,
      });
      const lint = lintText(toml, { kind: place, file, pathKind: pathKindSync, ...(place === 'project' ? { projectTrusted: true } : {}) });
      return { s, errors: loadErrors(lint.findings) };
    } finally {
      world.dispose();
    }
  }

  // Measured with codex 0.171: `config.toml:2:24: invalid type: floating point `100000.0`, expected i64`.
  it('regression: model_context_window = 1e5 does not load, in the badge as in the Problems panel', async () => {
    const { s, errors } = await both('model = "x"\nmodel_context_window = 1e5\n');
    assert.equal(s.loads, false);
    assert.deepEqual([s.loadError?.line, s.loadError?.column], [2, 24]);
    assert.match(s.loadError?.message ?? '', /floating point/);
    assert.deepEqual(
      errors.map((f) => [f.code, f.span.line]),
      [['CP002', 2]],
    );
  });

  it('regression: a whole-number float in a provider entry does not load', async () => {
    const { s, errors } = await both('[model_providers.acme]\nname = "Acme"\nrequest_max_retries = 2.0\n');
    assert.equal(s.loads, false);
    assert.equal(s.loadError?.line, 3);
    assert.deepEqual(
      errors.map((f) => f.span.line),
      [3],
    );
  });

  it('a float where Codex takes any number, or a float that is not whole, is judged as before', async () => {
    assert.equal((await both('[tui]\nmouse_scroll_speed = 2.0\n')).s.loads, true);
    const { s, errors } = await both('model_context_window = 1.5\n');
    assert.equal(s.loads, false);
    assert.equal(errors.length, 1);
  });

  // Measured: `-c model_context_window=1000` over a user `1e5` loads; Codex reads the merged value.
  it('a whole-number float that a higher layer replaces is never read', async () => {
    w.write('home/.codex/config.toml', 'model = "x"\nmodel_context_window = 1e5\n');
    const s = await resolve(['-c', 'model_context_window=1000']);
    assert.equal(s.loads, true);
    assert.ok(
      s.warnings.some((m) => /never read/.test(m)),
      s.warnings.join('\n'),
    );
  });

  // Measured: a trusted project's `model_context_window = 5e3` fails at the project file's line.
  it('a whole-number float in a trusted project file does not load', async () => {
    w.gitInit('work');
    w.write('home/.codex/config.toml', `[projects."${w.path('work')}"]\ntrust_level = "trusted"\n`);
    w.write('work/.codex/config.toml', 'model_context_window = 5e3\n');
    const s = await resolve();
    assert.equal(s.loads, false);
    assert.equal(s.loadError?.file, w.path('work/.codex/config.toml'));
    assert.deepEqual([s.loadError?.line, s.loadError?.column], [1, 24]);
  });

  // Measured: `config.toml:1:1: unexpected keys in table: endpont, ...`, not the [tui] error below.
  it('regression: an unknown otel exporter field is what Codex names once the file fails', async () => {
    const { s, errors } = await both('[otel.metrics_exporter.otlp-grpc]\nendpoint = "x"\nendpont = "y"\n\n[tui]\nanimations = 1\n');
    assert.equal(s.loads, false);
    assert.equal(s.loadError?.line, 1);
    assert.match(s.loadError?.message ?? '', /endpont/);
    assert.deepEqual(
      errors.map((f) => f.span.line),
      [1, 6],
    );
  });

  it('an unknown otel exporter field alone loads', async () => {
    const { s, errors } = await both('[otel.metrics_exporter.otlp-grpc]\nendpoint = "x"\nendpont = "y"\n');
    assert.equal(s.loads, true);
    assert.deepEqual(errors, []);
  });

  it('for every corpus and generated file, the engine refuses exactly what lint has a load error for', async function () {
    this.timeout(120_000);
    const cases = [...LINT_CASES, ...generateLintCases(1, 60), ...generateLintCases(47, 60)];
    const disagree: string[] = [];
    for (const c of cases) {
      const { s, errors } = await both(c.toml);
      if (s.loads === errors.length > 0) {
        disagree.push(
          `${c.name}: engine loads=${s.loads} ${s.loadError?.message ?? ''} / lint ${errors.map((f) => `${f.code}@${f.span.line}`).join(' ') || 'no error'}`,
        );
      } else if (!s.loads && s.loadError?.line !== undefined && !errors.some((f) => f.span.line === s.loadError?.line)) {
        disagree.push(`${c.name}: engine names line ${s.loadError.line}, lint ${errors.map((f) => f.span.line).join(',')}`);
      }
    }
    assert.deepEqual(disagree, []);
  });

  // The load errors found for the differential's "neither side reported" round: model provider,
  // nested words, ranges and durations, feature shapes, files read while loading. Lint judges one
  // file, so in a profile or project file it leaves what another layer may settle (a provider
  // defined in the user config, permission profiles) to the engine.
  const LAYER_DEPENDENT = [/^Model provider `[^`]*` not found$/, /default_permissions/, /\[permissions\]/];
  for (const place of ['profile', 'project'] as const) {
    it(`in a ${place} file too, the engine refuses exactly what lint has a load error for`, async function () {
      this.timeout(120_000);
      const first = LINT_CASES.findIndex((c) => c.name === 'provider-not-found');
      assert.ok(first > 0);
      const disagree: string[] = [];
      for (const c of [...LINT_CASES.slice(first), ...generateLintCases(3, 20)]) {
        const { s, errors } = await bothIn(place, c.toml);
        if (s.loads === errors.length > 0) {
          if (!s.loads && !errors.length && LAYER_DEPENDENT.some((re) => re.test(s.loadError?.message ?? ''))) continue;
          disagree.push(
            `${c.name}: engine loads=${s.loads} ${s.loadError?.message ?? ''} / lint ${errors.map((f) => `${f.code}@${f.span.line}`).join(' ') || 'no error'}`,
          );
        } else if (!s.loads && s.loadError?.line !== undefined && !errors.some((f) => f.span.line === s.loadError?.line)) {
          disagree.push(`${c.name}: engine names line ${s.loadError.line}, lint ${errors.map((f) => f.span.line).join(',')}`);
        }
      }
      assert.deepEqual(disagree, []);
    });
  }

  it('regression: an undefined model provider fails with no line, after any error that has one', async () => {
    const alone = await both('model = "m"\nmodel_provider = "acme"\n');
    assert.equal(alone.s.loads, false);
    assert.equal(alone.s.loadError?.message, 'Model provider `acme` not found');
    assert.equal(alone.s.loadError?.line, undefined);
    assert.deepEqual(
      alone.errors.map((f) => [f.code, f.span.line]),
      [['CP002', 2]],
    );
    const withType = await both('model_provider = "acme"\nsandbox_mode = "bogus"\n');
    assert.equal(withType.s.loadError?.line, 2);
    // Measured: the provider is named before a limit Codex checks later.
    const withLimit = await both('model_provider = "acme"\n[agents]\nmax_threads = 0\n');
    assert.equal(withLimit.s.loadError?.message, 'Model provider `acme` not found');
    assert.equal((await both('model_provider = "amazon-bedrock"\n')).s.loads, true);
    // Measured order of the checks without a line: compaction limit, permission profile, provider.
    const order = await both(
      'model_provider = "acme"\nmodel_post_turn_compact_threshold_percent = 150\ndefault_permissions = "p"\n[permissions.p.filesystem]\nglob_scan_max_depth = 0\n',
    );
    assert.match(order.s.loadError?.message ?? '', /model_post_turn_compact_threshold_percent/);
    const globFirst = await both(
      'model_provider = "acme"\ndefault_permissions = "p"\n[permissions.p.filesystem]\nglob_scan_max_depth = 0\n',
    );
    assert.equal(globFirst.s.loadError?.message, 'glob_scan_max_depth must be at least 1');
  });

  it('a missing model_instructions_file is resolved against the file that names it', async () => {
    w.write('home/.codex/present.md', 'Be brief.\n');
    assert.equal((await both('model_instructions_file = "present.md"\n')).s.loads, true);
    const { s, errors } = await both('model_instructions_file = "absent.md"\n');
    assert.equal(s.loads, false);
    assert.equal(
      s.loadError?.message,
      `failed to read model instructions file ${w.path('home/.codex/absent.md')}: No such file or directory (os error 2)`,
    );
    assert.equal(errors.length, 1);
    // Without a way to look at the disk, lint does not guess.
    assert.deepEqual(loadErrors(lintText('model_instructions_file = "absent.md"\n', { kind: 'user' }).findings), []);
  });
});
