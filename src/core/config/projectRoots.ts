// Where a working directory's project and git repository begin, as Codex finds them. These decide
// which `.codex/config.toml` files are considered and which trust entries apply.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Canonical path (symlinks resolved), or the plain resolved path when it does not exist. */
export async function canonical(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    return path.resolve(p);
  }
}

/** Every directory from `dir` up to the filesystem root, nearest first. */
export function ancestors(dir: string): string[] {
  const out: string[] = [];
  let cur = dir;
  for (;;) {
    out.push(cur);
    const parent = path.dirname(cur);
    if (parent === cur) return out;
    cur = parent;
  }
}

/**
 * Whether `dir/.git` is something Codex takes for a repository: a `.git` file (any content), or a
 * `.git` directory with a `HEAD` entry in it. An empty `.git` directory (such as the mount points
 * `codex sandbox` leaves behind in writable roots) is not one, not even as a project root marker.
 */
async function dotGitAt(dir: string): Promise<'file' | 'dir' | undefined> {
  let stat;
  try {
    stat = await fs.stat(path.join(dir, '.git'));
  } catch {
    return undefined;
  }
  if (stat.isFile()) return 'file';
  if (stat.isDirectory() && (await exists(path.join(dir, '.git', 'HEAD')))) return 'dir';
  return undefined;
}

/**
 * The project root: the nearest ancestor holding one of the markers (Codex's default is `.git`,
 * which counts only as dotGitAt allows). Without one, the working directory is its own project root.
 */
export async function findProjectRoot(cwd: string, markers: readonly string[]): Promise<{ root: string; marked: boolean }> {
  if (markers.length > 0) {
    for (const dir of ancestors(cwd)) {
      for (const m of markers) {
        const found = m === '.git' ? (await dotGitAt(dir)) !== undefined : await exists(path.join(dir, m));
        if (found) return { root: dir, marked: true };
      }
    }
  }
  return { root: cwd, marked: false };
}

export interface GitRoots {
  /** The top of the working tree holding the cwd (where `.git` is). */
  readonly top: string;
  /**
   * The main repository's root, where trust is looked up: differs from `top` in a linked worktree,
   * and is unknown for a `.git` file that does not lead to one (a submodule, a broken pointer).
   */
  readonly main?: string;
}

/**
 * The git repository roots. A linked worktree (`.git` is a file pointing into
 * `<main>/.git/worktrees/<name>`) resolves to the main repository for trust, as Codex does. Any
 * other `.git` file still makes a repository, but one without a root Codex can name (measured:
 * trust on its folder does not apply below it, and auto-trust writes the cwd instead).
 */
export async function findGitRoots(cwd: string): Promise<GitRoots | undefined> {
  for (const dir of ancestors(cwd)) {
    const kind = await dotGitAt(dir);
    if (kind === 'dir') return { top: dir, main: dir };
    if (kind === 'file') return { top: dir, main: await worktreeMain(dir) };
  }
  return undefined;
}

/** The main repository of a linked worktree whose `.git` file is in `dir`. */
async function worktreeMain(dir: string): Promise<string | undefined> {
  try {
    const text = (await fs.readFile(path.join(dir, '.git'), 'utf8')).slice(0, 4096);
    const m = /^gitdir:\s*(.+)$/m.exec(text);
    if (!m) return undefined;
    const gitDir = path.resolve(dir, m[1].trim());
    const common = await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
    if (common === undefined) return undefined;
    const commonDir = path.resolve(gitDir, common.trim());
    return path.basename(commonDir) === '.git' ? path.dirname(commonDir) : commonDir;
  } catch {
    return undefined;
  }
}
