// The worlds the integration tests run in, written fresh for every run by the harness (outside the
// extension host, so no `vscode` import here). test/harness/runs.ts says which run uses which
// builder. Tests find their world again through fixtureInfo() in helpers.ts (a JSON file the harness
// writes, named by env CODEX_POSTURE_TEST_FIXTURE), or through CODEX_HOME, HOME and the workspace.
//
// Kept next to the tests because the tests assert what this config means.

import { execFile } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Fixture {
  /** HOME for code-server and the extension host (so nothing reads the real ~/.codex, ~/.gitconfig). */
  readonly home: string;
  /** CODEX_HOME: `<home>/.codex`, as Codex's default would be for that HOME. */
  readonly codexHome: string;
  /** The folder VS Code opens: a git repository with one commit and a clean tree. */
  readonly workspace: string;
  /** An extra writable root the user config grants. */
  readonly sharedCache: string;
}

/**
 * User config for the activation test: it widens the sandbox to workspace-write with network on,
 * grants one extra writable root and trusts the workspace. Approval and web search stay at their
 * defaults (on-request, cached), so the test also checks that defaults are reported.
 */
export function userConfigToml(f: Pick<Fixture, 'workspace' | 'sharedCache'>): string {
  return [
    '# Written by test/integration/fixture.ts for the integration tests.',
    'sandbox_mode = "workspace-write"',
    '',
    '[sandbox_workspace_write]',
    'network_access = true',
    `writable_roots = [${JSON.stringify(f.sharedCache)}]`,
    '',
    `[projects.${JSON.stringify(f.workspace)}]`,
    'trust_level = "trusted"',
    '',
  ].join('\n');
}

/** Where everything lives below `root`; tests call it with the workspace's parent folder. */
export function fixtureLayout(root: string): Fixture {
  const home = path.join(root, 'home');
  return {
    home,
    codexHome: path.join(home, '.codex'),
    workspace: path.join(root, 'workspace'),
    sharedCache: path.join(root, 'shared-cache'),
  };
}

/**
 * What a run's fixture builder returns; the harness passes `home`/`codexHome` to the host as
 * HOME/CODEX_HOME and writes the whole object (plus the run's name) to the fixture JSON.
 */
export interface RunFixture {
  /** What VS Code opens: a folder, or a `.code-workspace` file for a multi-root workspace. */
  readonly open: string;
  /** The workspace folders, in order, as absolute paths. */
  readonly folders: readonly string[];
  readonly home: string;
  readonly codexHome: string;
  /** Anything else the run's tests need, by name (absolute paths). */
  readonly paths: Readonly<Record<string, string>>;
}

/** The single-folder fixture of the `main` run, in run terms. */
export async function createMainFixture(root: string): Promise<RunFixture> {
  const f = await createFixture(root);
  return { open: f.workspace, folders: [f.workspace], home: f.home, codexHome: f.codexHome, paths: { sharedCache: f.sharedCache } };
}

/**
 * Multi-root: a `.code-workspace` with two folders, `repo` (a git repository with one commit on
 * `main`) and `plain` (not a repository; GIT_CEILING_DIRECTORIES is not needed because the temp
 * root is outside any repository). The user config is empty: Codex defaults everywhere.
 */
export async function createMultiRootFixture(root: string): Promise<RunFixture> {
  const home = path.join(root, 'home');
  const codexHome = path.join(home, '.codex');
  const repo = path.join(root, 'repo');
  const plain = path.join(root, 'plain');
  for (const dir of [codexHome, repo, plain]) await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(path.join(codexHome, 'config.toml'), '# Written by test/integration/fixture.ts: Codex defaults.\n');
  await fsp.writeFile(path.join(repo, 'README.md'), '# repo\n\nA git repository (multi-root fixture).\n');
  await fsp.writeFile(path.join(plain, 'README.md'), '# plain\n\nNot a git repository (multi-root fixture).\n');
  await initGitRepo(repo, home);
  const workspaceFile = path.join(root, 'multi.code-workspace');
  await fsp.writeFile(workspaceFile, JSON.stringify({ folders: [{ path: repo }, { path: plain }], settings: {} }, null, 2) + '\n');
  return { open: workspaceFile, folders: [repo, plain], home, codexHome, paths: { workspaceFile, repo, plain } };
}

