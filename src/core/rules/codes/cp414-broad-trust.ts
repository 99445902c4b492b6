import * as os from 'node:os';
import * as path from 'node:path';
import { getPath, isTable } from '../../config/toml';
import { defineRule } from '../rule';

/**
 * CP414: `trust_level = "trusted"` on a folder much wider than one project. Measured with 0.171
 * (`debug prompt-input` for the sandbox, `codex sandbox` for what a command can write):
 * - trust is looked up for the working folder, the folders up to its project root and its git
 *   root, never for the folders above: repositories below a trusted `/`, home or source folder are
 *   NOT trusted by it (read-only, their `.codex/config.toml` not loaded);
 * - a session started in the trusted folder itself runs workspace-write with that whole folder as
 *   its workspace: from `/`, the writable root is `/`; from the home folder, `.bashrc`,
 *   `.ssh/authorized_keys` and every repository's `.git/hooks` and `.codex/config.toml` are
 *   writable (only the folder's own `.git`, `.codex` and `.agents` stay read-only);
 * - a home folder that is itself a git repository (dotfiles) is the git root of every folder below
 *   it that is not a repository of its own: those are all trusted, and their `.codex/config.toml` load.
 */
export default defineRule('CP414', (ctx) => {
  if (ctx.isProject) return; // a project cannot trust anything (CP212)
  const projects = getPath(ctx.effective, ['projects']);
  if (!isTable(projects)) return;
  const home = path.resolve(ctx.opts.home ?? (process.env.HOME || os.homedir()));
  for (const [p, entry] of Object.entries(projects)) {
    if (!isTable(entry) || entry.trust_level !== 'trusted' || !path.isAbsolute(p)) continue;
    const l = ctx.loc(['projects', p, 'trust_level']);
    if (!l) continue;
    const dir = path.resolve(p);
    const what = broadness(dir, home, ctx.opts.repositoriesIn);
    if (!what) continue;
    ctx.report(`Trusting ${what.name} is broad. ${what.meaning}`, ctx.valueSpan(l));
  }
});

const ONLY_HERE =
  'Trust covers only sessions started in that folder itself (repositories below it are not trusted by this entry), but such a session can write';

function broadness(
  dir: string,
  home: string,
  repositoriesIn: ((dir: string) => number | undefined) | undefined,
): { name: string; meaning: string } | undefined {
  if (dir === path.parse(dir).root)
    return { name: 'the root folder `/`', meaning: `${ONLY_HERE} the whole file system (its writable root is \`/\`).` };
  if (dir === home)
    return {
      name: `your home folder (${dir})`,
      meaning: `${ONLY_HERE} everything in your home: shell startup files, ~/.ssh, and every repository's .git/hooks and .codex/config.toml (only ~/.codex stays read-only). If your home is itself a git repository, every folder below it that is not a repository of its own is trusted too, and its .codex/config.toml loads.`,
    };
  if (dir === path.dirname(home))
    return {
      name: `the folder that holds the home folders (${dir})`,
      meaning: `${ONLY_HERE} every home folder in it that the user may write.`,
    };
  const repos = repositoriesIn?.(dir);
  if (repos !== undefined && repos >= 2)
    return {
      name: `${dir} (a folder that holds ${repos} repositories)`,
      meaning: `${ONLY_HERE} every repository below it, their .git/hooks and .codex/config.toml included. Trust each repository on its own instead.`,
    };
  return undefined;
}
