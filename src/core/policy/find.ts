// Which policy governs a folder: `.codex-posture.toml` in the folder or an ancestor, up to and
// including the repository root (the nearest ancestor holding `.git`). Outside a repository only
// the folder itself is looked at, so a stray file in /tmp or $HOME never becomes a team's policy.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readConfigFile } from '../config/readConfigFile';
import { parsePolicy } from './parse';
import { POLICY_FILE_NAME, type PolicyLoad } from './types';

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

/** The policy file for `dir`, or undefined when there is none. */
export async function findPolicyFile(dir: string): Promise<string | undefined> {
  const start = path.resolve(dir);
  const candidates: string[] = [];
  let gitRoot: string | undefined;
  for (let d = start; ; d = path.dirname(d)) {
    candidates.push(path.join(d, POLICY_FILE_NAME));
    if (await exists(path.join(d, '.git'))) {
      gitRoot = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  const allowed = gitRoot ? candidates : candidates.slice(0, 1);
  for (const c of allowed) if (await exists(c)) return c;
  return undefined;
}

export interface FoundPolicy extends PolicyLoad {
  readonly file: string;
  /** Set when the file exists but cannot be read (too big, not UTF-8, a directory, ...). */
  readonly readError?: string;
}

/** Finds and reads the policy for `dir`; undefined when no policy file applies. */
export async function loadPolicyFor(dir: string): Promise<FoundPolicy | undefined> {
  const file = await findPolicyFile(dir);
  if (!file) return undefined;
  const read = await readConfigFile(file);
  if (read.kind !== 'text') return { file, problems: [], readError: read.kind === 'missing' ? 'no such file' : read.message };
  return { file, ...parsePolicy(read.text, file) };
}
