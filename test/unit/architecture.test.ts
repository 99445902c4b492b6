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
  // Processes and shells: test/unit/security.static.test.ts (over the AST, not regexes).
});
