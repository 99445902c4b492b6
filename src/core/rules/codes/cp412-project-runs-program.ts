import { getPath, isTable } from '../../config/toml';
import { defineRule } from '../rule';
import { redactSecretsInText } from '../secrets';

const EVENT = /^[A-Z][A-Za-z]+$/;

/**
 * CP412: a project `.codex/config.toml` that supplies an MCP server or a hook. Codex does not strip
 * `mcp_servers` from project files: once the project is trusted (a writable session trusts it by
 * itself) the server starts with the session, outside the sandbox. Project hooks run only after
 * the user trusts each one, but they are still the repository's programs.
 */
export default defineRule('CP412', (ctx) => {
  if (!ctx.isProject) return;
  const servers = getPath(ctx.effective, ['mcp_servers']);
  if (isTable(servers)) {
    for (const [name, s] of Object.entries(servers)) {
      const l = ctx.loc(['mcp_servers', name, 'command']) ?? ctx.loc(['mcp_servers', name, 'url']) ?? ctx.loc(['mcp_servers', name]);
      if (!isTable(s) || !l || s.enabled === false) continue;
      const what =
        typeof s.command === 'string'
          ? `starts \`${redactSecretsInText(s.command)}\``
          : typeof s.url === 'string'
            ? 'connects to a remote MCP server'
            : 'defines an MCP server';
      ctx.report(
        `This repository ${what} (MCP server ${name}) outside the sandbox whenever a Codex session starts in a trusted copy of it.`,
        ctx.keySpan(l),
      );
    }
  }
  const hooks = getPath(ctx.effective, ['hooks']);
  if (isTable(hooks)) {
    for (const [event, groups] of Object.entries(hooks)) {
      if (!EVENT.test(event) || !Array.isArray(groups)) continue;
      groups.forEach((g, gi) => {
        if (!isTable(g) || !Array.isArray(g.hooks)) return;
        g.hooks.forEach((h, hi) => {
          const l = ctx.loc(['hooks', event, gi, 'hooks', hi, 'command']) ?? ctx.loc(['hooks', event, gi]);
          if (!isTable(h) || h.type !== 'command' || !l) return;
          ctx.report(
            `This repository supplies a ${event} hook that runs \`${redactSecretsInText(String(h.command))}\` outside the sandbox once you trust it.`,
            ctx.keySpan(l),
          );
        });
      });
    }
  }
});
