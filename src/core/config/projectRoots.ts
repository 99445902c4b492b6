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
 * The project root: the nearest ancestor holding one of the markers (Codex's default is `.git`).
 * Without one, the working directory is its own project root.
 */
export async function findProjectRoot(cwd: string, markers: readonly string[]): Promise<{ root: string; marked: boolean }> {
  if (markers.length > 0) {
    for (const dir of ancestors(cwd)) {
      for (const m of markers) if (await exists(path.join(dir, m))) return { root: dir, marked: true };
    }
  }
  return { root: cwd, marked: false };
}

export interface GitRoots {
  /** The top of the working tree holding the cwd (where `.git` is). */
  readonly top: string;
  /** The main repository's root: differs from `top` in a linked worktree. Trust is looked up here. */
  readonly main: string;
}

/**
 * The git repository roots. A linked worktree (`.git` is a file pointing into
 * `<main>/.git/worktrees/<name>`) resolves to the main repository for trust, as Codex does.
 */
export async function findGitRoots(cwd: string): Promise<GitRoots | undefined> {
  for (const dir of ancestors(cwd)) {
    const main = await gitRootAt(dir);
    if (main !== undefined) return { top: dir, main };
  }
  return undefined;
}

async function gitRootAt(dir: string): Promise<string | undefined> {
  {
    const dotGit = path.join(dir, '.git');
    let stat;
    try {
      stat = await fs.stat(dotGit);
    } catch {
      return undefined;
    }
    if (stat.isDirectory()) return dir;
    if (stat.isFile()) {
      try {
        const text = (await fs.readFile(dotGit, 'utf8')).slice(0, 4096);
        const m = /^gitdir:\s*(.+)$/m.exec(text);
        if (!m) return dir;
        const gitDir = path.resolve(dir, m[1].trim());
        const common = await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
        if (common === undefined) return dir;
        const commonDir = path.resolve(gitDir, common.trim());
        return path.basename(commonDir) === '.git' ? path.dirname(commonDir) : commonDir;
      } catch {
        return dir;
      }
    }
  }
  return undefined;
}
