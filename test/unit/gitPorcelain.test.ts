// Table-driven tests for the `git status --porcelain=v2 --branch -z` parser, over raw output
// strings (NUL-separated as git prints them), and for the branch glob matcher.
import * as assert from 'node:assert/strict';
import { parsePorcelainV2, type PorcelainStatus } from '../../src/core/git/porcelain';
import { branchGlobToRegExp, matchesBranchGlob } from '../../src/core/git/glob';

const OID = '1f2e3d4c5b6a79880123456789abcdef01234567';
const H = '0123456789abcdef0123456789abcdef01234567';
/** Joins records the way -z prints them: each one ends in NUL. */
const z = (...records: string[]): string => records.map((r) => r + '\0').join('');
const head = (branch: string, oid = OID): string[] => [`# branch.oid ${oid}`, `# branch.head ${branch}`];

describe('git status porcelain v2 parser', () => {
  const tt: { name: string; raw: string; want: Partial<PorcelainStatus> }[] = [
    {
      name: 'empty output (not expected from git, but harmless)',
      raw: '',
      want: { staged: 0, unstaged: 0, untracked: 0, detached: false, initial: false },
    },
    {
      name: 'clean tree on main',
      raw: z(...head('main')),
      want: { branch: 'main', head: OID, detached: false, staged: 0, unstaged: 0, untracked: 0, conflicts: 0 },
    },
    {
      name: 'upstream and ahead/behind',
      raw: z(...head('feature/x'), '# branch.upstream origin/feature/x', '# branch.ab +3 -1'),
      want: { branch: 'feature/x', upstream: 'origin/feature/x', ahead: 3, behind: 1 },
    },
    {
      name: 'initial commit (no commit yet)',
      raw: z('# branch.oid (initial)', '# branch.head main', `? README.md`),
      want: { branch: 'main', initial: true, head: undefined, untracked: 1 },
    },
    { name: 'detached HEAD', raw: z(...head('(detached)')), want: { branch: undefined, detached: true, head: OID } },
    {
      name: 'staged, unstaged and both',
      raw: z(
        ...head('main'),
        `1 M. N... 100644 100644 100644 ${H} ${H} staged.txt`,
        `1 .M N... 100644 100644 100644 ${H} ${H} unstaged.txt`,
        `1 MM N... 100644 100644 100644 ${H} ${H} both.txt`,
        `1 A. N... 000000 100644 100644 ${'0'.repeat(40)} ${H} added.txt`,
        `1 .D N... 100644 100644 000000 ${H} ${H} deleted.txt`,
      ),
      want: { staged: 3, unstaged: 3, untracked: 0 },
    },
    {
      name: 'rename: the original path is its own NUL field and is not a record',
      raw: z(...head('main'), `2 R. N... 100644 100644 100644 ${H} ${H} R100 new name.txt`, 'old name.txt', '? after.txt'),
      want: { staged: 1, unstaged: 0, untracked: 1 },
    },
    {
      name: 'rename whose original path looks like a record',
      raw: z(...head('main'), `2 RM N... 100644 100644 100644 ${H} ${H} R87 b`, `1 M. N... 100644 100644 100644 ${H} ${H} a`),
      want: { staged: 1, unstaged: 1 },
    },
    { name: 'copy', raw: z(...head('main'), `2 C. N... 100644 100644 100644 ${H} ${H} C100 copy.txt`, 'orig.txt'), want: { staged: 1 } },
    {
      name: 'conflicts (merge in progress)',
      raw: z(
        ...head('main'),
        `u UU N... 100644 100644 100644 100644 ${H} ${H} ${H} both modified.txt`,
        `u AA N... 000000 100644 100644 100644 ${'0'.repeat(40)} ${H} ${H} both added.txt`,
        `1 M. N... 100644 100644 100644 ${H} ${H} merged cleanly.txt`,
      ),
      want: { conflicts: 2, staged: 1, unstaged: 0 },
    },
    {
      name: 'intent to add counts as unstaged',
      raw: z(...head('main'), `1 .A N... 000000 000000 100644 ${'0'.repeat(40)} ${'0'.repeat(40)} ita.txt`),
      want: { staged: 0, unstaged: 1 },
    },
    {
      name: 'submodule with new commits',
      raw: z(...head('main'), `1 .M SC.. 160000 160000 160000 ${H} ${H} vendor/lib`),
      want: { unstaged: 1 },
    },
    { name: 'untracked and ignored', raw: z(...head('main'), '? a', '? dir/b', '! node_modules/x'), want: { untracked: 2, ignored: 1 } },
    {
      name: 'paths with spaces, newlines, quotes and NUL-adjacent oddities are opaque',
      raw: z(...head('main'), `1 .M N... 100644 100644 100644 ${H} ${H} line\nbreak "q" $(rm -rf ~).txt`, '? tab\there'),
      want: { unstaged: 1, untracked: 1 },
    },
    // Git refuses spaces in branch names (check-ref-format), but the parser keeps the whole rest.
    { name: 'branch name with spaces is kept whole', raw: z(...head('feature/with space')), want: { branch: 'feature/with space' } },
    { name: 'branch name with unicode', raw: z(...head('feat/überprüfung-日本')), want: { branch: 'feat/überprüfung-日本' } },
    { name: 'branch name with shell metacharacters', raw: z(...head('feat/$(x);`y`&|"\'<>*')), want: { branch: 'feat/$(x);`y`&|"\'<>*' } },
    {
      name: 'stash header and unknown future headers are ignored',
      raw: z(...head('main'), '# stash 2', '# branch.future x y'),
      want: { branch: 'main', unknownRecords: 0 },
    },
    { name: 'unknown record kinds are counted, not fatal', raw: z(...head('main'), 'x something new'), want: { unknownRecords: 1 } },
    {
      name: 'output cut mid-record (size limit): the partial record is dropped',
      raw: z(...head('main'), '? a') + `1 .M N... 100644 100644 1006`,
      want: { untracked: 1, unstaged: 0 },
    },
  ];
  for (const t of tt) {
    it(t.name, () => {
      const got = parsePorcelainV2(t.raw) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(t.want)) assert.deepEqual(got[k], v, k);
    });
  }
});

