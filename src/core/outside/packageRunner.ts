// Package runners (npx, uvx, pnpm dlx, bunx, pipx run, ...) fetch a package from a registry and run
// it. As an MCP server command that happens at every session start, outside the sandbox, so a
// package named without an exact version runs whatever the registry serves that day.
import * as path from 'node:path';

export interface UnpinnedPackage {
  /** The runner as a person types it: `npx`, `pnpm dlx`, `pipx run`. */
  readonly runner: string;
  /** The package as written, when there is one. */
  readonly spec?: string;
  /** How a pinned form looks for this runner. */
  readonly example: string;
}

type Ecosystem = 'npm' | 'python';

/** The runner at the start of an argv, and where its own arguments begin. */
function runnerOf(argv: readonly string[]): { runner: string; rest: readonly string[]; eco: Ecosystem } | undefined {
  const exe = path.basename(argv[0] ?? '').replace(/\.(cmd|exe)$/i, '');
  const sub = argv[1];
  if (exe === 'npx' || exe === 'bunx') return { runner: exe, rest: argv.slice(1), eco: 'npm' };
  if (exe === 'uvx') return { runner: exe, rest: argv.slice(1), eco: 'python' };
  if ((exe === 'pnpm' || exe === 'yarn') && sub === 'dlx') return { runner: `${exe} dlx`, rest: argv.slice(2), eco: 'npm' };
  if (exe === 'pnpx') return { runner: exe, rest: argv.slice(1), eco: 'npm' };
  if (exe === 'bun' && sub === 'x') return { runner: 'bun x', rest: argv.slice(2), eco: 'npm' };
  if (exe === 'npm' && (sub === 'exec' || sub === 'x')) return { runner: `npm ${sub}`, rest: argv.slice(2), eco: 'npm' };
  if (exe === 'pipx' && sub === 'run') return { runner: 'pipx run', rest: argv.slice(2), eco: 'python' };
  if (exe === 'uv' && sub === 'tool' && argv[2] === 'run') return { runner: 'uv tool run', rest: argv.slice(3), eco: 'python' };
  return undefined;
}

/** Options whose next argument is the package (`npx -p pkg cmd`, `uvx --from pkg cmd`). */
const PACKAGE_OPTIONS = new Set(['-p', '--package', '--from', '--spec']);
/** Options that take a value that is not the package. */
const VALUED_OPTIONS = new Set([
  '--python',
  '--with',
  '--index',
  '--index-url',
  '--registry',
  '--cache',
  '-c',
  '--call',
  '--userconfig',
  '--pip-args',
]);

function packageSpec(rest: readonly string[]): string | undefined {
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') return rest[i + 1];
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && PACKAGE_OPTIONS.has(a.slice(0, eq))) return a.slice(eq + 1);
    if (PACKAGE_OPTIONS.has(a)) return rest[i + 1];
    // `--token X`: the value of a credential option is never the package (nor shown as one).
    if (VALUED_OPTIONS.has(a) || /^--?[A-Za-z0-9-]*(token|key|secret|passw(or)?d|auth)[A-Za-z0-9-]*$/i.test(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return undefined;
}

/** `name@1.2.3`, `@scope/name@1.2.3` (not a tag such as `latest`, not a range). */
function npmPinned(spec: string): boolean {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return /^(file:|git\+|https?:|\.{0,2}\/)/.test(spec);
  const version = spec.slice(at + 1);
  return /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version);
}

/** `name==1.2.3` or `name@1.2.3` (uvx), or a local path / URL. */
function pythonPinned(spec: string): boolean {
  return /^[A-Za-z0-9_.[\],-]+(==|@)\d[\w.!+-]*$/.test(spec) || /^(\.{0,2}\/|git\+|https?:|file:)/.test(spec);
}

/** The package runner an MCP server command uses without an exact version, if any. */
export function unpinnedPackage(command: string, args: readonly string[]): UnpinnedPackage | undefined {
  const r = runnerOf([command, ...args]);
  if (!r) return undefined;
  const spec = packageSpec(r.rest);
  const example =
    r.eco === 'npm'
      ? `${r.runner} -y some-package@1.2.3`
      : r.runner.startsWith('pipx')
        ? `${r.runner} --spec some-package==1.2.3 some-package`
        : `${r.runner} some-package==1.2.3`;
  if (spec === undefined) return { runner: r.runner, example };
  const pinned = r.eco === 'npm' ? npmPinned(spec) : pythonPinned(spec);
  return pinned ? undefined : { runner: r.runner, spec, example };
}

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
