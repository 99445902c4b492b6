// Shared by the badge suites: what the badge shows (through `codexPosture.getBadge`), writing the
// fixture's user config and waiting for the badge to follow, and switching the branch policy off
// for suites that are about the config rather than the repository.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixtureLayout, userConfigToml, type Fixture } from './fixture';
import { activateExtension, waitFor, workspaceFolder } from './helpers';

export interface BadgeView {
  text: string;
  label: string;
  severity: 'ok' | 'warning' | 'error';
  background?: string;
  tooltip: string;
  folder?: string;
}

export const badge = (): Thenable<BadgeView> => vscode.commands.executeCommand<BadgeView>('codexPosture.getBadge');

/** Writes `toml` to `file` and waits until the badge text is `text`. */
export async function writeConfigAndWait(file: string, toml: string, text: string): Promise<BadgeView> {
  fs.writeFileSync(file, toml);
  return waitFor(
    async () => {
      const b = await badge();
      return b.text === text ? b : undefined;
    },
    { timeoutMs: 8000, what: `badge text ${JSON.stringify(text)} (last: ${JSON.stringify((await badge()).text)})` },
  );
}

/** The fixture repository sits on `main`: turn the branch policy off (user settings keep the tree clean). */
export async function relaxBranchPolicy(): Promise<void> {
  const c = vscode.workspace.getConfiguration('codexPosture');
  await c.update('protectedBranches', [], vscode.ConfigurationTarget.Global);
  await c.update('featureBranchPattern', '.*', vscode.ConfigurationTarget.Global);
}

export async function restoreBranchPolicy(): Promise<void> {
  const c = vscode.workspace.getConfiguration('codexPosture');
  await c.update('protectedBranches', undefined, vscode.ConfigurationTarget.Global);
  await c.update('featureBranchPattern', undefined, vscode.ConfigurationTarget.Global);
}

export interface UserConfigSuite {
  readonly f: Fixture;
  readonly userConfig: string;
  /** A `[projects]` entry trusting the fixture workspace, to append to a config. */
  readonly trust: string;
  withConfig(toml: string, text: string): Promise<BadgeView>;
}

/**
 * For suites that write the fixture's user config: activates the extension, relaxes the branch
 * policy, and puts the fixture's config and settings back afterwards. Call inside `suite()`.
 */
export function userConfigSuite(): UserConfigSuite {
  const f = fixtureLayout(path.dirname(workspaceFolder().uri.fsPath));
  const userConfig = path.join(f.codexHome, 'config.toml');
  suiteSetup(async () => {
    await activateExtension();
    await relaxBranchPolicy();
  });
  suiteTeardown(async () => {
    fs.writeFileSync(userConfig, userConfigToml(f));
    await restoreBranchPolicy();
  });
  return {
    f,
    userConfig,
    trust: `\n[projects.${JSON.stringify(f.workspace)}]\ntrust_level = "trusted"\n`,
    withConfig: (toml, text) => writeConfigAndWait(userConfig, toml, text),
  };
}
