// Every test that touches files gets its own world: a temp root with its own HOME and CODEX_HOME,
// so no test reads or writes the real ~/.codex, ~/.config or a user's repositories.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempWorld {
  readonly root: string;
  readonly home: string;
  readonly codexHome: string;
  /** Writes a file below the root; `{{root}}` in the content becomes the root's absolute path. */
  write(rel: string, content: string | Buffer): string;
  mkdir(rel: string): string;
  gitInit(rel: string): string;
  path(rel: string): string;
  /** Environment for child processes: HOME, CODEX_HOME, TMPDIR and XDG dirs inside the world. */
  env(): NodeJS.ProcessEnv;
  dispose(): void;
}

export function makeWorld(prefix = 'cp-'): TempWorld {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  const home = path.join(root, 'home');
  const codexHome = path.join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(path.join(root, 'tmp'), { recursive: true });
  const abs = (rel: string) => path.join(root, rel);
  return {
    root,
    home,
    codexHome,
    path: abs,
    write(rel, content) {
      const file = abs(rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'string' ? content.split('{{root}}').join(root) : content);
      return file;
    },
    mkdir(rel) {
      mkdirSync(abs(rel), { recursive: true });
      return abs(rel);
    },
    gitInit(rel) {
      const dir = abs(rel);
      mkdirSync(dir, { recursive: true });
      execFileSync('git', ['init', '-q', dir], { env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' } });
      return dir;
    },
    env() {
      return {
        PATH: process.env.PATH,
        HOME: home,
        CODEX_HOME: codexHome,
        TMPDIR: abs('tmp'),
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, '.local/share'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        GIT_CONFIG_NOSYSTEM: '1',
      };
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
