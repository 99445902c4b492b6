// The branch policy: which warnings a git posture gives, in which order, in which words.
import * as assert from 'node:assert/strict';
import { gitPostureFromApiState } from '../../src/core/git/gitApiState';
import { compileFeatureBranchPattern, describeChanges, evaluateGitPosture } from '../../src/core/git/policy';
import { DEFAULT_FEATURE_BRANCH_PATTERN, DEFAULT_GIT_POLICY, emptyGitPosture, type GitPosture } from '../../src/core/git/types';

const repo = (over: Partial<GitPosture>): GitPosture => ({
  ...emptyGitPosture('repository', 'git-cli'),
  root: '/r',
  branch: 'feature/x',
  head: 'a'.repeat(40),
  ...over,
});
const codes = (g: GitPosture, policy = DEFAULT_GIT_POLICY): string[] => evaluateGitPosture(g, policy).map((w) => w.code);

describe('git policy', () => {
  const tt: { name: string; g: GitPosture; want: string[] }[] = [
    { name: 'clean feature branch: no warning', g: repo({}), want: [] },
    { name: 'codex/ branches are feature branches by default', g: repo({ branch: 'codex/fix-login' }), want: [] },
    { name: 'main is protected', g: repo({ branch: 'main' }), want: ['protected-branch'] },
    { name: 'release/* is protected', g: repo({ branch: 'release/2.1' }), want: ['protected-branch'] },
    { name: 'a branch outside the pattern', g: repo({ branch: 'wip' }), want: ['not-feature-branch'] },
    { name: 'detached HEAD skips branch checks', g: repo({ branch: undefined, detached: true }), want: ['detached-head'] },
    {
      name: 'dirty protected branch: branch first, then dirt',
      g: repo({ branch: 'master', unstaged: 1 }),
      want: ['protected-branch', 'dirty'],
    },
    { name: 'only untracked files are dirty too', g: repo({ untracked: 3 }), want: ['dirty'] },
    { name: 'conflicts are dirty', g: repo({ conflicts: 1 }), want: ['dirty'] },
    { name: 'no repository', g: emptyGitPosture('no-repository', 'git-cli'), want: ['no-repository'] },
    { name: 'unknown: nothing to say', g: emptyGitPosture('unknown', 'none', 'Restricted Mode'), want: [] },
    { name: 'initial commit on main', g: repo({ branch: 'main', head: undefined, untracked: 1 }), want: ['protected-branch', 'dirty'] },
  ];
  for (const t of tt) it(t.name, () => assert.deepEqual(codes(t.g), t.want));

  it('messages say the counts in words', () => {
    const [w] = evaluateGitPosture(repo({ staged: 2, unstaged: 1, untracked: 3, conflicts: 1 }), DEFAULT_GIT_POLICY);
    assert.equal(w.code, 'dirty');
    assert.match(w.message, /2 staged, 1 unstaged, 3 untracked files, 1 conflict\b/);
  });
  it('a single file is singular', () => {
    assert.equal(describeChanges({ staged: 0, unstaged: 0, untracked: 1, conflicts: 0 }), '1 untracked file');
    assert.equal(describeChanges({ staged: 0, unstaged: 0, untracked: 0, conflicts: 0 }), '');
  });
  it('the protected message names the branch and the glob it matched', () => {
    const [w] = evaluateGitPosture(repo({ branch: 'release/9' }), DEFAULT_GIT_POLICY);
    assert.equal(w.message, 'On protected branch "release/9" (matches "release/*"): start a feature branch before an agent session.');
  });
  it('the detached message names the commit', () => {
    const [w] = evaluateGitPosture(repo({ branch: undefined, detached: true, head: '0123456789abcdef0123' }), DEFAULT_GIT_POLICY);
    assert.match(w.message, /detached at 0123456789ab:/);
  });
  it('an empty pattern turns the feature-branch check off', () => {
    assert.deepEqual(codes(repo({ branch: 'wip' }), { protectedBranches: [], featureBranchPattern: '' }), []);
  });
  it('an invalid pattern is reported by compileFeatureBranchPattern and skipped by the policy', () => {
    assert.ok(compileFeatureBranchPattern('(') instanceof Error);
    assert.deepEqual(codes(repo({ branch: 'wip' }), { protectedBranches: [], featureBranchPattern: '(' }), []);
  });
  it('an empty protected list protects nothing', () => {
    assert.deepEqual(codes(repo({ branch: 'main' }), { protectedBranches: [], featureBranchPattern: '' }), []);
  });
  it('the default pattern accepts common prefixes and rejects others', () => {
    const re = new RegExp(DEFAULT_FEATURE_BRANCH_PATTERN, 'u');
    for (const b of ['feature/a', 'feat/a', 'fix/a', 'bugfix/a', 'hotfix/a', 'chore/a', 'docs/a', 'refactor/a', 'test/a', 'codex/a'])
      assert.ok(re.test(b), b);
    for (const b of ['main', 'feature', 'feature/', 'my-feature/a', 'wip/a', 'features/a']) assert.ok(!re.test(b), b);
  });
});

describe('git posture from the git extension state', () => {
  const c = (status: number) => ({ status });
  const base = { mergeChanges: [], indexChanges: [], workingTreeChanges: [], untrackedChanges: [] };
  it('counts like git status: untracked mixed into the work tree, ignored skipped, conflicts from merge', () => {
    const g = gitPostureFromApiState('/r', {
      HEAD: { type: 0, name: 'main', commit: 'abc' },
      indexChanges: [c(0), c(3)],
      workingTreeChanges: [c(5), c(7), c(7), c(8), c(9)],
      untrackedChanges: [c(7)],
      mergeChanges: [c(18)],
    });
    assert.deepEqual(g, {
      kind: 'repository',
      root: '/r',
      branch: 'main',
      detached: false,
      head: 'abc',
      staged: 2,
      unstaged: 2,
      untracked: 3,
      conflicts: 1,
      source: 'vscode-git',
    });
  });
  it('detached: no name, a commit', () => {
    const g = gitPostureFromApiState('/r', { ...base, HEAD: { type: 0, commit: 'abc' } });
    assert.equal(g.detached, true);
    assert.equal(g.branch, undefined);
  });
  it('a tag checked out is detached', () => {
    assert.equal(gitPostureFromApiState('/r', { ...base, HEAD: { type: 2, name: 'v1', commit: 'abc' } }).detached, true);
  });
  it('initial commit: branch, no head, not detached', () => {
    const g = gitPostureFromApiState('/r', { ...base, HEAD: { type: 0, name: 'main' } });
    assert.deepEqual([g.branch, g.head, g.detached], ['main', undefined, false]);
  });
});
