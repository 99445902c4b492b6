// The official SARIF validator (`@microsoft/sarif-multitool`, a self-contained .NET program) with
// the SARIF rules and GitHub code scanning's own (`--rule-kind Sarif;Gh`). Called as the native
// binary with an argument array: the package's bin.js joins its arguments into a shell command,
// where the `;` in the rule kinds would end it. `ran` is false where the binary cannot start.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import type { TempWorld } from './sandbox';

function binary(): string | undefined {
  const pkg = {
    linux: '@microsoft/sarif-multitool-linux',
    darwin: '@microsoft/sarif-multitool-darwin',
    win32: '@microsoft/sarif-multitool-win32',
  }[process.platform as string];
  if (!pkg) return undefined;
  try {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    const exe = path.join(dir, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
    return existsSync(exe) ? exe : undefined;
  } catch {
    return undefined;
  }
}

export interface SarifValidation {
  readonly ran: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly output: string;
}

export function validateSarif(file: string, w: TempWorld): Promise<SarifValidation> {
  const exe = binary();
  if (!exe) return Promise.resolve({ ran: false, errors: 0, warnings: 0, output: 'sarif-multitool is not installed for this platform' });
  const log = w.path(`validation-${path.basename(file)}`);
  // The .NET runtime writes its caches below HOME and TMPDIR: the world's, never the real ones.
  const env = { ...w.env(), DOTNET_CLI_HOME: w.home, DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
  return new Promise((resolve) => {
    execFile(exe, ['validate', file, '--rule-kind', 'Sarif;Gh', '--output', log], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      if (!existsSync(log)) {
        resolve({ ran: false, errors: 0, warnings: 0, output: `${err?.message ?? ''}\n${stdout}${stderr}` });
        return;
      }
      const results: Sarif.Result[] = (JSON.parse(readFileSync(log, 'utf8')) as Sarif.Log).runs[0]?.results ?? [];
      resolve({
        ran: true,
        errors: results.filter((r) => r.level === 'error').length,
        warnings: results.filter((r) => r.level === 'warning').length,
        output: stdout + stderr,
      });
    });
  });
}
