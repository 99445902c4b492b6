// The session playbook and the enrichers are bundles of their own (dist/session.js, dist/enrich.js):
// whatever they import by value is a second copy of that module. That is harmless for stateless code and wrong for a module that keeps state
// (a registry, a worker, an event emitter): those must come in as parameters. This reads the imports
// of each such feature folder and of every module they pull in, and fails on a stateful one.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const src = path.join(root, 'src');

/** Modules whose top level holds state the extension must not have twice. */
const STATEFUL = ['src/host/offHost.ts', 'src/host/reportDocument.ts', 'src/host/lintOffHost.ts', 'src/features/index.ts'];

/** Relative imports of a file that are not `import type` (what esbuild bundles). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gms)) {
    if (m[1]) continue;
    const base = path.resolve(path.dirname(file), m[2]);
    const candidates = [`${base}.ts`, path.join(base, 'index.ts')];
    const found = candidates.find((c) => {
      try {
        return readFileSync(c) !== undefined;
      } catch {
        return false;
      }
    });
    if (found) out.push(found);
  }
  return out;
}

function reachable(folder: string): { seen: Set<string>; via: Map<string, string> } {
  const dir = path.join(src, 'features', folder);
  const queue = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
  const seen = new Set<string>();
  const via = new Map<string, string>();
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const dep of valueImports(f)) {
      if (!via.has(dep)) via.set(dep, f);
      queue.push(dep);
    }
  }
  return { seen, via };
}

const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');

describe('bundles', () => {
  for (const [folder, reaches] of [
    ['session', ['core/session/audit.ts', 'core/sessions/index.ts']],
    ['enrich', ['core/codex/appServer.ts', 'core/git/index.ts']],
  ] as const) {
    it(`the ${folder} bundle imports no module that keeps state, except as a type`, () => {
      const { seen, via } = reachable(folder);
      const bad = [...seen].map(rel).filter((f) => STATEFUL.includes(f));
      assert.deepEqual(
        bad.map((f) => `${f} (imported by ${rel(via.get(path.join(root, f))!)})`),
        [],
        'hand these in as parameters (SessionHost) instead',
      );
      // The walk reached the code it should.
      for (const r of reaches) assert.ok(seen.has(path.join(src, r)), r);
    });
  }
});
