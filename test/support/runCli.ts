// Runs the `codex-posture` entry point in-process with captured output, for the CLI tests.
import { main } from '../../src/cli';

export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') }, env);
  return { code, out, err };
}
