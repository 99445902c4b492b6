// The README is the Marketplace page: its "## Commands" and "## Settings" tables must list exactly
// what package.json contributes. Reads whatever is there (others add commands and settings), and
// fails with the difference spelled out.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
  };
};

/** Rows of the first table below `## <heading>`: cells with surrounding backticks removed. */
function tableRows(heading: string): string[][] {
  const at = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(at >= 0, `README.md has no "## ${heading}" section`);
  const section = readme.slice(at + 1).split(/\n## /)[0];
  return section
    .split('\n')
    .filter((l) => /^\|.*\|\s*$/.test(l) && !/^\|\s*-/.test(l))
    .slice(1) // header row
    .map((l) =>
      l
        .replace(/^\||\|\s*$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/^`|`$/g, '')),
    );
}

function diff(label: string, readmeSide: Map<string, string>, packageSide: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of packageSide) {
    if (!readmeSide.has(k)) out.push(`${label} ${k} ("${v}") is in package.json but not in the README table`);
    else if (v && readmeSide.get(k) !== v) out.push(`${label} ${k}: README says "${readmeSide.get(k)}", package.json "${v}"`);
  }
  for (const k of readmeSide.keys()) if (!packageSide.has(k)) out.push(`${label} ${k} is in the README table but not in package.json`);
  return out;
}

describe('README tables match package.json contributes', () => {
  it('## Commands lists every command shown in the palette, with its category and title', () => {
    const hidden = new Set((pkg.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const fromPackage = new Map(
      pkg.contributes.commands
        .filter((c) => !hidden.has(c.command))
        .map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]),
    );
    const fromReadme = new Map(tableRows('Commands').map((r) => [r[0], r[1]]));
    const problems = diff('command', fromReadme, fromPackage);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('## Settings lists every codexPosture.* setting', () => {
    const configs = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
    const fromPackage = new Map(configs.flatMap((c) => Object.keys(c.properties)).map((k) => [k, '']));
    const fromReadme = new Map(tableRows('Settings').map((r) => [r[0], '']));
    const problems = diff('setting', fromReadme, fromPackage);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
