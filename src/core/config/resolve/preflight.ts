// Preflight: the session's folders, and what Codex refuses before it reads any config file.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTomlFile, SYSTEM_CONFIG_DIR } from '../layers';
import { canonical } from '../projectRoots';
import { NO_LAUNCH_ARGS, type LoadError } from '../types';
import { FEATURE_FLAGS } from '../../schema';
import type { ResolveContext, ResolveOptions } from './context';

/** Profile names are plain words: no path separators, no dots. */
const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

export async function createContext(opts: ResolveOptions): Promise<ResolveContext> {
  const launch = opts.launch ?? NO_LAUNCH_ARGS;
  const surface = opts.surface ?? 'interactive';
  const cwd = await canonical(opts.cwd);
  // The app-server walks the working directory as it was given (a symlinked path is not
  // resolved) to find .git and the project root, but matches trust against the canonical path.
  // `codex exec` takes its working directory from the process (getcwd), which is canonical; so
  // does a session started with --profile, which only the CLI can start (the app-server refuses
  // --profile, so no IDE passes that symlinked path along).
  const givenCwd = surface === 'exec' || launch.profile !== undefined ? cwd : path.resolve(opts.cwd);
  return {
    launch,
    surface,
    systemDir: opts.systemDir ?? SYSTEM_CONFIG_DIR,
    cwd,
    givenCwd,
    codexHome: path.resolve(opts.codexHome),
    codexHomeIsDefault: opts.codexHomeIsDefault ?? false,
    home: path.resolve(opts.home ?? (process.env.HOME || os.homedir())),
    warnings: [],
    layers: [],
    loadFile: (file: string) => (opts.cache ? opts.cache.load(file) : loadTomlFile(file)),
    projectRoot: cwd,
    gitRoot: undefined,
  };
}

/** What stops Codex before it reads any config file. */
export async function preflightError(ctx: ResolveContext): Promise<LoadError | undefined> {
  const { codexHome, launch } = ctx;
  // A CODEX_HOME that is set must exist; Codex refuses to start otherwise. The default ~/.codex
  // may be missing (a first run: Codex starts, with no user config, and creates it), but not a file.
  try {
    const st = await fs.stat(codexHome);
    if (!st.isDirectory()) return { kind: 'io', message: `CODEX_HOME ${codexHome} is not a directory` };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    if (!(missing && ctx.codexHomeIsDefault)) return { kind: 'io', message: `CODEX_HOME points to ${codexHome}, which does not exist` };
  }
  if (launch.profile !== undefined && !PROFILE_NAME.test(launch.profile)) {
    return { kind: 'config', message: `invalid profile name '${launch.profile}': use letters, digits, '-' and '_' only` };
  }

  // --enable/--disable take only feature names Codex knows; it checks them before reading config.
  const unknownFeature = [...launch.enable, ...launch.disable].find((f) => !FEATURE_FLAGS.has(f));
  if (unknownFeature !== undefined) return { kind: 'config', message: `Unknown feature flag: ${unknownFeature}` };
  return undefined;
}
