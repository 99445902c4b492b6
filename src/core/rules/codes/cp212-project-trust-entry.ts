import * as path from 'node:path';
import { getPath, isTable } from '../../config/toml';
import { defineRule } from '../rule';

/** True when `p` is `dir` or a folder below it. */
export function isWithin(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * CP212: a trust entry `[projects."<path>"]` in a project's own `.codex/config.toml`. Measured with
 * 0.171: trust comes from the user config (or the `--profile` file) only. A project that marks
 * itself `trusted` stays untrusted (its file is not loaded); in a trusted project an entry naming a
 * folder elsewhere is never read (the file is read only for sessions inside the project); the one
 * entry that does something is `untrusted` for the project or a folder in it: the file still loads,
 * but sessions there get the default approval `untrusted` (ask before anything not known safe).
 */
export default defineRule('CP212', (ctx) => {
  if (!ctx.isProject) return;
  const projects = getPath(ctx.effective, ['projects']);
  if (!isTable(projects)) return;
  // `<project>/.codex/config.toml`: the project is two folders up.
  const project = ctx.opts.file ? path.dirname(path.dirname(ctx.opts.file)) : undefined;
  for (const [p, entry] of Object.entries(projects)) {
    if (!isTable(entry)) continue;
    const level = entry.trust_level;
    const l = ctx.loc(['projects', p, 'trust_level']) ?? ctx.loc(['projects', p]);
    if (!l || (level !== 'trusted' && level !== 'untrusted')) continue;
    const inside = project !== undefined && path.isAbsolute(p) && isWithin(path.resolve(p), project);
    const entryLoc = ctx.loc(['projects', p]);
    const remove =
      entryLoc && (entryLoc.isHeader || entryLoc.value)
        ? [{ title: 'Remove this trust entry', preferred: true, edits: [ctx.removeEdit(entryLoc)] }]
        : [];
    if (level === 'untrusted' && inside) {
      ctx.report(
        `A project cannot untrust itself from its own config: this file still loads (your user config trusts the project). The entry only makes Codex's default approval \`untrusted\` for sessions in ${p} (asking before any command not known to be safe) when no layer sets approval_policy.`,
        ctx.valueSpan(l),
        { severity: 'information' },
      );
    } else if (level === 'trusted') {
      ctx.report(
        `This trust entry has no effect: Codex takes trust only from your user config (or the --profile file), never from a project's .codex/config.toml. A project cannot trust itself or any other folder.`,
        ctx.valueSpan(l),
        { fixes: remove },
      );
    } else {
      ctx.report(
        `This trust entry has no effect: Codex reads this file only for sessions inside ${project ?? 'this project'}, and ${p} is not in it.`,
        ctx.valueSpan(l),
        { fixes: remove },
      );
    }
  }
});
