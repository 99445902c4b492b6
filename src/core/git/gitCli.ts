// Git posture from the `git` executable, for trusted workspaces when VS Code's git extension is not
// available (disabled, still starting, or hiding untracked files). Never a shell: execFile with an
// argument array, a timeout, a bounded output and GIT_OPTIONAL_LOCKS=0 (a status must not take
// the index lock a user's own git command is about to need).
//
// Callers must only use this in a trusted workspace: running git in a repository runs its config
// (core.fsmonitor, hooks for some commands, ...).

import { execFile } from 'node:child_process';
import { absolutePathEntries } from '../codex/locate';
import { parsePorcelainV2 } from './porcelain';
import { emptyGitPosture, type GitPosture } from './types';

export interface GitCliOptions {
  /** The git executable: a machine-scoped setting or `git` from PATH. */
  readonly gitPath?: string;
  /** Per command; default 10 s. */
  readonly timeoutMs?: number;
  /** Bytes of stdout kept from `git status`; default 4 MiB. Beyond it counts are a lower bound. */
  readonly maxOutputBytes?: number;
  /** Base environment (default process.env); GIT_OPTIONAL_LOCKS etc. are added to it. */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

interface ExecResult {
  readonly code: number | string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout was cut at maxBuffer. */
  readonly truncated: boolean;
  readonly timedOut: boolean;
}

function runGit(args: readonly string[], cwd: string, opts: GitCliOptions, maxBuffer: number): Promise<ExecResult> {
  const base = opts.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...base,
    // `git` is looked up on PATH: only its absolute entries, never the repository (cwd).
    PATH: absolutePathEntries(base.PATH),
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    // Error messages we recognise ("not a git repository") are only stable untranslated.
    LC_ALL: 'C',
  };
  return new Promise((resolve) => {
    execFile(
      opts.gitPath ?? 'git',
      args,
      { cwd, env, timeout: opts.timeoutMs ?? 10_000, maxBuffer, encoding: 'utf8', windowsHide: true, signal: opts.signal },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' || typeof e.code === 'string' ? e.code : 1) : 0,
          stdout: String(stdout ?? ''),
          stderr: String(stderr ?? ''),
          truncated: e?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
          timedOut: !!e?.killed && e.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' && e.name !== 'AbortError',
        });
      },
    );
  });
}

const unknown = (reason: string): GitPosture => emptyGitPosture('unknown', 'git-cli', reason);

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')[0]
      ?.replace(/^fatal: /, '') ?? ''
  );
}

/** `git status` for `cwd`; never throws. */
export async function readGitPostureCli(cwd: string, opts: GitCliOptions = {}): Promise<GitPosture> {
  const rev = await runGit(['rev-parse', '--show-toplevel'], cwd, opts, 64 * 1024);
  if (rev.code === 'ENOENT') return unknown(`git was not found (${opts.gitPath ?? 'git'} on PATH)`);
  if (rev.code === 'ABORT_ERR') return unknown('cancelled');
  if (rev.timedOut) return unknown(`git rev-parse did not answer within ${(opts.timeoutMs ?? 10_000) / 1000} s`);
  if (rev.code !== 0) {
    if (/not a git repository/i.test(rev.stderr)) return emptyGitPosture('no-repository', 'git-cli');
    // dubious ownership (safe.directory), bare repository, inside .git, broken repository, ...
    return unknown(`git rev-parse failed: ${firstLine(rev.stderr) || `exit ${rev.code}`}`);
  }
  const root = rev.stdout.replace(/\n$/, '');

  const maxBuffer = opts.maxOutputBytes ?? 4 * 1024 * 1024;
  // -uall: untracked files one by one, as VS Code's git view counts them (git extension does the same).
  const st = await runGit(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], cwd, opts, maxBuffer);
  if (st.code === 'ABORT_ERR') return unknown('cancelled');
  if (st.timedOut) return unknown(`git status did not answer within ${(opts.timeoutMs ?? 10_000) / 1000} s`);
  if (st.code !== 0 && !st.truncated) return unknown(`git status failed: ${firstLine(st.stderr) || `exit ${st.code}`}`);

  const parsed = parsePorcelainV2(st.stdout);
  let { branch, detached } = parsed;
  if (detached) {
    // "(detached)" is also what git prints for a branch really named so; ask which it is.
    const sym = await runGit(['symbolic-ref', '-q', '--short', 'HEAD'], cwd, opts, 64 * 1024);
    if (sym.code === 0 && sym.stdout.trim() !== '') {
      branch = sym.stdout.replace(/\n$/, '');
      detached = false;
    }
  }
  return {
    kind: 'repository',
    root,
    ...(branch !== undefined ? { branch } : {}),
    detached,
    ...(parsed.head !== undefined ? { head: parsed.head } : {}),
    staged: parsed.staged,
    unstaged: parsed.unstaged,
    untracked: parsed.untracked,
    conflicts: parsed.conflicts,
    source: 'git-cli',
    ...(st.truncated ? { reason: `git status printed more than ${maxBuffer} bytes; the counts are a lower bound` } : {}),
  };
}
