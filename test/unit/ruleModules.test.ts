// Rules as modules: each catalog code has exactly one module in src/core/rules/codes, named after
// it, and the engine runs exactly those modules.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/core/rules/catalog';
import { RULE_MODULES } from '../../src/core/rules/codes';

describe('lint rules as modules', () => {
  const codesDir = path.resolve(__dirname, '../../../src/core/rules/codes');

  it('every catalog code has exactly one rule module, and every module a catalog code', () => {
    const moduleCodes = RULE_MODULES.map((r) => r.meta.code);
    assert.deepEqual([...moduleCodes].sort(), RULES.map((r) => r.code).sort());
    assert.equal(new Set(moduleCodes).size, moduleCodes.length);
  });

  it('each module is the file cpNNN-<name>.ts of its catalog entry, with the catalog meta', () => {
    const files = readdirSync(codesDir)
      .filter((f) => /^cp\d{3}-/.test(f))
      .sort();
    assert.deepEqual(files, RULES.map((r) => `${r.code.toLowerCase()}-${r.name}.ts`).sort());
    for (const rule of RULE_MODULES)
      assert.equal(
        rule.meta,
        RULES.find((r) => r.code === rule.meta.code),
        rule.meta.code,
      );
  });

  it('only the codes that need more than one file have no per-file check', () => {
    assert.deepEqual(
      RULE_MODULES.filter((r) => !r.check)
        .map((r) => r.meta.code)
        .sort(),
      ['CP010', 'CP207', 'CP900', 'CP901'],
    );
  });
});
