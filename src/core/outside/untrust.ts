// The quick action for a repository that starts programs outside the sandbox: mark the project
// untrusted in the user config. An explicit `trust_level = "untrusted"` is what stops auto-trust
// (measured: a session never trusts an explicitly untrusted project), so its .codex/config.toml,
// MCP servers and hooks stay unloaded. One edit that keeps the rest of the file as written.
import { parseTomlWithPositions, pathKey } from '../config/toml';
import { eol, replaceValue, tomlString, type TextEdit } from '../rules/edits';

/**
 * The edit that sets `[projects."<root>"] trust_level = "untrusted"` in `text` (the user's
 * config.toml, possibly empty). Undefined when the file does not parse: an edit to a broken file
 * could land anywhere.
 */
export function markUntrustedEdit(text: string, root: string): TextEdit | undefined {
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok) return undefined;
  const level = parsed.locations.get(pathKey(['projects', root, 'trust_level']));
  if (level?.value) return replaceValue(level, tomlString('untrusted'));
  const table = parsed.locations.get(pathKey(['projects', root]));
  // An entry written inline or under `[projects]` without trust_level: a new header would define
  // the table twice, which Codex refuses. Leave that to the person.
  if (table && !table.isHeader) return undefined;
  const nl = eol(text);
  if (table?.isHeader) {
    // A `[projects."<root>"]` header without trust_level: add the key right below it.
    const at = text.indexOf('\n', table.key.end);
    const pos = at === -1 ? text.length : at + 1;
    return { start: pos, end: pos, newText: `${at === -1 ? nl : ''}trust_level = "untrusted"${nl}` };
  }
  const sep = text.length === 0 ? '' : text.endsWith('\n') ? nl : nl + nl;
  return { start: text.length, end: text.length, newText: `${sep}[projects.${tomlString(root)}]${nl}trust_level = "untrusted"${nl}` };
}
