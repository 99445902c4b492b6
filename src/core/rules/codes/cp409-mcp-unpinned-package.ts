import { getPath, isTable } from '../../config/toml';
import { defineRule } from '../rule';
import { unpinnedPackage } from '../../outside/packageRunner';
import { redactSecretsInText } from '../secrets';

/**
 * CP409: an MCP server started through a package runner without a pinned version. The runner
 * fetches whatever the registry serves at each session start and runs it outside the sandbox;
 * the team guide's answer to supply-chain risk is "lock dependency versions".
 */
export default defineRule('CP409', (ctx) => {
  const servers = getPath(ctx.table, ['mcp_servers']);
  if (!isTable(servers)) return;
  for (const [name, s] of Object.entries(servers)) {
    if (!isTable(s) || typeof s.command !== 'string') continue;
    const args = Array.isArray(s.args) ? s.args.filter((a): a is string => typeof a === 'string') : [];
    const hit = unpinnedPackage(s.command, args);
    const l = ctx.loc(['mcp_servers', name, 'args']) ?? ctx.loc(['mcp_servers', name, 'command']);
    if (!hit || !l) continue;
    ctx.report(
      `MCP server ${name} runs \`${hit.runner}\` with ${hit.spec ? `\`${redactSecretsInText(hit.spec)}\`, which names no exact version` : 'no package version'}: every session start may fetch and run different code outside the sandbox. Pin it (${hit.example}).`,
      ctx.valueSpan(l),
    );
  }
});
