// How the engine's loader (and so the linter) judges `[features.<name>]` tables against the
// measured field lists of featureTables.ts (scripts/genFeatureTables.ts): a field Codex accepted
// loads, a wrong type fails, and an unknown name fails only where the list is complete.
import * as assert from 'node:assert/strict';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { checkFile, featureFieldAccepts } from '../../src/core/config/validate';
import { lintText } from '../../src/core/rules/lint';
import { FEATURE_TABLES, TABLE_FEATURES, type FeatureTableField, type FeatureValueKind } from '../../src/core/schema';

function problems(toml: string): string[] {
  const parsed = parseTomlWithPositions(toml);
  assert.ok(parsed.ok);
  return checkFile(parsed.value, { isProject: false }).problems.map((p) => p.message);
}

function lintErrors(toml: string): string[] {
  return lintText(toml, { kind: 'user' })
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.code} ${f.message}`);
}

/** A TOML value of each kind, and one that is none of them. */
const SAMPLE: Record<FeatureValueKind, string> = {
  boolean: 'true',
  integer: '1',
  float: '1.5',
  string: '"x"',
  array: '[]',
  table: '{}',
};

/** A value the field accepts, as TOML. */
function goodValue(f: FeatureTableField): string {
  const kind = f.kinds[0];
  return kind === 'string' && f.words ? `"${f.words[0]}"` : SAMPLE[kind];
}

/** A kind of value the field refuses, as TOML (undefined when it takes every probed kind). */
function badValue(f: FeatureTableField): string | undefined {
  const refused = (Object.keys(SAMPLE) as FeatureValueKind[]).find(
    (k) => !f.kinds.includes(k) && !(k === 'integer' && f.kinds.includes('float')),
  );
  return refused && SAMPLE[refused];
}

describe('feature settings tables (measured field lists)', () => {
  it('TABLE_FEATURES is the generated list: the 15 features that take a table', () => {
    assert.equal(TABLE_FEATURES, FEATURE_TABLES);
    assert.deepEqual(Object.keys(TABLE_FEATURES).sort(), [
      'apps_mcp_path_override',
      'async_compaction',
      'code_mode',
      'code_mode_host',
      'context_management',
      'current_time_reminder',
      'guardianv2',
      'guardianv3',
      'multi_agent_v2',
      'network_proxy',
      'non_prefixed_mcp_tool_names',
      'rollout_budget',
      'runtime_agent_instances',
      'sleep_tool',
      'token_budget',
    ]);
  });

  it('field kinds: each kind takes its own values only', () => {
    const f = (kinds: FeatureValueKind[], more: Partial<FeatureTableField> = {}): FeatureTableField => ({ kinds, ...more });
    assert.ok(featureFieldAccepts(f(['boolean']), true));
    assert.ok(!featureFieldAccepts(f(['boolean']), 'true'));
    assert.ok(featureFieldAccepts(f(['integer']), 3));
    assert.ok(!featureFieldAccepts(f(['integer']), 1.5));
    assert.ok(featureFieldAccepts(f(['integer'], { negative: true }), -3));
    assert.ok(!featureFieldAccepts(f(['integer'], { negative: false }), -3));
    assert.ok(featureFieldAccepts(f(['float']), 1.5));
    assert.ok(featureFieldAccepts(f(['float']), 2));
    assert.ok(featureFieldAccepts(f(['string']), 'anything'));
    assert.ok(featureFieldAccepts(f(['string'], { words: ['a', 'b'] }), 'b'));
    assert.ok(!featureFieldAccepts(f(['string'], { words: ['a', 'b'] }), 'c'));
    assert.ok(featureFieldAccepts(f(['array']), ['x']));
    assert.ok(!featureFieldAccepts(f(['array']), {}));
    assert.ok(featureFieldAccepts(f(['table']), { a: 1 }));
    assert.ok(featureFieldAccepts(f(['boolean', 'table']), {}));
    // A field whose type no probe found lets every value through.
    assert.ok(featureFieldAccepts(f([]), 'x'));
    assert.ok(featureFieldAccepts(f([]), 1));
  });

  it('multi_agent_v2.wait_agent_enabled = true loads (it was a false load error)', () => {
    assert.deepEqual(problems('[features.multi_agent_v2]\nwait_agent_enabled = true\n'), []);
    assert.deepEqual(lintErrors('[features.multi_agent_v2]\nwait_agent_enabled = true\n'), []);
  });

  it('an unknown field fails where the list is complete, and only there', () => {
    for (const [feature, table] of Object.entries(TABLE_FEATURES)) {
      const toml = `[features.${feature}]\nzzz_unknown = 1\n`;
      const got = problems(toml);
      if (table.complete) {
        assert.equal(got.length, 1, `${feature}: ${got.join('; ')}`);
        assert.match(got[0], new RegExp(`features\\.${feature}: \`zzz_unknown\` is not one of its settings`));
        assert.ok(
          lintErrors(toml).some((e) => e.startsWith('CP002')),
          feature,
        );
      } else assert.deepEqual(got, [], feature);
    }
  });

  it('token_budget: an unknown field is the load error (missed before)', () => {
    assert.ok(TABLE_FEATURES.token_budget.complete);
    assert.match(problems('[features.token_budget]\nzzz_unknown = 1\n').join('\n'), /`zzz_unknown` is not one of its settings/);
  });

  it('every measured field loads with a value it accepts and fails with one it refuses', () => {
    let judged = 0;
    for (const [feature, table] of Object.entries(TABLE_FEATURES)) {
      for (const [name, field] of Object.entries(table.fields)) {
        if (!field.kinds.length) continue;
        // Only the table's shape: an integer may still break a range check against another field.
        const shape = problems(`[features.${feature}]\n${name} = ${goodValue(field)}\n`).filter((m) =>
          m.startsWith(`features.${feature}: `),
        );
        assert.deepEqual(shape, [], `${feature}.${name}`);
        const bad = badValue(field);
        if (bad === undefined) continue;
        const got = problems(`[features.${feature}]\n${name} = ${bad}\n`);
        assert.equal(got.length, 1, `${feature}.${name} = ${bad}: ${got.join('; ')}`);
        assert.match(got[0], new RegExp(`\`${name}\` must be `));
        judged++;
      }
    }
    assert.ok(judged > 40, `only ${judged} fields judged`);
  });

  it('`enabled` is judged everywhere: a field where measured, an error where not', () => {
    for (const [feature, table] of Object.entries(TABLE_FEATURES)) {
      // The table's shape only (rollout_budget also needs a limit when enabled).
      const got = problems(`[features.${feature}]\nenabled = true\n`).filter((m) => m.startsWith(`features.${feature}: `));
      if (table.enabled) assert.deepEqual(got, [], feature);
      else assert.match(got.join('\n'), /`enabled` is not one of its settings/, feature);
    }
  });

  it('a whole number written as a float in an integer field is refused, as an integer it loads (measured)', () => {
    const parsed = parseTomlWithPositions('[features.token_budget]\nreminder_threshold_tokens = 2.0\n');
    assert.ok(parsed.ok);
    const asFloat = checkFile(parsed.value, { isProject: false, integralFloats: parsed.integralFloats }).problems;
    assert.deepEqual(
      asFloat.map((p) => p.path),
      [['features', 'token_budget']],
    );
    assert.match(asFloat[0].message, /must be written as an integer/);
    assert.deepEqual(problems('[features.token_budget]\nreminder_threshold_tokens = 2\n'), []);
    assert.match(lintErrors('[features.token_budget]\nreminder_threshold_tokens = 2.0\n').join('\n'), /CP002 .*written as an integer/);
  });
});
