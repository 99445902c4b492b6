import { getPath, isTable } from '../../config/toml';
import { isLoopbackHost } from '../../outside/packageRunner';
import { replaceValue, tomlString } from '../edits';
import { defineRule } from '../rule';

/** CP410: an MCP server reached over plain http:// on another machine: its traffic (and any bearer token) is readable on the way. */
export default defineRule('CP410', (ctx) => {
  const servers = getPath(ctx.table, ['mcp_servers']);
  if (!isTable(servers)) return;
  for (const [name, s] of Object.entries(servers)) {
    if (!isTable(s) || typeof s.url !== 'string' || !/^http:\/\//i.test(s.url)) continue;
    let host: string;
    try {
      host = new URL(s.url).hostname;
    } catch {
      continue;
    }
    const l = ctx.loc(['mcp_servers', name, 'url']);
    if (isLoopbackHost(host) || !l) continue;
    ctx.report(
      `MCP server ${name} is reached over plain HTTP at ${host}: requests, answers and any token travel unencrypted.`,
      ctx.valueSpan(l),
      {
        fixes: [{ title: 'Use https://', preferred: true, edits: [replaceValue(l, tomlString(s.url.replace(/^http:/i, 'https:')))] }],
      },
    );
  }
});
