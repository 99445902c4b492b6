// The session playbook is its own bundle (dist/session.js): whatever it imports by value is a second
// copy of that module. That is harmless for stateless code and wrong for a module that keeps state
// (a registry, a worker, an event emitter): those must reach it through SessionHost. This reads the
// imports of src/features/session and of every module they pull in, and fails on a stateful one.
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

describe('bundles', () => {
  it('the session bundle imports no module that keeps state, except as a type', () => {
    const entry = readdirSync(path.join(src, 'features', 'session'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(src, 'features', 'session', f));
    const seen = new Set<string>();
    const queue = [...entry];
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
    const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
    const bad = [...seen].map(rel).filter((f) => STATEFUL.includes(f));
    assert.deepEqual(
      bad.map((f) => `${f} (imported by ${rel(via.get(path.join(root, f))!)})`),
      [],
      'hand these to the session through SessionHost',
    );
    // The walk reached the code it should: the audit's core and the session-record reader.
    assert.ok(seen.has(path.join(src, 'core', 'session', 'audit.ts')));
    assert.ok(seen.has(path.join(src, 'core', 'sessions', 'index.ts')));
  });
});
