// Activation loads only the badge's bundle; the other features are chunks loaded later (see
// scripts/build.mjs and src/extension.ts). A contributed command must still work at once: it is
// registered by a module activate() imports statically, or extension.ts registers a stub for it
// that loads its chunk. Read from the sources, so a command added to a chunk without a stub fails
// here instead of being "not found" for the first moments after startup.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const pkg = JSON.parse(read('package.json')) as { contributes: { commands: { command: string }[] } };
const extension = read('src/extension.ts');

/** Command ids a source file registers (`registerCommand('id'` or sessionView's `reg('id'`). */
function registered(rel: string): string[] {
  return [...read(rel).matchAll(/\b(?:registerCommand|reg)\(\s*'(codexPosture\.[\w.]+)'/g)].map((m) => m[1]);
}

const features = readdirSync(path.join(root, 'src', 'features')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
/** Modules extension.ts imports statically (`import … from './features/x'`, not `import('./features/x')`). */
const eager = new Set([...extension.matchAll(/^import [^;]*from '\.\/features\/(\w+)'/gm)].map((m) => `${m[1]}.ts`));
const eagerIds = new Set([...eager].flatMap((f) => registered(`src/features/${f}`)));
const chunkIds = new Set(features.filter((f) => !eager.has(f)).flatMap((f) => registered(`src/features/${f}`)));
const stubIds = new Set([...extension.matchAll(/'(codexPosture\.[\w.]+)'/g)].map((m) => m[1]));

describe('lazy chunks: every contributed command works from activation', () => {
  it('the activation bundle registers the posture commands itself', () => {
    assert.ok(eager.has('postureCommands.ts') && eagerIds.has('codexPosture.getPosture'), `eager modules: ${[...eager].join(', ')}`);
  });

  it('each package.json command is registered at activation or stubbed in extension.ts', () => {
    const missing = pkg.contributes.commands.map((c) => c.command).filter((id) => !eagerIds.has(id) && !stubIds.has(id));
    assert.deepEqual(missing, [], `add these to a stub list in src/extension.ts: ${missing.join(', ')}`);
  });

  it('each stub stands for a command its chunk really registers', () => {
    const orphans = [...stubIds].filter((id) => !chunkIds.has(id));
    assert.deepEqual(orphans, [], `extension.ts stubs commands no chunk registers: ${orphans.join(', ')}`);
  });
});
