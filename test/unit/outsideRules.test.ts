// The lint rules about what runs outside the sandbox (CP409-CP413), one table row per case.
import * as assert from 'node:assert/strict';
import { lintText } from '../../src/core/rules/lint';

describe('outside the sandbox: lint rules', () => {
  const codes = (text: string, kind: 'user' | 'project' = 'user') =>
    lintText(text, { kind, projectTrusted: true })
      .findings.filter((f) => /^CP41[0-3]$|^CP409$/.test(f.code))
      .map((f) => `${f.code}:${f.span.line}`);
  const tt: { name: string; text: string; kind?: 'user' | 'project'; want: string[] }[] = [
    {
      name: 'CP409 npx without a version',
      text: '[mcp_servers.fs]\ncommand = "npx"\nargs = ["-y", "@modelcontextprotocol/server-filesystem", "/w"]\n',
      want: ['CP409:3'],
    },
    { name: 'CP409 pinned is fine', text: '[mcp_servers.fs]\ncommand = "uvx"\nargs = ["mcp-server-git==0.6.2"]\n', want: [] },
    {
      name: 'CP410 plain http to another host',
      text: '[mcp_servers.r]\nurl = "http://mcp.example.com/x"\n[mcp_servers.l]\nurl = "http://127.0.0.1:8080/x"\n',
      want: ['CP410:2'],
    },
    { name: 'CP411 inherit all with no excludes', text: '[shell_environment_policy]\ninherit = "all"\n', want: ['CP411:2'] },
    { name: 'CP411 not with excludes', text: '[shell_environment_policy]\ninherit = "all"\nexclude = ["*TOKEN*"]\n', want: [] },
    {
      name: 'CP412 a project MCP server and hook',
      kind: 'project',
      text: '[mcp_servers.x]\ncommand = "sh"\n[[hooks.SessionStart]]\n[[hooks.SessionStart.hooks]]\ntype = "command"\ncommand = "echo"\n',
      want: ['CP412:2', 'CP412:6'],
    },
    { name: 'CP412 only in project files', text: '[mcp_servers.x]\ncommand = "sh"\n', want: [] },
    {
      name: 'CP413 skipped hooks',
      text: '[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "prompt"\n[[hooks.PreToolUse]]\nmatcher = "["\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "x"\n[[hooks.Bogus]]\n',
      want: ['CP413:3', 'CP413:5', 'CP413:9'],
    },
  ];
  for (const t of tt) it(t.name, () => assert.deepEqual(codes(t.text, t.kind), t.want));
  it('CP410 offers https:// as a one-edit fix', () => {
    const f = lintText('[mcp_servers.r]\nurl = "http://mcp.example.com/x"\n', { kind: 'user' }).findings.find((x) => x.code === 'CP410')!;
    assert.equal(f.fixes[0].edits[0].newText, '"https://mcp.example.com/x"');
  });
});
