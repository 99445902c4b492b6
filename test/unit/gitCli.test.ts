// readGitPostureCli against real git repositories created in a temp world with its own HOME (and
// GIT_CEILING_DIRECTORIES, so git never looks above the world for a repository).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { readGitPostureCli } from '../../src/core/git/gitCli';
import { makeWorld, type TempWorld } from '../support/sandbox';

describe('git posture from the git CLI', function () {
  let w: TempWorld;
  let env: NodeJS.ProcessEnv;
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
  const repo = (rel: string, commit = true): string => {
    const dir = w.mkdir(rel);
    git(dir, 'init', '-q', '-b', 'main');
    if (commit) {
      w.write(`${rel}/a.txt`, 'a\n');
      w.write(`${rel}/b.txt`, 'b\n');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'init');
    }
    return dir;
  };
  const read = (cwd: string, extra = {}) => readGitPostureCli(cwd, { env, ...extra });

  before(() => {
    w = makeWorld('cp-git-');
    env = { ...w.env(), GIT_CEILING_DIRECTORIES: path.dirname(w.root) };
  });
  after(() => w.dispose());

  it('a folder outside any repository is no-repository', async () => {
    const g = await read(w.mkdir('plain'));
    assert.equal(g.kind, 'no-repository');
    assert.equal(g.source, 'git-cli');
  });

  it('a clean repository on main', async () => {
    const dir = repo('clean');
    const g = await read(dir);
    assert.equal(g.kind, 'repository');
    assert.equal(g.root, dir);
    assert.equal(g.branch, 'main');
    assert.equal(g.detached, false);
    assert.match(g.head ?? '', /^[0-9a-f]{40}$/);
    assert.deepEqual([g.staged, g.unstaged, g.untracked, g.conflicts], [0, 0, 0, 0]);
    assert.equal(g.reason, undefined);
  });

  it('a subfolder reports the repository root', async () => {
    const dir = repo('sub');
    const g = await read(w.mkdir('sub/deep/er'));
    assert.equal(g.root, dir);
  });

  it('counts staged, unstaged, untracked and renames', async () => {
    const dir = repo('dirty');
    w.write('dirty/a.txt', 'changed\n'); // unstaged
    git(dir, 'mv', 'b.txt', 'b renamed.txt'); // staged rename
    w.write('dirty/new dir/one.txt', '1'); // untracked, counted per file
    w.write('dirty/new dir/two.txt', '2');
    w.write('dirty/staged.txt', 's');
    git(dir, 'add', 'staged.txt'); // staged add
    const g = await read(dir);
    assert.deepEqual({ s: g.staged, u: g.unstaged, n: g.untracked, c: g.conflicts }, { s: 2, u: 1, n: 2, c: 0 });
  });

  it('an initial commit: branch, no head', async () => {
    const dir = repo('initial', false);
    w.write('initial/x', 'x');
    const g = await read(dir);
    assert.equal(g.kind, 'repository');
    assert.equal(g.branch, 'main');
    assert.equal(g.head, undefined);
    assert.equal(g.untracked, 1);
  });

  it('detached HEAD', async () => {
    const dir = repo('detached');
    git(dir, 'checkout', '-q', '--detach');
    const g = await read(dir);
    assert.equal(g.detached, true);
    assert.equal(g.branch, undefined);
    assert.match(g.head ?? '', /^[0-9a-f]{40}$/);
  });

  it('a branch really named "(detached)" is a branch (regression: git prints the same header)', async () => {
    const dir = repo('paren');
    git(dir, 'checkout', '-q', '-b', '(detached)');
    const g = await read(dir);
    assert.equal(g.detached, false);
    assert.equal(g.branch, '(detached)');
  });

  for (const name of ['feat/überprüfung-日本', 'feat/$(touch${IFS}pwned);`id`&|"\'<>', 'fix/émoji-🚀']) {
    it(`branch name ${JSON.stringify(name)} comes back verbatim and runs nothing`, async () => {
      const dir = repo(`b${name.length}`);
      git(dir, 'checkout', '-q', '-b', name);
      const g = await read(dir);
      assert.equal(g.branch, name);
      assert.equal(existsSync(path.join(dir, 'pwned')), false);
    });
  }

  it('a folder whose name has shell metacharacters', async () => {
    const dir = repo('we$(touch pwned) ird;`x`');
    const g = await read(dir);
    assert.equal(g.root, dir);
    assert.equal(existsSync(path.join(w.root, 'pwned')), false);
  });

  it('merge conflicts', async () => {
    const dir = repo('conflict');
    git(dir, 'checkout', '-q', '-b', 'feature/other');
    w.write('conflict/a.txt', 'theirs\n');
    git(dir, 'commit', '-q', '-am', 'theirs');
    git(dir, 'checkout', '-q', 'main');
    w.write('conflict/a.txt', 'ours\n');
    git(dir, 'commit', '-q', '-am', 'ours');
    assert.throws(() => git(dir, 'merge', '-q', 'feature/other'));
    const g = await read(dir);
    assert.equal(g.conflicts, 1);
  });

  it('output beyond the limit: lower-bound counts and a reason', async () => {
    const dir = repo('big');
    for (let i = 0; i < 50; i++) w.write(`big/untracked-${i}.txt`, '');
    const g = await read(dir, { maxOutputBytes: 400 });
    assert.equal(g.kind, 'repository');
    assert.ok(g.untracked > 0 && g.untracked < 50, String(g.untracked));
    assert.match(g.reason ?? '', /lower bound/);
  });

  it('git not found: unknown with a reason', async () => {
    const g = await read(w.root, { gitPath: path.join(w.root, 'no-such-git') });
    assert.equal(g.kind, 'unknown');
    assert.match(g.reason ?? '', /not found/);
  });

  it('a git that hangs is cut off by the timeout', async () => {
    const slow = w.write('bin/slow-git', '#!/bin/sh\nsleep 5\n');
    chmodSync(slow, 0o755);
    const started = Date.now();
    const g = await read(w.root, { gitPath: slow, timeoutMs: 300 });
    assert.equal(g.kind, 'unknown');
    assert.match(g.reason ?? '', /did not answer/);
    assert.ok(Date.now() - started < 3000);
  });

  it('sets GIT_OPTIONAL_LOCKS=0 and passes arguments as an array', async () => {
    const log = w.path('fake-git.log');
    const fake = w.write(
      'bin/fake-git',
      `#!/bin/sh\necho "$GIT_OPTIONAL_LOCKS|$*" >> '${log}'\nif [ "$1" = rev-parse ]; then echo /r; else printf '# branch.oid (initial)\\0# branch.head main\\0'; fi\n`,
    );
    chmodSync(fake, 0o755);
    const g = await read(w.root, { gitPath: fake });
    assert.equal(g.branch, 'main');
    const lines = execFileSync('cat', [log], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(lines, ['0|rev-parse --show-toplevel', '0|status --porcelain=v2 --branch -z --untracked-files=all']);
  });
});
