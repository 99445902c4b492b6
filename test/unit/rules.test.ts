// Lint rules and quick fixes over raw config text: every fix leaves a file that parses and makes its
// finding go away; secrets never reach a message; the README documents every rule code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { RULES } from '../../src/core/rules/catalog';
import { toJson, toSarif, toText } from '../../src/core/rules/format';
import { applyEdits, lintText, type ConfigFileKind } from '../../src/core/rules/lint';
import { main } from '../../src/cli';
import { makeWorld } from '../support/sandbox';

interface FixCase {
  readonly code: string;
  readonly title: RegExp;
  readonly toml: string;
  readonly kind?: ConfigFileKind;
  /** Text that must be in the fixed file. */
  readonly want: string | RegExp;
}

const FIXES: FixCase[] = [
  {
    code: 'CP301',
    title: /on-request/,
    toml: '# keep me\napproval_policy = "on-failure" # why\n',
    want: '# keep me\napproval_policy = "on-request" # why\n',
  },
  {
    code: 'CP003',
    title: /^Remove/,
    toml: 'sandbox_mode = "read-only"\napproval_policy = "untrusted"\n# end\n',
    want: 'sandbox_mode = "read-only"\n# end\n',
  },
  { code: 'CP002', title: /live/, toml: 'web_search = true\n', want: 'web_search = "live"\n' },
  {
    code: 'CP201',
    title: /top-level web_search = "live"/,
    toml: 'model = "x"\n\n[tools]\nweb_search = true\n',
    want: 'model = "x"\n\nweb_search = "live"\n[tools]\n',
  },
  {
    code: 'CP103',
    title: /Move approval_policy/,
    toml: '# top\n[sandbox_workspace_write]\nnetwork_access = false\napproval_policy = "never"\n',
    want: '# top\napproval_policy = "never"\n[sandbox_workspace_write]\nnetwork_access = false\n',
  },
  {
    code: 'CP002',
    title: /Move sandbox_mode/,
    toml: '[features]\nnetwork_proxy = true\nsandbox_mode = "read-only"\n',
    want: 'sandbox_mode = "read-only"\n[features]\nnetwork_proxy = true\n',
  },
  {
    code: 'CP102',
    title: /approval_policy = "on-request"/,
    toml: '[sandbox_workspace_write]\nask_for_approval = "on-failure"\n',
    want: 'approval_policy = "on-request"\n[sandbox_workspace_write]\n',
  },
  {
    code: 'CP102',
    title: /Remove the \[sandbox_read_only\]/,
    toml: 'sandbox_mode = "read-only"\n\n[sandbox_read_only]\nnetwork_access = true\n\n# next\n[tui]\n',
    want: 'sandbox_mode = "read-only"\n\n# next\n[tui]\n',
  },
  { code: 'CP101', title: /Rename to sandbox_mode/, toml: 'sandbox_mod = "read-only" # ro\n', want: 'sandbox_mode = "read-only" # ro\n' },
  {
    code: 'CP203',
    title: /full_auto\.config\.toml/,
    toml: 'model = "x"\n\n[profiles.full_auto]\napproval_policy = "on-failure"\n\n[tui]\nnotifications = true\n',
    want: 'model = "x"\n\n[tui]\nnotifications = true\n',
  },
  {
    code: 'CP403',
    title: /network off/,
    toml: 'sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\n',
    want: 'network_access = false',
  },
  {
    code: 'CP403',
    title: /network off/,
    toml: 'default_permissions = "web"\n[permissions.web.network]\nenabled = true\n',
    want: 'enabled = false',
  },
  { code: 'CP404', title: /cached/, toml: 'web_search = "live"\n', want: 'web_search = "cached"\n' },
  { code: 'CP404', title: /disabled/, toml: 'web_search = "live"\n', want: 'web_search = "disabled"\n' },
  {
    code: 'CP401',
    title: /on-request/,
    toml: 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n',
    want: 'approval_policy = "on-request"',
  },
  { code: 'CP402', title: /workspace-write/, toml: 'sandbox_mode = "danger-full-access"\n', want: 'sandbox_mode = "workspace-write"\n' },
  {
    code: 'CP407',
    title: /env_key = "ACME_API_KEY"/,
    toml: '[model_providers.acme]\nname = "Acme"\nbase_url = "https://a.example.com"\nexperimental_bearer_token = "sk-abcdefghijklmnopqrstuv"\n',
    want: 'env_key = "ACME_API_KEY"\n',
  },
  {
    code: 'CP006',
    title: /bearer_token_env_var/,
    toml: '[mcp_servers.docs]\nurl = "https://m.example.com"\nbearer_token = "abcdefghijklmnop"\n',
    want: 'bearer_token_env_var = "DOCS_TOKEN"\n',
  },
  {
    code: 'CP407',
    title: /env_http_headers/,
    toml: '[mcp_servers.docs]\nurl = "https://m.example.com"\nhttp_headers = { "Authorization" = "Bearer abcdefghijklmnop" }\n',
    want: 'env_http_headers = { "Authorization" = "DOCS_AUTHORIZATION" }',
  },
  {
    code: 'CP407',
    title: /env_vars = \["DOCS_TOKEN"\]/,
    toml: '[mcp_servers.docs]\ncommand = "npx"\nenv = { DOCS_TOKEN = "supersecretvalue123" }\n',
    want: 'env_vars = ["DOCS_TOKEN"]\n',
  },
  {
    code: 'CP407',
    title: /env_vars = \["DOCS_TOKEN"\]/,
    toml: '[mcp_servers.docs]\ncommand = "npx"\nenv = { MODE = "fast", DOCS_TOKEN = "supersecretvalue123" }\n',
    want: 'env = { MODE = "fast" }\nenv_vars = ["DOCS_TOKEN"]\n',
  },
  {
    code: 'CP302',
    title: /web_search = "live"/,
    toml: '[features]\nweb_search_request = true\n',
    want: 'web_search = "live"\n[features]\n',
  },
  {
    code: 'CP408',
    title: /literal string/,
    toml: '[sandbox_workspace_write]\nwritable_roots = ["C:\\temp\\new"]\n',
    want: "writable_roots = ['C:\\temp\\new']",
  },
  {
    code: 'CP005',
    title: /responses/,
    toml: '[model_providers.l]\nname = "L"\nbase_url = "http://localhost:1/v1"\nwire_api = "chat"\n',
    want: 'wire_api = "responses"',
  },
  { code: 'CP205', title: /Remove notify/, kind: 'project', toml: 'notify = ["x"]\nmodel = "m"\n', want: 'model = "m"\n' },
  {
    code: 'CP201',
    title: /top-level web_search = "live"/,
    toml: 'model = "x"\r\n\r\n[tools]\r\nweb_search = true\r\n',
    want: 'web_search = "live"\r\n[tools]\r\n',
  },
  {
    code: 'CP103',
    title: /Remove features\.skills/,
    toml: '[features]\nhooks = true\nskills = true\n',
    want: '[features]\nhooks = true\n',
  },
  {
    code: 'CP209',
    title: /config_file = "agents\/r\.toml"/,
    kind: 'project',
    toml: '[agents.r]\ndescription = "d"\nconfig_file = ".codex/agents/r.toml"\n',
    want: 'config_file = "agents/r.toml"\n',
  },
  {
    code: 'CP208',
    title: /Remove features\.js_repl/,
    toml: '[features]\njs_repl = true\nhooks = true\n',
    want: '[features]\nhooks = true\n',
  },
  { code: 'CP303', title: /Remove features\.multi_agent/, toml: '[features]\nmulti_agent = true\n', want: '[features]\n' },
];

