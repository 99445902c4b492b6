// What `status` and `lint`/`check` share on the command line.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../core/config/launchArgs';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** The absolute path of a `--cwd` value, or a usage error when it is not a directory. */
export async function directoryArg(raw: string): Promise<string> {
  const dir = path.resolve(raw);
  if (!(await fs.stat(dir).catch(() => undefined))?.isDirectory()) throw new UsageError(`--cwd ${dir} is not a directory`);
  return dir;
}
