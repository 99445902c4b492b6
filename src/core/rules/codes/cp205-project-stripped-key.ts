import { defineRule } from '../rule';

/** CP205: a key Codex strips from project config files (the schema's project denylist). */
export default defineRule('CP205', (ctx) => {
  if (!ctx.isProject) return;
  for (const p of ctx.stripped) {
    const l = ctx.loc(p);
    if (!l) continue;
    ctx.report(
      `Codex strips \`${p.join('.')}\` from project config files (it is only honoured in your user config), so this line does nothing.`,
      l.key,
      {
        fixes: l.isHeader ? [] : [{ title: `Remove ${p.join('.')}`, preferred: true, edits: [ctx.removeEdit(l)] }],
      },
    );
  }
});