describe('one finding per problem (noise seen in real configs)', () => {
  const codes = (toml: string) => lintText(toml, { kind: 'user' }).findings.map((f) => `${f.span.line}:${f.code}`);
  it('YOLO is one finding: CP402 does not repeat CP401 for the same sandbox_mode', () => {
    assert.deepEqual(codes('sandbox_mode = "danger-full-access"\napproval_policy = "never"\n'), ['2:CP401']);
    assert.deepEqual(codes('sandbox_mode = "danger-full-access"\n'), ['1:CP402']);
  });
  it('CP203 once per file, naming every legacy profile, with a migration fix for each', () => {
    const f = lintText('[profiles.a]\nmodel = "x"\n[profiles.b]\nmodel = "y"\n[profiles.c]\nmodel = "z"\n', {
      kind: 'user',
      file: '/nowhere/config.toml',
    }).findings;
    assert.deepEqual(
      f.map((x) => `${x.span.line}:${x.code}`),
      ['1:CP203'],
    );
    assert.match(f[0].message, /3 legacy profile tables \(\[profiles\.a\], \[profiles\.b\], \[profiles\.c\]\)/);
    assert.equal(f[0].fixes.length, 3);
  });
});

describe('network on and live web search follow the team baseline', () => {
  const toml = 'sandbox_mode = "workspace-write"\nweb_search = "live"\n[sandbox_workspace_write]\nnetwork_access = true\n';
  const sev = (baseline?: { networkAccess: boolean; webSearch: string[] }) =>
    lintText(toml, { kind: 'user', ...(baseline ? { baseline } : {}) }).findings.map((f) => `${f.code}:${f.severity}`);
  it('information where no baseline says otherwise', () => assert.deepEqual(sev(), ['CP404:information', 'CP403:information']));
  it('warnings where the baseline wants network off and no live search', () =>
    assert.deepEqual(sev({ networkAccess: false, webSearch: ['cached'] }), ['CP404:warning', 'CP403:warning']));
  it('information where the baseline chose them', () =>
    assert.deepEqual(sev({ networkAccess: true, webSearch: ['live'] }), ['CP404:information', 'CP403:information']));
});

