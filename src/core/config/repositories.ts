// How many git repositories a folder holds directly, for trust entries on a folder of projects
// (CP414). Synchronous and bounded: lint runs synchronously (in the CLI and in the extension's
// worker thread), and a trust entry may name a huge folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders looked at, at most; a folder with more entries is judged on the first ones. */
const MAX_ENTRIES = 2000;

/**
 * What Codex counts as a repository root (measured, codex-findings 7.4): a `.git` folder with a
 * `HEAD` in it, or a `.git` file.
 */
function isRepository(dir: string): boolean {
  try {
    const st = fs.statSync(path.join(dir, '.git'));
    return st.isFile() || (st.isDirectory() && fs.existsSync(path.join(dir, '.git', 'HEAD')));
  } catch {
    return false;
  }
}

/** Repositories directly in `dir`; undefined when `dir` is no folder or is a repository itself. */
export function repositoriesIn(dir: string): number | undefined {
  let entries: fs.Dirent[];
  try {
    if (isRepository(dir)) return undefined;
    const d = fs.opendirSync(dir);
    entries = [];
    try {
      for (let e = d.readSync(); e && entries.length < MAX_ENTRIES; e = d.readSync()) entries.push(e);
    } finally {
      d.closeSync();
    }
  } catch {
    return undefined;
  }
  return entries.filter((e) => e.isDirectory() && isRepository(path.join(dir, e.name))).length;
}
