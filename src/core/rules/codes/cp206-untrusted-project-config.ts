import { spanOf } from '../edits';
import { defineRule } from '../rule';

/** CP206: a project config Codex does not read, because the project is not trusted. */
export default defineRule('CP206', (ctx) => {
  const trusted = ctx.opts.projectTrusted;
  if (!ctx.isProject || (trusted !== false && trusted !== null)) return;
  const first = [...ctx.locs.values()].sort((a, b) => a.key.start - b.key.start)[0];
  ctx.report(
    trusted === false
      ? 'This project is marked untrusted, so Codex ignores this .codex/config.toml.'
      : 'This project has no trust entry, so Codex ignores this .codex/config.toml until the project is trusted (a session that can write trusts it automatically).',
    first ? first.key : spanOf(ctx.text, 0, 0),
  );
});