describe('a typo fix Codex would refuse is not offered', () => {
  it('max_bytez = "1048576" under [history]: max_bytes is a number, so no rename', () => {
    const f = lintText('[history]\nmax_bytez = "1048576"\n', { kind: 'user' }).findings.find((x) => x.code === 'CP101')!;
    assert.deepEqual(f.fixes, []);
    assert.equal(lintText('[history]\nmax_bytez = 1048576\n', { kind: 'user' }).findings.find((x) => x.code === 'CP101')!.fixes.length, 1);
  });
});

describe('feature flags by stage (featureStages.ts, generated from codex features list)', () => {
  const codes = (toml: string) => lintText(toml, { kind: 'user' }).findings.map((f) => `${f.span.line}:${f.code}`);
  it('older names Codex reads as another feature are known keys, not unknown ones', () => {
    assert.deepEqual(codes('[features]\ncodex_hooks = true\nconnectors = false\nweb_search = false\n'), []);
  });
  it('deprecated flags get a warning naming the replacement where Codex names one', () => {
    const f = lintText('[features]\nmulti_agent = true\ncollab = false\nuse_legacy_landlock = true\n', { kind: 'user' }).findings;
    assert.deepEqual(
      f.map((x) => `${x.span.line}:${x.code}:${x.severity}`),
      ['2:CP303:warning', '3:CP303:warning', '4:CP303:warning'],
    );
    assert.match(f[0].message, /\[agents\] enabled = false/);
    assert.match(f[1].message, /Codex reads it as features\.multi_agent/);
    assert.match(f[2].message, /names no replacement/);
  });
  it('removed flags have no effect; unknown ones are ignored keys', () => {
    assert.deepEqual(codes('[features]\njs_repl = true\nnosuch_feature = true\n'), ['2:CP208', '3:CP101']);
  });
});

