// What `status` and `lint`/`check` share on the command line: the terminal, `--cwd`, and
// node:util's parseArgs with its errors said as usage errors (exit 2).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
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

export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs, strict, keeping the order of what was given (`tokens`). Its errors end with advice
 * about `--` that fits no command here: they become short UsageErrors. `unknown` says what an
 * unknown option is called for this command.
 */
export function parseCommandLine<O extends Options>(
  args: string[],
  options: O,
  allowPositionals: boolean,
  unknown: (name: string) => string,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true, tokens: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    const named = /'(-{1,2}[^' ,]*)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(unknown(named));
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError(`unexpected argument '${/'([^']*)'/.exec(message)?.[1] ?? ''}'`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(
        /argument missing/.test(message)
          ? `${named} needs a value`
          : /does not take an argument/.test(message)
            ? `${named} takes no value`
            : message.replace(/\. To specify[\s\S]*$/, ''),
      );
    throw e;
  }
}
