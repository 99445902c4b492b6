// Keeps the layering honest: src/core must stay plain TypeScript, testable without VS Code.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('architecture', () => {
  const root = path.resolve(__dirname, '../../..');
  it('src/core never imports vscode', () => {
    const offenders = tsFiles(path.join(root, 'src/core')).filter((f) =>
      /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
  it('src/core has no import cycles (shared types live in files of their own)', () => {
    const core = path.join(root, 'src/core');
    const files = tsFiles(core);
    const deps = new Map<string, string[]>();
    for (const f of files) {
      const specs = [...readFileSync(f, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+['"](\.[^'"]+)['"]/g)].map(
        (m) => m[1],
      );
      const resolved = specs
        .map((s) => path.resolve(path.dirname(f), s))
        .map((p) => (files.includes(`${p}.ts`) ? `${p}.ts` : path.join(p, 'index.ts')));
      deps.set(
        f,
        resolved.filter((p) => files.includes(p)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(core, x)).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const d of deps.get(f) ?? []) visit(d, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    assert.deepEqual(cycles, []);
  });
  // Processes and shells: test/unit/security.static.test.ts (over the AST, not regexes).
});