describe('lint quick fixes', () => {
  for (const fc of FIXES) {
    it(`${fc.code}: ${fc.title.source} on ${JSON.stringify(fc.toml.slice(0, 40))}`, () => {
      const kind = fc.kind ?? 'user';
      const before = lintText(fc.toml, { kind, file: '/nowhere/.codex/config.toml' }).findings;
      const finding = before.find((f) => f.code === fc.code && f.fixes.some((x) => fc.title.test(x.title)));
      assert.ok(
        finding,
        `no ${fc.code} finding with a fix matching ${fc.title}: ${JSON.stringify(before.map((f) => [f.code, f.fixes.map((x) => x.title)]))}`,
      );
      const fix = finding.fixes.find((x) => fc.title.test(x.title))!;
      const after = applyEdits(fc.toml, fix.edits);
      assert.ok(parseTomlWithPositions(after).ok, `the fixed file does not parse:\n${after}`);
      if (typeof fc.want === 'string') assert.ok(after.includes(fc.want), `fixed file:\n${after}`);
      else assert.match(after, fc.want);
      const again = lintText(after, { kind, file: '/nowhere/.codex/config.toml' }).findings;
      assert.ok(
        !again.some((f) => f.code === finding.code && f.span.line === finding.span.line && f.message === finding.message),
        `finding still there:\n${after}`,
      );
    });
  }

  it('migrating [profiles.x] creates x.config.toml with the table body and on-request', () => {
    const toml =
      '[profiles.full_auto]\napproval_policy = "on-failure"\nsandbox_mode = "workspace-write"\n\n[profiles.full_auto.sandbox_workspace_write]\nnetwork_access = false\n';
    const f = lintText(toml, { kind: 'user', file: '/h/.codex/config.toml' }).findings.find((x) => x.code === 'CP203')!;
    const fix = f.fixes[0];
    assert.equal(fix.createFile?.path, '/h/.codex/full_auto.config.toml');
    assert.equal(
      fix.createFile?.content,
      'approval_policy = "on-request"\nsandbox_mode = "workspace-write"\n\n[sandbox_workspace_write]\nnetwork_access = false\n',
    );
    assert.match(fix.note ?? '', /--profile full_auto/);
    assert.equal(applyEdits(toml, fix.edits), '');
  });

  it('a typo fix is not offered when the suggested key is already set', () => {
    const f = lintText('sandbox_mode = "read-only"\nsandbox_mod = "x"\n', { kind: 'user' }).findings.find((x) => x.code === 'CP101')!;
    assert.equal(f.fixes.length, 0);
  });
});

describe('lint never shows a secret', () => {
  const secrets = [
    'sk-live-abcdefghijklmnopqrstu',
    'supersecretvalue123',
    'ghp_abcdefghijklmnopqrstuvwxyz0123',
    'Bearer zyxwvutsrqponmlk',
    'inline-token-12345678',
    'otelheadersecret99',
  ];
  const toml = [
    '[model_providers.acme]',
    'name = "A"',
    'base_url = "https://a.example.com"',
    `experimental_bearer_token = "${secrets[0]}"`,
    `http_headers = { "X-Api-Key" = "${secrets[4]}" }`,
    '[mcp_servers.docs]',
    'command = "npx"',
    `args = ["--token", "${secrets[2]}"]`,
    `env = { API_TOKEN = "${secrets[1]}" }`,
    '[mcp_servers.web]',
    'url = "https://m.example.com"',
    `http_headers = { Authorization = "${secrets[3]}" }`,
    '[otel.exporter.otlp-http]',
    'endpoint = "https://o.example.com"',
    `headers = { "x-auth-token" = "${secrets[5]}" }`,
    '',
  ].join('\n');
  it('in messages, JSON, SARIF and text output', () => {
    const findings = lintText(toml, { kind: 'user' }).findings;
    assert.ok(findings.filter((f) => f.code === 'CP407').length >= 5, JSON.stringify(findings.map((f) => f.code)));
    const files = [{ path: 'config.toml', findings }];
    const outputs = [
      JSON.stringify(findings.map((f) => [f.message, f.related, f.fixes.map((x) => [x.title, x.note, x.createFile])])),
      JSON.stringify(toJson(files)),
      JSON.stringify(toSarif(files, '0', (p) => p)),
      toText(files),
    ];
    for (const out of outputs)
      for (const s of secrets) assert.ok(!out.includes(s) && !out.includes(s.slice(0, 12)), `secret ${s.slice(0, 4)}... leaked`);
  });
  it('a credential inside a URL is CP407, shown without the user part, once per value', () => {
    const text = [
      'openai_base_url = "https://bob:hunter2pass@proxy.example.com/v1"',
      '[mcp_servers.git]',
      'url = "https://ghp_abcdefghijklmnopqrstuvwxyz0123@git.example.com/mcp"',
      '[mcp_servers.cli]',
      'command = "tool"',
      'args = ["--remote", "wss://me:s3cr3tpass@ws.example.com"]',
      '[mcp_servers.ok]',
      'url = "https://docs@example.com/mcp"',
      '',
    ].join('\n');
    const hits = lintText(text, { kind: 'user' }).findings.filter((f) => f.code === 'CP407');
    assert.deepEqual(
      hits.map((f) => f.span.line),
      [1, 3, 6],
      JSON.stringify(hits),
    );
    assert.match(hits[0].message, /^openai_base_url has a credential inside the URL \(https:\/\/\*\*\*\*@proxy\.example\.com\)/);
    assert.match(hits[2].message, /^mcp_servers\.cli\.args\[1\] has a credential inside the URL \(wss:\/\/\*\*\*\*@ws\.example\.com\)/);
    const all = JSON.stringify(lintText(text, { kind: 'user' }).findings);
    for (const s of ['hunter2pass', 'ghp_abcdefghij', 's3cr3tpass', 'bob:']) assert.ok(!all.includes(s), s);
  });
  it('the inline MCP bearer_token error shows it redacted', () => {
    const f = lintText('[mcp_servers.d]\nurl = "https://x.example.com"\nbearer_token = "abcdefghijklmnopq"\n', {
      kind: 'user',
    }).findings.find((x) => x.code === 'CP006')!;
    assert.match(f.message, /"\*\*\*\*" \(17 characters\)/);
    assert.ok(!f.message.includes('abcdefgh'));
  });
});

