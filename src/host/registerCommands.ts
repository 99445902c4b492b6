// Registers the command table (src/commands.ts). Each handler first gets the feature its command
// needs; when that fails the user is told and the log says why, and the next call tries again,
// instead of the command staying "not found" until the window is reloaded.
import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import type { FeatureMap, FeatureName } from '../features';

export function registerCommands(
  table: CommandTable,
  features: { get<K extends FeatureName>(name: K): Promise<FeatureMap[K]> },
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(table).map(([id, command]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        let feature: FeatureMap[FeatureName];
        try {
          feature = await features.get(command.needs);
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          log.error(`${id}: the ${command.needs} feature could not be set up:`, e);
          void vscode.window.showErrorMessage(
            `Codex Posture: this command is not available right now (${why}). Run it again to retry; the log (Codex Posture: Show Log) has the details.`,
          );
          return undefined;
        }
        return (command.run as (f: typeof feature, ...a: unknown[]) => unknown)(feature, ...args);
      }),
    ),
  );
}
