// "Revoke Temporary Enablements": text edits that return network access and web search in one
// config file to the team baseline, built from the same comment-keeping helpers as the quick
// fixes. The caller applies them as one WorkspaceEdit; `revokeText` checks the result still parses.
import { getPath, parseTomlWithPositions, pathKey, type KeyLocation, type TomlTable } from '../config/toml';
import type { Baseline } from '../present/posture';
import { applyEdits, removeKeyValue, replaceValue, tomlString, topLevelInsert, type TextEdit } from '../rules/edits';

export interface RevokePlan {
  readonly edits: readonly TextEdit[];
  /** One line per change, for the preview, the log and the record. */
  readonly changes: readonly string[];
  /** The file's text after the edits (undefined when nothing changes). */
  readonly after?: string;
  /** The file does not parse now (nothing is proposed) or would not after (never applied). */
  readonly error?: string;
}

export function revokeText(text: string, baseline: Baseline): RevokePlan {
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok)
    return {
      edits: [],
      changes: [],
      error: `does not parse (${parsed.error.line}:${parsed.error.column} ${parsed.error.message}); fix it first`,
    };
  const table: TomlTable = parsed.value;
  const locs = parsed.locations;
  const loc = (p: readonly string[]): KeyLocation | undefined => locs.get(pathKey(p));
  const edits: TextEdit[] = [];
  const changes: string[] = [];
  if (!baseline.networkAccess) {
    const l = loc(['sandbox_workspace_write', 'network_access']);
    if (getPath(table, ['sandbox_workspace_write', 'network_access']) === true && l && !l.isHeader) {
      edits.push(replaceValue(l, 'false'));
      changes.push(`line ${l.key.line}: [sandbox_workspace_write] network_access = true → false`);
    }
    const perms = getPath(table, ['permissions']);
    if (perms && typeof perms === 'object' && !Array.isArray(perms) && !(perms instanceof Date)) {
      for (const name of Object.keys(perms)) {
        const pl = loc(['permissions', name, 'network', 'enabled']);
        if (getPath(table, ['permissions', name, 'network', 'enabled']) === true && pl && !pl.isHeader) {
          edits.push(replaceValue(pl, 'false'));
          changes.push(`line ${pl.key.line}: [permissions.${name}.network] enabled = true → false`);
        }
      }
    }
  }
  const target = baseline.webSearch.includes('cached') ? 'cached' : (baseline.webSearch[0] ?? 'disabled');
  const ws = getPath(table, ['web_search']);
  const wsLoc = loc(['web_search']);
  if (typeof ws === 'string' && !baseline.webSearch.includes(ws as never) && wsLoc) {
    edits.push(replaceValue(wsLoc, tomlString(target)));
    changes.push(`line ${wsLoc.key.line}: web_search = ${tomlString(ws)} → ${tomlString(target)}`);
  }
  if (ws === undefined) {
    // Deprecated spelling, still honoured when web_search is unset: true means live.
    const rl = loc(['features', 'web_search_request']);
    if (getPath(table, ['features', 'web_search_request']) === true && rl && !rl.isHeader && !baseline.webSearch.includes('live')) {
      const headerStarts = [...new Set([...locs.values()].filter((x) => x.header).map((x) => x.header!.span.start))];
      edits.push(removeKeyValue(text, rl));
      edits.push(topLevelInsert(text, headerStarts, `web_search = ${tomlString(target)}`));
      changes.push(`line ${rl.key.line}: features.web_search_request = true (live) → web_search = ${tomlString(target)}`);
    }
  }
  if (!edits.length) return { edits, changes };
  const after = applyEdits(text, edits);
  const check = parseTomlWithPositions(after);
  if (!check.ok) return { edits: [], changes, error: `the edit would break the file (${check.error.message}); nothing changed` };
  return { edits, changes, after };
}
