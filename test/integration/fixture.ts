// The world the integration tests run in, written fresh for every run by the harness (outside the
// extension host, so no `vscode` import here). Tests find it again through the environment:
// CODEX_HOME, HOME and the opened workspace folder.
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
  await git('-c', 'user.name=Integration Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'fixture');
}
