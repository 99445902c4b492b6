import * as os from 'node:os';
import * as path from 'node:path';

/** CODEX_HOME the way Codex finds it: the environment variable, else ~/.codex. */
export function codexHomeFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_HOME ? path.resolve(env.CODEX_HOME) : path.join(env.HOME || os.homedir(), '.codex');
}

/**
 * CODEX_HOME for the posture engine, with whether it is the default: a missing ~/.codex is a
 * first run to Codex (it starts and creates it), a missing folder that CODEX_HOME names is fatal.
 */
export function codexHomeOptions(env: NodeJS.ProcessEnv = process.env): { codexHome: string; codexHomeIsDefault: boolean } {
  return { codexHome: codexHomeFrom(env), codexHomeIsDefault: !env.CODEX_HOME };
}
