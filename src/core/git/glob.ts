// Branch globs for the protected-branch list: `release/*`, `hotfix/**`, `v?.x`. Git's own ref
// patterns (`git branch --list`) use fnmatch; this is the subset a settings list needs, without
// character classes, so a `[` in a setting means itself.

const cache = new Map<string, RegExp>();

/**
 * `*` matches any run of characters except `/`, `**` any run including `/`, `?` one character
 * except `/`; everything else is literal. The whole branch name must match.
 */
export function branchGlobToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // `**/` also matches zero segments, so `release/**/rc` matches `release/rc`.
        if (glob[i + 1] === '/') {
          i++;
          src += '(?:.*/)?';
        } else {
          src += '.*';
        }
      } else {
        src += '[^/]*';
      }
    } else if (c === '?') {
      src += '[^/]';
    } else {
      src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  re = new RegExp(`^${src}$`, 'u');
  cache.set(glob, re);
  return re;
}

export function matchesBranchGlob(branch: string, glob: string): boolean {
  return branchGlobToRegExp(glob.trim()).test(branch);
}

/** The first glob in `globs` that `branch` matches, for messages that say why. */
export function firstMatchingGlob(branch: string, globs: readonly string[]): string | undefined {
  return globs.find((g) => g.trim() !== '' && matchesBranchGlob(branch, g));
}