describe('lint rules table', () => {
  it('the README documents every rule code with an anchor', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
    for (const r of RULES) assert.ok(readme.includes(`<a id="${r.code.toLowerCase()}"></a>`), `README lacks the anchor for ${r.code}`);
  });
  it('the project layer strips keys, the engine and lint agree on load errors', () => {
    const f = lintText('model_provider = "x"\napproval_policy = "untrusted"\n', { kind: 'project', projectTrusted: null }).findings.map(
      (x) => x.code,
    );
    assert.deepEqual(f.sort(), ['CP003', 'CP205', 'CP206']);
  });
  it('regression: a key named like an Object method is an unknown key, not a team-guide key', () => {
    const f = lintText('constructor = 1\n[sandbox_workspace_write]\ntoString = 1\n', { kind: 'user' }).findings;
    assert.deepEqual(
      f.map((x) => x.code),
      ['CP101', 'CP101'],
    );
    assert.ok(
      f.every((x) => !/native code/.test(x.message)),
      f.map((x) => x.message).join('\n'),
    );
  });
  it('a 1,000-line config lints without throwing and finds what it holds', () => {
    const lines = ['sandbox_mode = "workspace-write"'];
    for (let i = 0; lines.length < 1000; i++) lines.push(`[mcp_servers.s${i}]`, 'command = "npx"', `args = ["-y", "server-${i}"]`, '');
    const r = lintText(lines.join('\n'), { kind: 'user' });
    assert.equal(r.parsed, true);
    assert.equal(r.findings.filter((f) => f.severity === 'error').length, 0);
  });
});

