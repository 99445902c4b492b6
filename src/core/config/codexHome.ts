import * as os from 'node:os';
import * as path from 'node:path';

/** CODEX_HOME the way Codex finds it: the environment variable, else ~/.codex. */
export function codexHomeFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_HOME ? path.resolve(env.CODEX_HOME) : path.join(env.HOME || os.homedir(), '.codex');
}
