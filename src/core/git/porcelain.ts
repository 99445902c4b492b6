// Parser for `git status --porcelain=v2 --branch -z` (git 2.11+), the machine format whose layout
// git promises to keep. Reference: git-status(1), "Porcelain Format Version 2".
//
// With -z every record ends in NUL and paths are never quoted, so paths and branch names may hold
// spaces, newlines, quotes or shell metacharacters verbatim. A rename/copy record ("2 ...") is
// followed by one extra NUL-terminated field: the original path.

export interface PorcelainStatus {
  /** `# branch.head`: the branch name, undefined when detached. */
  readonly branch?: string;
  readonly detached: boolean;
  /** `# branch.oid`: commit id, undefined for `(initial)` (no commit yet). */
  readonly head?: string;
  readonly initial: boolean;
  readonly upstream?: string;
  readonly ahead?: number;
  readonly behind?: number;
  readonly staged: number;
  readonly unstaged: number;
  readonly untracked: number;
  readonly conflicts: number;
  readonly ignored: number;
  /** Records we did not understand (a newer git); counted so a caller can say so. */
  readonly unknownRecords: number;
}

/**
 * Parses the whole output. A trailing partial record (output cut at a size limit) is dropped, so
 * counts are then a lower bound; the caller knows whether it cut the output.
 */
export function parsePorcelainV2(output: string): PorcelainStatus {
  const fields = output.split('\0');
  // Everything after the last NUL is incomplete (or the empty string after the final NUL).
  fields.pop();

  let branch: string | undefined;
  let detached = false;
  let head: string | undefined;
  let initial = false;
  let upstream: string | undefined;
  let ahead: number | undefined;
  let behind: number | undefined;
  let staged = 0;
  let unstaged = 0;
  let untracked = 0;
  let conflicts = 0;
  let ignored = 0;
  let unknownRecords = 0;

  const countXY = (xy: string): void => {
    // `.` means unchanged in that column.
    if (xy[0] !== undefined && xy[0] !== '.') staged++;
    if (xy[1] !== undefined && xy[1] !== '.') unstaged++;
  };

  for (let i = 0; i < fields.length; i++) {
    const rec = fields[i];
    if (rec === '') continue;
    if (rec.startsWith('# ')) {
      const space = rec.indexOf(' ', 2);
      const key = space < 0 ? rec.slice(2) : rec.slice(2, space);
      const value = space < 0 ? '' : rec.slice(space + 1);
      switch (key) {
        case 'branch.oid':
          if (value === '(initial)') initial = true;
          else head = value;
          break;
        case 'branch.head':
          // Git prints this literal for a detached HEAD, and also for a branch that is really
          // named "(detached)" (a valid name); gitCli.ts asks `git symbolic-ref` in that case.
          if (value === '(detached)') detached = true;
          else branch = value;
          break;
        case 'branch.upstream':
          upstream = value;
          break;
        case 'branch.ab': {
          const m = /^\+(\d+) -(\d+)$/.exec(value);
          if (m) {
            ahead = Number(m[1]);
            behind = Number(m[2]);
          }
          break;
        }
        default:
          // `# stash N` and future headers.
          break;
      }
      continue;
    }
    switch (rec[0]) {
      case '1': // 1 XY sub mH mI mW hH hI path
        countXY(rec.slice(2, 4));
        break;
      case '2': // 2 XY sub mH mI mW hH hI Xscore path, then NUL origPath
        countXY(rec.slice(2, 4));
        i++; // skip the original path
        break;
      case 'u': // u XY sub m1 m2 m3 mW h1 h2 h3 path
        conflicts++;
        break;
      case '?':
        untracked++;
        break;
      case '!':
        ignored++;
        break;
      default:
        unknownRecords++;
    }
  }
  return {
    ...(branch !== undefined ? { branch } : {}),
    detached,
    ...(head !== undefined ? { head } : {}),
    initial,
    ...(upstream !== undefined ? { upstream } : {}),
    ...(ahead !== undefined ? { ahead, behind } : {}),
    staged,
    unstaged,
    untracked,
    conflicts,
    ignored,
    unknownRecords,
  };
}