/**
 * Restricted Mode: the main fixture's layout (a git repository, a user config that trusts it in
 * Codex's terms), opened by a VS Code whose workspace trust is on and has never trusted it.
 *
 * `paths.recordingBin` holds a `git` and a `codex` that record every start (with the chain of
 * parent pids, so a test can tell the extension host's children from anyone else's) in
 * `paths.processLog`, then behave like git (the real one) or a codex that fails. A short-lived
 * process cannot slip past a file it appends to itself, as it could past /proc sampling. The test
 * puts the folder first on the host's PATH (code-server gives the host the PATH of a login shell,
 * not the harness's).
 */
export async function createRestrictedFixture(root: string): Promise<RunFixture> {
  const main = await createMainFixture(root);
  const bin = path.join(root, 'recording-bin');
  const processLog = path.join(root, 'process-log.tsv');
  await fsp.mkdir(bin);
  const realGit = await findOnPath('git');
  await writeRecordingExecutable(path.join(bin, 'git'), 'git', processLog, `exec ${shellQuote(realGit)} "$@"`);
  await writeRecordingExecutable(path.join(bin, 'codex'), 'codex', processLog, 'echo "recording codex: not a real codex" >&2; exit 1');
  return {
    ...main,
    paths: { ...main.paths, processLog, recordingBin: bin, codexShim: path.join(bin, 'codex') },
  };
}

/** One line per start in `log`: name, TAB, the parent pids from the nearest up, TAB, the arguments. */
export async function writeRecordingExecutable(file: string, name: string, log: string, then: string): Promise<void> {
  await fsp.writeFile(
    file,
    [
      '#!/bin/sh',
      '# Written by test/integration/fixture.ts: records that it was started, then carries on.',
      'chain=""',
      'p=$PPID',
      'while [ -n "$p" ] && [ "$p" -gt 1 ]; do',
      '  chain="$chain $p"',
      // Field 4 of /proc/PID/stat is the parent pid; the command name before it may hold spaces.
      '  p=$(sed -e \'s/^.*) [A-Za-z] \\([0-9]*\\) .*$/\\1/\' "/proc/$p/stat" 2>/dev/null)',
      'done',
      `printf '%s\\t%s\\t%s\\n' ${shellQuote(name)} "$chain" "$*" >> ${shellQuote(log)}`,
      then,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function findOnPath(name: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    try {
      await fsp.access(candidate, fsp.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(`${name} is not on PATH`);
}

/** Creates the fixture below `root` (which must exist and be empty). */
export async function createFixture(root: string): Promise<Fixture> {
  const f = fixtureLayout(root);
  for (const dir of [f.codexHome, f.workspace, f.sharedCache]) await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(path.join(f.codexHome, 'config.toml'), userConfigToml(f));

  await fsp.writeFile(
    path.join(f.workspace, 'README.md'),
    '# Integration fixture\n\nA throwaway repository that Codex Posture inspects during the integration tests.\n',
  );
  await initGitRepo(f.workspace, f.home);
  return f;
}

/**
 * `git init` plus one commit, with a private HOME and no system config so the user's git settings
 * (default branch, hooks, signing) cannot change the result.
 */
export async function initGitRepo(dir: string, home: string): Promise<void> {
  const env = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
  const git = (...args: string[]): Promise<unknown> => run('git', args, { cwd: dir, env });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git(
    '-c',
    'user.name=Integration Test',
    '-c',
    'user.email=test@example.invalid',
    '-c',
    'commit.gpgsign=false',
    'commit',
    '-q',
    '-m',
    'fixture',
  );
}
