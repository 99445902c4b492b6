import * as path from 'node:path';
import { getPath, isTable, type KeyLocation } from '../../config/toml';
import { dotted, type LintContext } from '../context';
import { tableBlock, type TextEdit } from '../edits';
import { defineRule } from '../rule';
import type { Fix } from '../types';

/** CP203: a legacy `[profiles.x]` table, which Codex 0.171 does not read. */
export default defineRule('CP203', (ctx) => {
  const profiles = getPath(ctx.table, ['profiles']);
  if (!isTable(profiles) || ctx.isProject) return;
  // One finding per file, at the first profile, naming them all (real configs carry several
  // near-identical legacy profiles); each profile keeps its own migration fix.
  const names = Object.keys(profiles).filter((n) => ctx.loc(['profiles', n]));
  if (!names.length) return;
  const first = names.map((n) => ctx.loc(['profiles', n])!).sort((a, b) => a.key.start - b.key.start)[0];
  const fixes: Fix[] = names.map((n) => migrateProfile(ctx, n)).filter((f): f is Fix => f !== undefined);
  if (names.length === 1) {
    const name = names[0];
    ctx.report(
      `[profiles.${name}] is inert in Codex 0.171: profiles live in ${name}.config.toml next to config.toml and are chosen with --profile ${name}. (With --profile ${name} this table makes Codex refuse to start.)`,
      first.key,
      { fixes },
    );
    return;
  }
  const list = names.map((n) => `[profiles.${n}]`).join(', ');
  ctx.report(
    `${names.length} legacy profile tables (${list}) are inert in Codex 0.171: profiles live in <name>.config.toml next to config.toml and are chosen with --profile <name>. (With --profile <name> the matching table makes Codex refuse to start.)`,
    first.key,
    {
      fixes: fixes.map((f) => ({ ...f, preferred: false })),
      related: names.slice(1).map((n) => ({ message: `[profiles.${n}]`, span: ctx.loc(['profiles', n])!.key })),
    },
  );
});

function migrateProfile(ctx: LintContext, name: string): Fix | undefined {
  const { text, locs } = ctx;
  if (!ctx.opts.file || !/^[A-Za-z0-9_-]+$/.test(name)) return undefined;
  // Only the `[profiles.x]` header form, with every part of the profile under its own headers.
  const headers = [...locs.entries()]
    .filter(([, l]) => l.isHeader && l.header && l.header.path[0] === 'profiles' && l.header.path[1] === name)
    .map(([, l]) => l.header!)
    .filter((h, i, a) => a.findIndex((x) => x.span.start === h.span.start) === i);
  const main = headers.find((h) => h.path.length === 2);
  if (!main) return undefined;
  const dottedOutside = [...locs.values()].some(
    (l) => !l.isHeader && !l.header && l.key.start < text.length && pathStartsWithProfile(ctx, l, name),
  );
  if (dottedOutside) return undefined;
  const edits: TextEdit[] = [];
  const parts: string[] = [];
  for (const h of headers.sort((a, b) => a.span.start - b.span.start)) {
    const block = tableBlock(text, h.span.start, ctx.headerStarts());
    const body = text.slice(block.start, block.end);
    const firstNl = body.indexOf('\n');
    const rest = firstNl === -1 ? '' : body.slice(firstNl + 1);
    parts.push(h.path.length === 2 ? rest : `[${dotted(h.path.slice(2))}]${ctx.nl}${rest}`);
    edits.push({ start: block.start, end: block.end, newText: '' });
  }
  const file = path.join(path.dirname(ctx.opts.file), `${name}.config.toml`);
  let content = parts.join('').replace(/\s+$/, '') + ctx.nl;
  content = content.replace(/approval_policy\s*=\s*"on-failure"/, 'approval_policy = "on-request"');
  return {
    title: `Move [profiles.${name}] to ${name}.config.toml`,
    preferred: true,
    edits,
    createFile: { path: file, content },
    note: `Created ${file}. Start Codex with --profile ${name} to use it.`,
  };
}

function pathStartsWithProfile(ctx: LintContext, l: KeyLocation, name: string): boolean {
  for (const [k, v] of ctx.locs) {
    if (v === l) {
      const p = JSON.parse(k) as unknown[];
      return p[0] === 'profiles' && p[1] === name;
    }
  }
  return false;
}