describe('branch globs', () => {
  const tt: { glob: string; yes: string[]; no: string[] }[] = [
    { glob: 'main', yes: ['main'], no: ['main2', 'xmain', 'feature/main', 'Main'] },
    { glob: 'release/*', yes: ['release/1.0', 'release/x'], no: ['release', 'release/1/hotfix', 'prerelease/1'] },
    { glob: 'release/**', yes: ['release/1.0', 'release/1/hotfix'], no: ['release'] },
    { glob: 'hotfix/**/rc', yes: ['hotfix/rc', 'hotfix/a/b/rc'], no: ['hotfix/rcx'] },
    { glob: 'v?', yes: ['v1', 'vx'], no: ['v', 'v10', 'v/'] },
    { glob: '*', yes: ['anything'], no: ['a/b'] },
    // Regex and character-class syntax is literal.
    { glob: 'rel.ease+[1]', yes: ['rel.ease+[1]'], no: ['relxease+1', 'releasee1'] },
    { glob: 'feat/$(x)', yes: ['feat/$(x)'], no: ['feat/x'] },
    { glob: 'ü*', yes: ['über'], no: ['uber'] },
  ];
  for (const t of tt) {
    it(`${t.glob} matches ${t.yes.join(', ')} and not ${t.no.join(', ')}`, () => {
      for (const b of t.yes) assert.equal(matchesBranchGlob(b, t.glob), true, b);
      for (const b of t.no) assert.equal(matchesBranchGlob(b, t.glob), false, b);
    });
  }
  it('compiles each glob once', () => {
    assert.equal(branchGlobToRegExp('release/*'), branchGlobToRegExp('release/*'));
  });
});
