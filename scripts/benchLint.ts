// Benchmark: linting a 50- and a 1,000-line Codex config vs smol-toml's bare parse of the same text.
// Run `npx tsc -p . && node out/scripts/benchLint.js`. A script, not a timed test: timings vary by machine.
import { parse } from 'smol-toml';
import { lintText } from '../src/core/rules/lint';

function config(lines: number): string {
  const out = ['# benchmark config', 'sandbox_mode = "workspace-write"', 'approval_policy = "on-failure"', 'web_search = "live"', 'sandbox_mod = "x"', '', '[sandbox_workspace_write]', 'network_access = true', 'writable_roots = ["/tmp/a", "/tmp/b"]', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(`[mcp_servers.server${i}]`, 'command = "npx"', `args = ["-y", "@example/server-${i}", "--port", "${3000 + i}"]`, `env = { MODE = "fast", LEVEL = "${i}" }`, 'startup_timeout_sec = 20', `enabled_tools = ["search", "read"]`, `[model_providers.p${i}]`, `name = "Provider ${i}"`, `base_url = "https://p${i}.example.com/v1"`, `env_key = "P${i}_KEY"`, '');
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function time(fn: () => void, runs: number): { median: number; p90: number } {
  for (let i = 0; i < 20; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(runs / 2)], p90: t[Math.floor(runs * 0.9)] };
}

for (const n of [50, 1000]) {
  const text = config(n);
  const lint = time(() => lintText(text, { kind: 'user', file: '/bench/.codex/config.toml' }), 200);
  const smol = time(() => parse(text), 200);
  const findings = lintText(text, { kind: 'user' }).findings.length;
  console.log(`${String(n).padStart(5)} lines (${text.length} bytes, ${findings} findings): lint median ${lint.median.toFixed(2)} ms (p90 ${lint.p90.toFixed(2)}), smol-toml parse median ${smol.median.toFixed(2)} ms (p90 ${smol.p90.toFixed(2)})`);
}
