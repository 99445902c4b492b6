// Where each rule's row is in the README, for the diagnostics' code links. VS Code opens a file
// link at a line when its fragment is `#L<n>`; an HTML anchor (`#cp003`) means nothing to the text
// editor, which opened the README at its first line.

/** 1-based line of every `<a id="...">` anchor in `readme`, by id. */
export function readmeAnchorLines(readme: string): Map<string, number> {
  const out = new Map<string, number>();
  readme.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/<a id="([^"]+)"><\/a>/g)) if (!out.has(m[1])) out.set(m[1], i + 1);
  });
  return out;
}

/** The fragment a code link uses: the anchor's line when the README has it, else the anchor. */
export function readmeFragment(anchors: ReadonlyMap<string, number>, anchor: string): string {
  const line = anchors.get(anchor);
  return line ? `L${line}` : anchor;
}
