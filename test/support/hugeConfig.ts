// The hostile config of the "nothing blocks the extension host" measurements: a user config (or a
// cloned repository's .codex/config.toml) with 200,000 MCP server tables, about 15.8 MB. Valid TOML
// that Codex loads, so a posture exists: it is only large.
import { closeSync, openSync, writeSync } from 'node:fs';

const HEAD = 'sandbox_mode = "read-only"\napproval_policy = "on-request"\n';

export function hugeConfig(servers = 200_000, head = HEAD): string {
  return head + tables(0, servers);
}

function tables(from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) parts.push(`\n[mcp_servers.s${i}]\ncommand = "npx"\nargs = ["-y", "@example/mcp-srv-${i}"]\n`);
  return parts.join('');
}

/**
 * Writes the same file in chunks, so a test inside the extension host leaves no 15.8 MB string
 * behind for the host's garbage collector (its pause would count as a host task).
 */
export function writeHugeConfig(file: string, servers = 200_000, head?: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, hugeConfig(0, head));
    for (let i = 0; i < servers; i += 1000) writeSync(fd, tables(i, Math.min(servers, i + 1000)));
  } finally {
    closeSync(fd);
  }
}