describe('codex-posture lint', () => {
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    let out = '';
    let err = '';
    const code = await main(args, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') }, env);
    return { code, out, err };
  };
  it('--cwd adds what the layers decide there: an untrusted project is ignored (its error only a warning), an overridden key', async () => {
    const w = makeWorld();
    try {
      const repo = w.gitInit('repo');
      const user = w.write('home/.codex/config.toml', `sandbox_mode = "read-only"\n[projects."${repo}"]\ntrust_level = "untrusted"\n`);
      const project = w.write('repo/.codex/config.toml', 'sandbox_mode = "workspace-write\n');
      const env = { HOME: w.path('home'), CODEX_HOME: w.path('home/.codex') };
      assert.equal((await run(['lint', project], env)).code, 1, 'without --cwd the file alone is judged: Codex cannot parse it');
      let r = await run(['lint', '--cwd', repo, project], env);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /information CP206 Codex ignores this whole file: .*repo is marked untrusted \(~\/\.codex\/config\.toml:3\)/);
      assert.match(
        r.out,
        /warning CP001 Codex ignores this untrusted project's file for now; once the project is trusted, Codex will refuse to start: /,
      );
      w.write('home/.codex/config.toml', `sandbox_mode = "read-only"\n[projects."${repo}"]\ntrust_level = "trusted"\n`);
      w.write('repo/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
      r = await run(['lint', '--format', 'json', '--cwd', repo, user], env);
      const f = (JSON.parse(r.out) as { files: { findings: { code: string; line: number; message: string }[] }[] }).files[0].findings.find(
        (x) => x.code === 'CP207',
      );
      assert.ok(f, r.out);
      assert.equal(f.line, 1);
      assert.match(f.message, /danger-full-access, set by .*repo\/\.codex\/config\.toml:1/);
      assert.equal((await run(['lint', '--cwd', w.path('nope'), user], env)).code, 2);
    } finally {
      w.dispose();
    }
  });
  it('exit 0 with warnings only, 1 with an error, 2 on bad usage or an unreadable file', async () => {
    const w = makeWorld();
    try {
      const ok = w.write('home/.codex/config.toml', 'sandbox_mod = "read-only"\n');
      const bad = w.write('repo/.codex/config.toml', 'sandbox_mode = "full"\n');
      assert.equal((await run(['lint', ok])).code, 0);
      const r = await run(['lint', '--format', 'json', ok, bad]);
      assert.equal(r.code, 1);
      const json = JSON.parse(r.out) as {
        files: {
          path: string;
          findings: { code: string; severity: string; line: number; column: number; endLine: number; endColumn: number }[];
        }[];
      };
      assert.equal(json.files[1].findings[0].code, 'CP002');
      assert.deepEqual(Object.keys(json.files[1].findings[0]).sort(), [
        'code',
        'column',
        'endColumn',
        'endLine',
        'line',
        'message',
        'severity',
      ]);
      assert.equal((await run(['lint', '--format', 'xml', ok])).code, 2);
      assert.equal((await run(['lint'])).code, 2);
      assert.equal((await run(['lint', w.path('missing.toml')])).code, 2);
      const sarif = JSON.parse((await run(['lint', '--format', 'sarif', bad])).out) as {
        version: string;
        runs: { results: { ruleId: string; level: string }[] }[];
      };
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.runs[0].results[0].ruleId, 'CP002');
      assert.equal(sarif.runs[0].results[0].level, 'error');
    } finally {
      w.dispose();
    }
  });
  it('check fails on the team policy; lint --forbid adds rules', async () => {
    const w = makeWorld();
    try {
      const f = w.write(
        'home/.codex/config.toml',
        'sandbox_mode = "danger-full-access"\n[sandbox_workspace_write]\nnetwork_access = true\n',
      );
      assert.equal((await run(['lint', f])).code, 0);
      const c = await run(['check', f]);
      assert.equal(c.code, 1);
      assert.match(c.out, /CP900 Team policy forbids sandbox_mode = "danger-full-access"/);
      const n = w.write('b/config.toml', 'sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\n');
      assert.equal((await run(['check', n])).code, 0);
      assert.equal((await run(['lint', '--forbid', 'network', n])).code, 1);
      assert.equal((await run(['lint', '--forbid', 'bogus', n])).code, 2);
    } finally {
      w.dispose();
    }
  });
});

describe('JSON schema for Even Better TOML', () => {
  it('schemas/codex-config.schema.json is what the rule data generates (node out/scripts/genSchema.js)', () => {
    const { buildJsonSchema } = require('../../src/core/rules/jsonSchema') as typeof import('../../src/core/rules/jsonSchema');
    const committed = fs.readFileSync(path.join(__dirname, '../../../schemas/codex-config.schema.json'), 'utf8');
    assert.equal(committed, JSON.stringify(buildJsonSchema(), null, 2) + '\n');
  });
});
