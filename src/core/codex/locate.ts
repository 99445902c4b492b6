// Finds a `codex` executable without running anything: a machine-scoped path, else PATH.
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';

async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * PATH with its relative and empty entries removed. Node's execFile searches PATH like execvp, and
 * an empty or relative entry (a trailing `:`, or `.`) resolves against the child's cwd: the
 * workspace. Passing this PATH to a child started by bare name (`git`) keeps a `git` file in the
 * workspace from being what runs.
 */
export function absolutePathEntries(envPath: string | undefined): string {
  return (envPath ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && path.isAbsolute(dir))
    .join(path.delimiter);
}

export async function locateCodex(configured: string | undefined, envPath: string | undefined): Promise<string | undefined> {
  if (configured) return (await isExecutable(configured)) ? path.resolve(configured) : undefined;
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    // An empty or relative PATH entry would resolve against the workspace: never trust it.
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'codex.exe' : 'codex');
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}
