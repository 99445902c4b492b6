// The load errors of codex-findings.md section 12, one row each: the file, where Codex names the
// problem (a line, or none) and what it says. Every row was measured with codex 0.171; the lint
// differential (lintCorpus.ts) measures the same files again against the binary.
import * as assert from 'node:assert/strict';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { checkFile, checkFilesReadAtLoad, checkModelProvider, filesReadAtLoad, problemLine } from '../../src/core/config/validate';
import { lintText } from '../../src/core/rules/lint';

interface Row {
  readonly name: string;
  readonly toml: string;
  /** The line Codex names, or null when it names none. */
  readonly line: number | null;
  readonly message: RegExp;
}

const ROWS: readonly Row[] = [
  {
    name: 'MCP tool approval word',
    toml: '[mcp_servers.s]\ncommand = "true"\n[mcp_servers.s.tools.t]\napproval_mode = "bogus"\n',
    line: 4,
    message: /unknown variant `bogus`, expected one of `auto`, `prompt`, `writes`, `approve`/,
  },
  {
    name: 'MCP default approval word',
    toml: '[mcp_servers.s]\ncommand = "true"\ndefault_tools_approval_mode = "ask"\n',
    line: 3,
    message: /unknown variant `ask`/,
  },
  {
    name: 'app approval word, at the [apps...] header',
    toml: 'model = "m"\n[apps.x]\ndefault_tools_approval_mode = "no"\n',
    line: 2,
    message: /apps\.x\.default_tools_approval_mode/,
  },
  {
    name: 'app boolean, at the [apps...] header',
    toml: 'model = "m"\n\n[apps.x]\nenabled = "yes"\n',
    line: 3,
    message: /expected a boolean/,
  },
  { name: 'app defaults, at the value', toml: 'model = "m"\n[apps._default]\nenabled = "yes"\n', line: 3, message: /expected a boolean/ },
  {
    name: 'plugin MCP approval word',
    toml: '[plugins.p.mcp_servers.s]\ndefault_tools_approval_mode = "x"\n',
    line: 1,
    message: /plugins\.p/,
  },
  { name: 'windows sandbox word', toml: '[windows]\nsandbox = "admin"\n', line: 2, message: /`elevated`, `unelevated`, `mxc`/ },
  { name: 'realtime version word', toml: '[realtime]\nversion = "v9"\n', line: 2, message: /`v1`, `v2`, `v3`/ },
  {
    name: 'permissions network mode',
    toml: 'default_permissions = "p"\n[permissions.p.network]\nmode = "open"\n',
    line: 2,
    message: /network\.mode/,
  },
  {
    name: 'hook type, at the hooks header',
    toml: 'model = "m"\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "x"\n',
    line: 2,
    message: /`command`, `mcp_tool`/,
  },
  {
    name: 'tool suggestion type',
    toml: '[[tool_suggest.discoverables]]\nid = "x"\ntype = "app"\n',
    line: 3,
    message: /`connector`, `plugin`/,
  },
  {
    name: 'in-memory thread store without id',
    toml: 'model = "m"\n[experimental_thread_store]\ntype = "in_memory"\n',
    line: 2,
    message: /missing field `id`/,
  },
  {
    name: 'negative startup timeout, at the server table',
    toml: 'model = "m"\n\n[mcp_servers.s]\ncommand = "true"\nstartup_timeout_sec = -1\n',
    line: 3,
    message: /value is negative/,
  },
  {
    name: 'NaN startup timeout, dotted',
    toml: 'model = "m"\nmcp_servers.s.command = "true"\nmcp_servers.s.startup_timeout_sec = nan\n',
    line: 2,
    message: /too big or NaN/,
  },
  {
    name: 'infinite tool timeout, at the value',
    toml: '[mcp_servers.s]\ncommand = "true"\ntool_timeout_sec = inf\n',
    line: 3,
    message: /too big or NaN/,
  },
  { name: 'u32 map, at its header', toml: 'model = "m"\n[tui.model_availability_nux]\nx = -1\n', line: 2, message: /0 to 4294967295/ },
  { name: 'i32', toml: '[agents]\nmax_depth = 2147483648\n', line: 2, message: /-2147483648 to 2147483647/ },
  { name: 'mouse scroll speed', toml: '[tui]\nmouse_scroll_speed = 0\n', line: 2, message: /finite positive/ },
  {
    name: 'compact percent above 100',
    toml: 'model_post_turn_compact_threshold_percent = 150\n',
    line: null,
    message: /between 0 and 100/,
  },
  {
    name: 'agents.max_threads = 0, by its internal name',
    toml: '[agents]\nmax_threads = 0\n',
    line: null,
    message: /max_concurrent_threads_per_session must be at least 1/,
  },
  {
    name: 'multi_agent_v2 timeout',
    toml: '[features.multi_agent_v2]\nmin_wait_timeout_ms = 3600001\n',
    line: null,
    message: /at most 3600000/,
  },
  {
    name: 'boolean feature as a table',
    toml: 'model = "m"\n[features]\nhooks = { enabled = true }\n',
    line: 3,
    message: /expected a boolean for features\.hooks/,
  },
  {
    name: 'boolean feature as a header table',
    toml: 'model = "m"\n[features.shell_snapshot]\nenabled = true\n',
    line: 2,
    message: /expected a boolean/,
  },
  {
    name: 'table feature, unknown setting',
    toml: '[features.network_proxy]\nmodee = "full"\n',
    line: 1,
    message: /`modee` is not one of its settings/,
  },
  { name: 'table feature as a string', toml: '[features]\nnetwork_proxy = "on"\n', line: 2, message: /a boolean or a table/ },
  {
    name: 'context_management has no enabled',
    toml: '[features.context_management]\nenabled = true\n',
    line: 1,
    message: /`enabled` is not one of its settings/,
  },
];

