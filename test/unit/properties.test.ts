// Property-based tests (fast-check) over the TOML parser, the lint rules and every quick fix:
// thousands of generated configs, no exception, and every fix leaves a file that still parses.
// One seed for every run (test/support/fastCheckSeed.ts); a failure prints it with the shrink path.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTomlWithPositions, pathKey } from '../../src/core/config/toml';
import { applyEdits, lintText, type ConfigFileKind } from '../../src/core/rules/lint';

const KINDS: readonly ConfigFileKind[] = ['user', 'project', 'profile', 'system', 'requirements'];

/** Values people write, including the wrong ones each rule is about. */
const value = fc.oneof(
  fc.constantFrom(
    '"read-only"',
    '"workspace-write"',
    '"danger-full-access"',
    '"on-request"',
    '"on-failure"',
    '"never"',
    '"untrusted"',
    '"live"',
    '"cached"',
    '"disabled"',
    'true',
    'false',
    '"chat"',
    '"responses"',
    '":workspace"',
    '":danger-full-access"',
    '"C:\\temp\\new"',
    "'C:\\temp'",
    '"sk-abcdefghijklmnopqrstuvwx"',
    '"Bearer abcdefghijkl"',
    '"http://example.com/v1"',
    '"https://api.openai.com/v1"',
    '["notify-send", "done"]',
    '{ Authorization = "Bearer abcdefghijkl" }',
    '[]',
    '{}',
    '1',
    '3.5',
    '1979-05-27T07:32:00Z',
    '"""multi\nline"""',
    "'''lit'''",
    '"\\u00e9"',
    '"${TOKEN}"',
  ),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
);

const key = fc.oneof(
  fc.constantFrom(
    'sandbox_mode',
    'approval_policy',
    'web_search',
    'network_access',
    'writable_roots',
    'default_permissions',
    'model',
    'profile',
    'notify',
    'openai_base_url',
    'chatgpt_base_url',
    'wire_api',
    'bearer_token',
    'bearer_token_env_var',
    'experimental_bearer_token',
    'env_key',
    'base_url',
    'requires_openai_auth',
    'ask_for_approval',
    'allowlisted_domains',
    'sandbox_mod',
    'aproval_policy',
    'trust_level',
    'web_search_request',
    'web_search_cached',
    'network_proxy',
    'enabled',
    'command',
    'args',
    'env',
    'http_headers',
    'model_provider',
    'approvals_reviewer',
    'tools.web_search',
    'features.web_search_request',
    '"quoted key"',
    '"dotted.in.quotes"',
    'a.b.c',
  ),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,10}$/),
);

const header = fc.oneof(
  fc.constantFrom(
    '[sandbox_workspace_write]',
    '[tools]',
    '[features]',
    '[profiles.fast]',
    '[profiles.fast.sandbox_workspace_write]',
    '[mcp_servers.docs]',
    '[mcp_servers.docs.env]',
    '[mcp_servers.docs.http_headers]',
    '[model_providers.openai]',
    '[model_providers.corp]',
    '[permissions.dev]',
    '[permissions.dev.network]',
    '[permissions.dev.network.domains]',
    '[projects."/tmp/x"]',
    '[sandbox_read_only]',
    '[[skills.config]]',
    '[tui]',
    '[shell_environment_policy]',
  ),
  key.map((k) => `[${k}]`),
);

const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k} = ${v}`) },
  { weight: 2, arbitrary: header },
  { weight: 1, arbitrary: fc.constantFrom('', '# comment', '   ', '\t# indented comment') },
  { weight: 1, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k} = ${v} # trailing`) },
);

/** A config: lines in any order (so keys land below headers, duplicates happen), LF or CRLF. */
const config = fc
  .tuple(fc.array(line, { maxLength: 14 }), fc.boolean(), fc.boolean())
  .map(([lines, crlf, bom]) => (bom ? '\ufeff' : '') + lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n'));

/** Counterexamples fast-check found, kept as table-driven regressions named after the bug. */
const FIX_REGRESSIONS: readonly { bug: string; toml: string }[] = [
  { bug: 'removing a key written as a [table] header deleted only its name', toml: '[ask_for_approval]\n' },
  {
    bug: 'moving a captured [features] key up duplicated an existing top-level key',
    toml: 'profile = "read-only"\n[features]\nprofile = ""\n',
  },
  {
    bug: 'moving the implied parent of a dotted key wrote `tools = tools.web_search`',
    toml: '[sandbox_workspace_write]\ntools.web_search = "read-only"\n',
  },
  {
    bug: 'replacing an inline bearer_token duplicated an existing bearer_token_env_var',
    toml: '[mcp_servers.docs]\nbearer_token_env_var = ""\nbearer_token = "read-only"\n',
  },
  {
    bug: 'removing network_access written as a header left a broken header',
    toml: 'sandbox_mode = "read-only"\n[sandbox_workspace_write.network_access]\nx = 1\n',
  },
];

describe('quick-fix regressions found by fast-check', () => {
  for (const { bug, toml } of FIX_REGRESSIONS) {
    it(bug, () => {
      const findings = lintText(toml, { kind: 'user', file: '/w/.codex/config.toml' }).findings;
      assert.ok(
        findings.some((f) => f.fixes.length),
        'the case still offers a fix',
      );
      for (const f of findings)
        for (const fix of f.fixes)
          assert.ok(
            parseTomlWithPositions(applyEdits(toml, fix.edits)).ok,
            `${f.code} "${fix.title}" -> ${JSON.stringify(applyEdits(toml, fix.edits))}`,
          );
    });
  }
});

describe('property-based: parser, rules and quick fixes', function () {
  this.timeout(60_000);

  it('the parser never throws on arbitrary text, and its index keys are exact path keys', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), config), (text) => {
        const p = parseTomlWithPositions(text);
        if (p.ok) {
          for (const k of p.locations.keys()) assert.equal(pathKey(JSON.parse(k) as (string | number)[]), k);
        } else {
          assert.ok(p.error.line >= 1 && p.error.column >= 1 && p.error.message.length > 0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('lint never throws on arbitrary text, for every file kind; spans lie inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), config), fc.constantFrom(...KINDS), (text, kind) => {
        const r = lintText(text, { kind, file: '/w/.codex/config.toml', projectTrusted: null });
        const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        for (const f of r.findings) {
          assert.ok(
            f.span.start >= 0 && f.span.end <= body.length && f.span.start <= f.span.end,
            `${f.code} span ${f.span.start}-${f.span.end} of ${body.length}`,
          );
          assert.ok(f.message.length > 0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('every quick fix on a generated config leaves a file that parses (and a created file parses too)', () => {
    let fixes = 0;
    fc.assert(
      fc.property(config, fc.constantFrom<ConfigFileKind>('user', 'project', 'profile'), (text, kind) => {
        const r = lintText(text, { kind, file: '/w/.codex/config.toml' });
        if (!r.parsed) return;
        const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        for (const f of r.findings) {
          for (const fix of f.fixes) {
            fixes++;
            const after = applyEdits(body, fix.edits);
            const p = parseTomlWithPositions(after);
            assert.ok(p.ok, `fix "${fix.title}" for ${f.code} broke the file:\n${after}\n${p.ok ? '' : p.error.message}`);
            if (fix.createFile)
              assert.ok(parseTomlWithPositions(fix.createFile.content).ok, `created ${fix.createFile.path} does not parse`);
          }
        }
      }),
      { numRuns: 2500 },
    );
    assert.ok(fixes > 500, `only ${fixes} fixes exercised; the generator should reach the rules`);
  });
});
