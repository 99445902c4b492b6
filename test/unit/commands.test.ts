// The command table (src/commands.ts) is the only place a command is registered, and it lists
// exactly what package.json contributes: a command missing from the table would be "not found",
// one missing from package.json would have no title in the palette.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createCommands } from '../../src/commands';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
const contributed = pkg.contributes.commands.map((c) => c.command).sort();
const table = createCommands();

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('the command table', () => {
  it('has every command package.json contributes', () => {
    const missing = contributed.filter((id) => !(id in table));
    assert.deepEqual(missing, [], `add these to createCommands() in src/commands.ts: ${missing.join(', ')}`);
  });

  it('has no public command package.json does not contribute', () => {
    const extra = Object.entries(table)
      .filter(([id, c]) => !c.internal && !contributed.includes(id))
      .map(([id]) => id);
    assert.deepEqual(extra, [], `contribute these in package.json or mark them internal: ${extra.join(', ')}`);
  });

  it('marks as internal only commands package.json does not contribute', () => {
    const both = Object.entries(table)
      .filter(([id, c]) => c.internal && contributed.includes(id))
      .map(([id]) => id);
    assert.deepEqual(both, []);
  });

  it('each entry names a feature it needs', () => {
    for (const [id, c] of Object.entries(table))
      assert.ok(['posture', 'diagnostics', 'session'].includes(c.needs), `${id} needs ${c.needs}`);
  });

  it('is the only place that registers commands', () => {
    const registering = tsFiles(path.join(root, 'src'))
      .filter((f) => /\bregisterCommand\(/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f).split(path.sep).join('/'));
    assert.deepEqual(registering, ['src/host/registerCommands.ts']);
  });
});
