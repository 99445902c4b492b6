// The integration runs: each starts its own real VS Code (code-server + Chromium) with its own
// fixture, user settings and trust, and runs the test files assigned to it. main.ts runs them in
// sequence and sums the counts.
//
// Adding a run: append an entry ABOVE `main` (a file goes to the first run whose `tests` match it;
// `main` catches everything else). Adding a test to a run: name the file so one of the run's globs
// matches it, e.g. test/integration/multiroot.badge.test.ts for the `multiroot` run.

import { branchGlobToRegExp } from '../../src/core/git/glob';
import { createMainFixture, createMultiRootFixture, createRestrictedFixture, type RunFixture } from '../integration/fixture';

export interface IntegrationRun {
  /** Letters, digits, `-`; used in logs, `--run NAME`, the failure screenshot name. */
  readonly name: string;
  readonly description: string;
  /**
   * Globs over test file paths relative to test/integration, without `.test.ts` (`*` stays within
   * one folder, `**` crosses folders). A file runs in the first run that matches it.
   */
  readonly tests: readonly string[];
  /** Writes the world below `root` (an existing empty folder) and says where things are. */
  fixture(root: string): Promise<RunFixture>;
  /** Extra environment for code-server and the extension host (HOME/CODEX_HOME come from the fixture). */
  readonly env?: Readonly<Record<string, string>>;
  /** User settings.json entries, on top of codeServer.ts's DEFAULT_USER_SETTINGS. */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /**
   * `trusted`: code-server runs with --disable-workspace-trust, so every folder is trusted (the
   * default for tests). `restricted`: workspace trust is on and the folder was never trusted, so
   * VS Code opens it in Restricted Mode (see RESTRICTED_MODE_SETTINGS).
   */
  readonly trust: 'trusted' | 'restricted';
  /** Whole run, start to exit; default 240 s. */
  readonly timeoutMs?: number;
}

/**
 * Restricted Mode without a dialog. code-server turns VS Code's workspace trust off only when given
 * --disable-workspace-trust (its server passes `enableWorkspaceTrust: !args["disable-workspace-trust"]`
 * to the workbench); with trust on, a folder is trusted only once the user says so, which a fresh
 * user-data dir and browser profile never did. `startupPrompt: never` opens it in Restricted Mode
 * instead of showing the modal "Do you trust the authors" dialog (which would block the UI, not
 * the tests); `untrustedFiles: open` keeps files opened from outside the folder from prompting.
 */
export const RESTRICTED_MODE_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
};

export const RUNS: readonly IntegrationRun[] = [
  {
    name: 'multiroot',
    description: 'a .code-workspace with a git repository and a folder that is not one',
    tests: ['multiroot.*'],
    fixture: createMultiRootFixture,
    trust: 'trusted',
  },
  {
    name: 'restricted',
    description: 'one git repository opened in Restricted Mode (workspace trust on, folder never trusted)',
    tests: ['restricted.*'],
    fixture: createRestrictedFixture,
    trust: 'restricted',
    userSettings: RESTRICTED_MODE_SETTINGS,
  },
  {
    name: 'main',
    description: 'one trusted git repository with a user config (test/integration/fixture.ts)',
    tests: ['**'],
    fixture: createMainFixture,
    trust: 'trusted',
    // Most of the tests live here (about 60, 4 minutes on a quiet 2-core machine): the limit only
    // guards against a hung run, so it leaves room for a busy one.
    timeoutMs: 600_000,
  },
];

/** Which test files each run gets: first matching run wins. Files are relative paths like `badge.test.js`. */
export function assignTestFiles(files: readonly string[], runs: readonly IntegrationRun[] = RUNS): Map<string, string[]> {
  const byRun = new Map<string, string[]>(runs.map((r) => [r.name, []]));
  for (const file of files) {
    const stem = file.replace(/\\/g, '/').replace(/\.test\.(js|ts)$/, '');
    const run = runs.find((r) => r.tests.some((g) => branchGlobToRegExp(g).test(stem)));
    if (run) byRun.get(run.name)!.push(file);
  }
  return byRun;
}
