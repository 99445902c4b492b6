import { getPath } from '../../config/toml';
import { tomlString } from '../edits';
import { defineRule } from '../rule';
import { redact } from '../secrets';
import { reportProblems } from './loadErrors';

/** An environment variable name for a server's token: `docs` -> `DOCS_TOKEN`. */
function envName(...parts: string[]): string {
  return parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');
}

/** CP006: an inline MCP `bearer_token`, fatal in Codex and a secret in the file. */
export default defineRule('CP006', (ctx) =>
  reportProblems(ctx, 'CP006', (p, l) => {
    const v = envName(String(p.path[1]), 'TOKEN');
    const message = `${p.message} (value ${redact(getPath(ctx.table, p.path.map(String)))})`;
    const hasVar = getPath(ctx.table, [...p.path.slice(0, -1).map(String), 'bearer_token_env_var']) !== undefined;
    if (hasVar)
      return {
        message,
        fixes: [{ title: 'Remove the literal token (bearer_token_env_var is set)', preferred: true, edits: [ctx.removeEdit(l)] }],
      };
    return {
      message,
      fixes: [
        {
          title: `Replace the literal token by bearer_token_env_var = "${v}"`,
          preferred: true,
          edits: [{ start: l.key.start, end: ctx.valueSpan(l).end, newText: `bearer_token_env_var = ${tomlString(v)}` }],
          note: `Set the environment variable ${v} to the token before starting Codex.`,
        },
      ],
    };
  }),
);
