// Regression: a diagnostic's code link (CP003 in the Problems panel) opened the README at its first
// line, because VS Code's editor reads `#L<n>` fragments, not HTML anchors. The link now carries
// the line of the rule's row.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readmeAnchorLines, readmeFragment } from '../../src/core/present/readmeAnchors';
import { RULES, ruleAnchor } from '../../src/core/rules/catalog';

const root = path.resolve(__dirname, '..', '..', '..');

describe('README anchors for code links', () => {
  it('finds each anchor at its 1-based line, the first one winning', () => {
    const lines = readmeAnchorLines('# t\n\n| <a id="cp001"></a>`CP001` |\n| <a id="cp002"></a>x <a id="y"></a> |\n<a id="cp001"></a>\n');
    assert.deepEqual(
      [...lines],
      [
        ['cp001', 3],
        ['cp002', 4],
        ['y', 4],
      ],
    );
  });

  it('uses #L<line> when the anchor is known and the anchor otherwise', () => {
    const lines = new Map([['cp003', 158]]);
    assert.equal(readmeFragment(lines, 'cp003'), 'L158');
    assert.equal(readmeFragment(lines, 'cp999'), 'cp999');
  });

  it('every rule code has its row in the README, at a line that names the code', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const lines = readmeAnchorLines(readme);
    const text = readme.split('\n');
    for (const r of RULES) {
      const line = lines.get(ruleAnchor(r.code));
      assert.ok(line, `README has no anchor for ${r.code}`);
      assert.match(text[line - 1], new RegExp(`\`${r.code}\``), `the line of ${r.code}'s anchor`);
    }
  });
});
