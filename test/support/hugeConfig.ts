// The hostile config of the "nothing blocks the extension host" measurements: a user config (or a
// cloned repository's .codex/config.toml) with 200,000 MCP server tables, about 15.8 MB. Valid TOML
// that Codex loads, so a posture exists: it is only large.
export function hugeConfig(servers = 200_000, head = 'sandbox_mode = "read-only"\napproval_policy = "on-request"\n'): string {
  const parts = [head];
  for (let i = 0; i < servers; i++) parts.push(`\n[mcp_servers.s${i}]\ncommand = "npx"\nargs = ["-y", "@example/mcp-srv-${i}"]\n`);
  return parts.join('');
}