const LOADS: readonly string[] = [
  '[mcp_servers.s]\ncommand = "true"\nstartup_timeout_sec = 0\ntool_timeout_sec = 2.5\n[mcp_servers.s.tools.t]\napproval_mode = "writes"\n',
  '[realtime]\nversion = "v3"\nvoice = "verse"\n',
  '[features.network_proxy]\nenabled = true\nmode = "full"\ndomains = { "a.com" = "allow" }\n',
  '[features.token_budget]\nenabled = true\n',
  '[agents]\nmax_depth = 0\njob_max_runtime_seconds = 0\n',
  'model_context_window = -1\n[tui]\nsidebar_width_percent = 150\n',
  'experimental_thread_store = { type = "in_memory", id = "t" }\n',
  '[profiles.p]\nmodel_provider = "nowhere"\nmodel_instructions_file = "/nonexistent"\n',
];

describe('load errors Codex 0.171 has that the engine and lint missed before (measured)', () => {
  for (const row of ROWS) {
    it(`${row.name}: ${row.line === null ? 'no line' : `line ${row.line}`}`, () => {
      const parsed = parseTomlWithPositions(row.toml);
      assert.ok(parsed.ok);
      const { problems } = checkFile(parsed.value, { isProject: false });
      const p = problems.find((x) => row.message.test(x.message));
      assert.ok(p, problems.map((x) => x.message).join('\n'));
      const at = problemLine(p, parsed.locations);
      assert.equal(at?.line ?? null, row.line);
      // Lint reports it as an error (on Codex's line where Codex names one).
      const errors = lintText(row.toml, { kind: 'user' }).findings.filter((f) => f.severity === 'error');
      assert.ok(
        errors.some((f) => f.code === 'CP002' && (row.line === null || f.span.line === row.line)),
        errors.map((f) => `${f.span.line}: ${f.message}`).join('\n'),
      );
    });
  }

  for (const toml of LOADS) {
    it(`loads: ${toml.split('\n')[0]}`, () => {
      const parsed = parseTomlWithPositions(toml);
      assert.ok(parsed.ok);
      assert.deepEqual(
        checkFile(parsed.value, { isProject: false }).problems.map((p) => p.message),
        [],
      );
    });
  }

  it('model_provider: built-ins and defined providers pass, anything else is "not found"', () => {
    for (const id of ['openai', 'ollama', 'lmstudio', 'amazon-bedrock'])
      assert.equal(checkModelProvider({ model_provider: id }), undefined);
    assert.equal(checkModelProvider({ model_provider: 'acme', model_providers: { acme: { name: 'A' } } }), undefined);
    for (const id of ['oss', 'azure', 'OpenAI', ''])
      assert.equal(checkModelProvider({ model_provider: id })?.message, `Model provider \`${id}\` not found`);
    assert.equal(checkModelProvider({ model_provider: 'acme' })?.noLine, true);
  });

  it('files read while loading: relative to the naming file, first missing one named, folders are not files', () => {
    const files = filesReadAtLoad(
      { model_catalog_json: 'c.json', experimental_compact_prompt_file: '/abs/p.md', model_instructions_file: 'sub/i.md' },
      '/home/me/.codex',
    );
    assert.deepEqual(
      files.map((f) => f.file),
      ['/home/me/.codex/sub/i.md', '/abs/p.md', '/home/me/.codex/c.json'],
    );
    const kinds: Record<string, 'file' | 'not-file' | 'missing'> = { '/home/me/.codex/sub/i.md': 'not-file' };
    assert.equal(
      checkFilesReadAtLoad(files, (f) => kinds[f] ?? 'missing')?.message,
      'failed to read model instructions file /home/me/.codex/sub/i.md: path `/home/me/.codex/sub/i.md` is not a file',
    );
    assert.equal(
      checkFilesReadAtLoad(files, () => 'file'),
      undefined,
    );
  });
});
