// Generated config files for the lint differential suite (lint.differential.test.ts): the kind of
// file people write by hand, not the kind a TOML fuzzer writes. Known keys come from the rule data
// (codexKeys.ts, validate.ts) with right and wrong values; tables come in any order and in every
// TOML form (headers, dotted keys, inline tables, sub-headers); top-level keys land below a header
// by mistake; keys get typos; some files have TOML errors. Most files are meant to load, some not:
// what codex really does with each one is measured at test time, never assumed here.
//
// Deterministic: file i of seed s is `gen-s<s>-<i>` and depends only on (s, i), so one file can be
// rerun on its own with CODEX_POSTURE_LINT_ONLY=gen-s<s>-<i>.
import { KNOWN_FEATURES } from '../../src/core/rules/codexKeys';
import { APPROVAL_WORDS, REVIEWER_WORDS, TRUST_WORDS } from '../../src/core/config/validate';
import { SANDBOX_MODES, WEB_SEARCH_MODES } from '../../src/core/config/types';
import type { LintCase } from './lintCorpus';

/** mulberry32: a tiny 32-bit PRNG, good enough to pick between alternatives. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

/** A value as TOML source, or a table of further nodes. */
type Node = { readonly src: string } | { readonly entries: [string, Node][] };
const v = (src: string): Node => ({ src });
const tbl = (entries: [string, Node][]): Node => ({ entries });
const isTbl = (n: Node): n is Extract<Node, { entries: unknown }> => 'entries' in n;
const q = (s: string) => JSON.stringify(s);

/** Probability that one value is deliberately wrong; a file has ~10 values, so most files load. */
const BAD = 0.035;

interface Choice {
  readonly good: readonly string[];
  readonly bad: readonly string[];
}
const words = (good: readonly string[], bad: readonly string[]): Choice => ({ good: good.map(q), bad });
const BOOL: Choice = { good: ['true', 'false'], bad: ['"yes"', '1', '"true"'] };
const STR = (...good: string[]): Choice => ({ good: good.map(q), bad: ['5', 'true', `[${q(good[0])}]`] });
const INT = (...good: number[]): Choice => ({ good: good.map(String), bad: [q(String(good[0])), '1.5', '-1', 'true'] });
const STRS = (...good: string[][]): Choice => ({ good: good.map((g) => `[${g.map(q).join(', ')}]`), bad: [q(good[0][0] ?? 'x'), '[1, 2]', 'true'] });

function choose(r: Rng, c: Choice): string {
  return r.chance(BAD) && c.bad.length ? r.pick(c.bad) : r.pick(c.good);
}

function granular(r: Rng): Node {
  const fields = ['sandbox_approval', 'rules', 'mcp_elicitations', 'request_permissions', 'skill_approval'];
  const entries: [string, Node][] = [];
  for (const f of fields) {
    const required = f === 'sandbox_approval' || f === 'rules' || f === 'mcp_elicitations';
    // Missing required fields are a classic: only `rules` is documented as required.
    if (required ? !r.chance(BAD * 3) : r.chance(0.4)) entries.push([f, v(r.chance(BAD) ? '"yes"' : r.pick(['true', 'false']))]);
  }
  return tbl([['granular', tbl(r.shuffle(entries))]]);
}

/** Top-level scalar keys with what they hold. */
const TOP: Record<string, (r: Rng) => Node> = {
  sandbox_mode: (r) => v(choose(r, words(SANDBOX_MODES, ['"full"', '"workspace_write"', '"readonly"', 'true']))),
  approval_policy: (r) => (r.chance(0.2) ? granular(r) : v(choose(r, words(APPROVAL_WORDS, ['"untrusted"', '"always"', '5', '"on_request"'])))),
  approvals_reviewer: (r) => v(choose(r, words(REVIEWER_WORDS, ['"robot"', '"auto-review"']))),
  web_search: (r) => v(choose(r, words(WEB_SEARCH_MODES, ['true', '"on"', '"enabled"']))),
  model: (r) => v(choose(r, STR('gpt-5.5', 'o3', 'gpt-5-codex'))),
  review_model: (r) => v(choose(r, STR('gpt-5.5'))),
  model_reasoning_effort: (r) => v(choose(r, { good: ['"low"', '"medium"', '"high"', '"minimal"', '"xhigh"'], bad: ['""', '3', 'true'] })),
  model_reasoning_summary: (r) => v(choose(r, words(['auto', 'concise', 'detailed', 'none'], ['"short"', 'false']))),
  model_verbosity: (r) => v(choose(r, words(['low', 'medium', 'high'], ['"loud"', '1']))),
  forced_login_method: (r) => v(choose(r, words(['chatgpt', 'api'], ['"apikey"', 'true']))),
  model_context_window: (r) => v(choose(r, INT(200000, 400000))),
  model_auto_compact_token_limit: (r) => v(choose(r, INT(150000))),
  project_doc_max_bytes: (r) => v(choose(r, INT(32768, 65536))),
  tool_output_token_limit: (r) => v(choose(r, INT(10000))),
  hide_agent_reasoning: (r) => v(choose(r, BOOL)),
  show_raw_agent_reasoning: (r) => v(choose(r, BOOL)),
  check_for_update_on_startup: (r) => v(choose(r, BOOL)),
  disable_paste_burst: (r) => v(choose(r, BOOL)),
  notify: (r) => v(choose(r, STRS(['notify-send', 'Codex'], ['/usr/local/bin/ding']))),
  openai_base_url: (r) => v(choose(r, STR('https://api.openai.com/v1', 'https://proxy.example.com/v1', 'http://10.0.0.2:8080/v1'))),
  chatgpt_base_url: (r) => v(choose(r, STR('https://chatgpt.com/backend-api/'))),
  project_root_markers: (r) => v(choose(r, STRS(['.git'], ['.git', '.hg'], []))),
  file_opener: (r) => v(choose(r, words(['vscode', 'cursor', 'windsurf', 'none'], ['"emacs"', 'true']))),
  instructions: (r) => v(choose(r, STR('Be brief.'))),
  developer_instructions: (r) => v(r.chance(0.5) ? `"""\nAlways run the tests.\nNever push.\n"""` : choose(r, STR('Prefer small diffs.'))),
  log_dir: (r) => v(choose(r, STR('/tmp/codex-logs'))),
  service_tier: (r) => v(choose(r, { good: ['"fast"', '"flex"'], bad: ['5'] })),
  model_auto_compact_token_limit_scope: (r) => v(choose(r, words(['total', 'body_after_prefix'], ['"all"']))),
};

const PATHS = ['/tmp/proj-a', '/tmp/proj-b', '/home/me/src/app', '/srv/repo', 'C:\\\\Users\\\\me\\\\code'];
const NAMES = ['docs', 'github', 'fs', 'search', 'db'];
const PROVIDERS = ['acme', 'azure', 'local', 'mistral', 'openrouter'];
const PROFILE_NAMES = ['fast', 'safe', 'work', 'full_auto', 'review'];
const DOMAINS = ['example.com', 'api.github.com', '*.npmjs.org', 'pypi.org'];

function entriesOf(r: Rng, gens: Record<string, (r: Rng) => Node>, min: number, max: number): [string, Node][] {
  const keys = r.shuffle(Object.keys(gens)).slice(0, min + r.int(max - min + 1));
  return keys.map((k) => [k, gens[k](r)]);
}

const TABLES: Record<string, (r: Rng) => Node> = {
  sandbox_workspace_write: (r) =>
    tbl(entriesOf(r, {
      writable_roots: (r) => v(choose(r, STRS(['/tmp/extra'], ['/srv/cache', '../shared'], []))),
      network_access: (r) => v(choose(r, BOOL)),
      exclude_tmpdir_env_var: (r) => v(choose(r, BOOL)),
      exclude_slash_tmp: (r) => v(choose(r, BOOL)),
    }, 1, 4)),
  features: (r) => {
    const pool = ['web_search_request', 'web_search_cached', 'network_proxy', 'unified_exec', 'shell_snapshot', 'multi_agent', 'hooks', 'undo', 'memories', 'apply_patch_freeform', ...r.shuffle([...KNOWN_FEATURES]).slice(0, 4)];
    const n = 1 + r.int(4);
    const out: [string, Node][] = [];
    for (const f of r.shuffle([...new Set(pool)]).slice(0, n)) out.push([f, v(choose(r, BOOL))]);
    return tbl(out);
  },
  tools: (r) => {
    if (r.chance(0.5)) return tbl([['web_search', v(choose(r, { good: ['true', 'false'], bad: ['"live"', '"cached"'] }))]]);
    return tbl([['web_search', tbl(entriesOf(r, {
      context_size: (r) => v(choose(r, words(['low', 'medium', 'high'], ['"huge"']))),
      allowed_domains: (r) => v(choose(r, STRS(['example.com'], ['docs.python.org', 'developer.mozilla.org']))),
    }, 1, 2))]]);
  },
  history: (r) => tbl(entriesOf(r, { persistence: (r) => v(choose(r, words(['save-all', 'none'], ['"all"', 'false']))), max_bytes: (r) => v(choose(r, INT(1048576))) }, 1, 2)),
  tui: (r) => tbl(entriesOf(r, {
    notifications: (r) => v(r.chance(0.3) ? '["agent-turn-complete", "approval-requested"]' : choose(r, BOOL)),
    animations: (r) => v(choose(r, BOOL)),
    show_tooltips: (r) => v(choose(r, BOOL)),
    alternate_screen: (r) => v(choose(r, { good: ['"auto"', '"always"', '"never"'], bad: ['"sometimes"'] })),
  }, 1, 3)),
  otel: (r) => tbl(entriesOf(r, {
    exporter: (r) => v(choose(r, { good: ['"none"'], bad: ['"stdout"', '5'] })),
    environment: (r) => v(choose(r, STR('dev', 'prod'))),
    log_user_prompt: (r) => v(choose(r, BOOL)),
  }, 1, 3)),
  shell_environment_policy: (r) => tbl(entriesOf(r, {
    inherit: (r) => v(choose(r, words(['all', 'core', 'none'], ['"some"', 'true']))),
    exclude: (r) => v(choose(r, STRS(['*TOKEN*', '*SECRET*'], ['AWS_*']))),
    include_only: (r) => v(choose(r, STRS(['PATH', 'HOME']))),
    ignore_default_excludes: (r) => v(choose(r, BOOL)),
    set: (r) => tbl([['CI', v('"1"')], ['RUST_LOG', v(r.chance(BAD) ? '1' : '"info"')]]),
  }, 1, 4)),
  analytics: (r) => tbl([['enabled', v(choose(r, BOOL))]]),
};

function trustEntry(r: Rng): Node {
  const e: [string, Node][] = [['trust_level', v(choose(r, { good: TRUST_WORDS.map(q), bad: ['"maybe"', '"Trusted"', 'true'] }))]];
  if (r.chance(0.08)) e.push([r.pick(['trusted', 'trust', 'sandbox_mode']), v(r.pick(['true', '"read-only"']))]);
  return tbl(r.shuffle(e));
}

function provider(r: Rng): Node {
  const e = entriesOf(r, {
    env_key: (r) => v(choose(r, STR('ACME_API_KEY'))),
    wire_api: (r) => v(r.chance(0.08) ? '"chat"' : choose(r, { good: ['"responses"'], bad: ['"completions"', '5'] })),
    query_params: (r) => tbl([['api-version', v('"2025-04-01-preview"')]]),
    http_headers: (r) => tbl([[r.pick(['X-Team', 'Authorization']), v(r.pick(['"platform"', '"Bearer abcdefghijklmnop1234"']))]]),
    env_http_headers: (r) => tbl([['X-Api-Key', v('"ACME_HEADER"')]]),
    request_max_retries: (r) => v(choose(r, INT(4))),
    stream_idle_timeout_ms: (r) => v(choose(r, INT(300000))),
    requires_openai_auth: (r) => v(choose(r, BOOL)),
    experimental_bearer_token: (r) => v(choose(r, STR('sk-test-abcdefghijklmnopqrstu'))),
  }, 0, 4);
  // A provider without base_url is fine for codex only if it is never used; keep it mostly present.
  // A provider needs a non-empty name even when nothing uses it; people forget it now and then.
  if (!r.chance(0.06)) e.unshift(['name', v(r.chance(BAD) ? '""' : choose(r, STR('Acme', 'Local')))]);
  if (r.chance(0.9)) e.unshift(['base_url', v(choose(r, STR('https://api.acme.example/v1', 'http://localhost:11434/v1', 'http://gpu-box:8000/v1')))]);
  return tbl(e);
}

function mcpServer(r: Rng): Node {
  const stdio = r.chance(0.6);
  const e: [string, Node][] = [];
  if (stdio) {
    // Commands that exist nowhere and local URLs: the suite switches servers off anyway (mcpOff).
    e.push(['command', v(choose(r, STR('docs-mcp-server', '/opt/mcp/bin/github-mcp', './node_modules/.bin/mcp-fs')))]);
    if (r.chance(0.7)) e.push(['args', v(choose(r, STRS(['-y', '@acme/docs-mcp'], ['mcp-server-fetch'], ['server', '--token', 'ghp_abcdefghijklmnopqrstuvwxyz0123'])))]);
    if (r.chance(0.3)) e.push(['env', tbl([['DOCS_TOKEN', v(r.pick(['"supersecretvalue123"', '"${DOCS_TOKEN}"']))]])]);
    if (r.chance(0.3)) e.push(['env_vars', v(choose(r, STRS(['DOCS_TOKEN'])))]);
    if (r.chance(0.15)) e.push(['cwd', v(choose(r, STR('/tmp')))]);
  } else {
    e.push(['url', v(choose(r, STR('http://127.0.0.1:9/mcp', 'http://localhost:9/mcp')))]);
    if (r.chance(0.5)) e.push(['bearer_token_env_var', v(choose(r, STR('MCP_TOKEN')))]);
    if (r.chance(0.07)) e.push(['bearer_token', v('"abcdefghijklmnop"')]);
    if (r.chance(0.3)) e.push(['http_headers', tbl([[r.pick(['X-Org', 'Authorization']), v(r.pick(['"acme"', '"Bearer abcdefghijklmnop1234"']))]])]);
    if (r.chance(0.2)) e.push(['env_http_headers', tbl([['X-Token', v('"MCP_HEADER_TOKEN"')]])]);
  }
  // A field of the other transport (a stdio server with http_headers, ...): codex refuses it.
  if (r.chance(0.04)) e.push(stdio ? ['bearer_token_env_var', v('"MCP_TOKEN"')] : ['args', v('["--verbose"]')]);
  if (r.chance(0.3)) e.push(['enabled', v(choose(r, BOOL))]);
  if (r.chance(0.2)) e.push(['startup_timeout_sec', v(choose(r, { good: ['20', '30.5'], bad: ['"20s"'] }))]);
  if (r.chance(0.2)) e.push(['tool_timeout_sec', v(choose(r, { good: ['60'], bad: ['"1m"'] }))]);
  if (r.chance(0.15)) e.push(['enabled_tools', v(choose(r, STRS(['search', 'fetch'])))]);
  if (r.chance(0.15)) e.push(['required', v(choose(r, BOOL))]);
  // No transport at all: codex names the header.
  if (r.chance(0.04)) return tbl(e.filter(([k]) => k !== 'command' && k !== 'url'));
  return tbl(r.shuffle(e));
}

function permissionProfile(r: Rng): Node {
  const e: [string, Node][] = [];
  if (r.chance(0.3)) e.push(['extends', v(choose(r, { good: ['":read-only"', '":workspace"'], bad: ['":bogus"'] }))]);
  const net: [string, Node][] = [];
  if (r.chance(0.8)) net.push(['enabled', v(choose(r, BOOL))]);
  if (r.chance(0.3)) {
    const d: [string, Node][] = r.shuffle([...DOMAINS]).slice(0, 1 + r.int(2)).map((x) => [x, v(choose(r, { good: ['"allow"', '"deny"'], bad: ['"block"'] }))]);
    net.push(['domains', tbl(d)]);
  }
  if (net.length) e.push(['network', tbl(net)]);
  if (r.chance(0.3)) e.push(['filesystem', tbl([[r.pick(['/tmp', '/srv/data']), v(choose(r, { good: ['"write"', '"read"'], bad: ['"rw"'] }))]])]);
  return tbl(e);
}

/** A typo a person makes: a dropped, doubled or swapped letter, or `-` for `_`. */
function typo(r: Rng, k: string): string {
  if (k.length < 4) return k + 's';
  const i = 1 + r.int(k.length - 2);
  switch (r.int(4)) {
    case 0:
      return k.slice(0, i) + k.slice(i + 1);
    case 1:
      return k.slice(0, i) + k[i] + k.slice(i);
    case 2:
      return k.slice(0, i - 1) + k[i] + k[i - 1] + k.slice(i + 1);
    default:
      return k.includes('_') ? k.replace('_', '-') : k + 's';
  }
}

const bare = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : q(k));
const keyPath = (p: readonly string[]) => p.map(bare).join('.');

function inline(n: Node, r: Rng): string {
  if (!isTbl(n)) return n.src.includes('\n') ? q('multi line') : n.src;
  const parts = n.entries.map(([k, c]) => `${bare(k)} = ${inline(c, r)}`);
  // TOML 1.1 allows newlines and a trailing comma inside an inline table; codex accepts it.
  if (parts.length > 1 && r.chance(0.1)) return `{\n  ${parts.join(',\n  ')},\n}`;
  return `{ ${parts.join(', ')} }`;
}

interface Block {
  /** Table path of the header, or [] for the top-level section. */
  readonly path: readonly string[];
  readonly lines: string[];
  readonly array?: boolean;
}

/** Lines for `entries` inside a table at `path` (written under a header, or dotted from an outer level). */
function renderEntries(r: Rng, entries: [string, Node][], prefix: string[], out: Block, later: Block[], path: readonly string[]): void {
  for (const [k, n] of entries) {
    const full = [...prefix, k];
    if (!isTbl(n)) {
      out.lines.push(`${keyPath(full)} = ${n.src}${r.chance(0.06) ? '  # set by hand' : ''}`);
      continue;
    }
    const style = r.int(10);
    if (style < 3) out.lines.push(`${keyPath(full)} = ${inline(n, r)}`);
    else if (style < 5 && n.entries.length) renderEntries(r, n.entries, full, out, later, path);
    else {
      const b: Block = { path: [...path, ...full], lines: [] };
      later.push(b);
      renderEntries(r, n.entries, [], b, later, b.path);
    }
  }
}

export interface GeneratedFile {
  readonly toml: string;
  /** Lines with deprecated forms codex accepts silently (approval "on-failure", web_search_request / _cached). */
  readonly deprecated: number[];
}

export function generateFile(r: Rng): GeneratedFile {
  const top: [string, Node][] = [];
  const tables: [string[], Node][] = [];
  for (const [k, n] of entriesOf(r, TOP, 0, 6)) top.push([k, n]);
  const tableKinds = r.shuffle(['t', 't', 'projects', 'providers', 'mcp', 'permissions', 'profiles', 'unknown', 't']).slice(0, r.int(6));
  const perms: string[] = [];
  const providerIds: string[] = [];
  for (const kind of tableKinds) {
    if (kind === 't') {
      const name = r.pick(Object.keys(TABLES));
      if (!tables.some(([p]) => p[0] === name)) tables.push([[name], TABLES[name](r)]);
    } else if (kind === 'projects') {
      for (const p of r.shuffle([...PATHS]).slice(0, 1 + r.int(2))) tables.push([['projects', p.replace(/\\\\/g, '\\')], trustEntry(r)]);
    } else if (kind === 'providers') {
      const id = r.chance(0.06) ? r.pick(['openai', 'ollama']) : r.pick(PROVIDERS);
      providerIds.push(id);
      tables.push([['model_providers', id], provider(r)]);
    } else if (kind === 'mcp') {
      for (const n of r.shuffle([...NAMES]).slice(0, 1 + r.int(2))) tables.push([['mcp_servers', n], mcpServer(r)]);
    } else if (kind === 'permissions') {
      const name = r.pick(['web', 'locked', 'dev']);
      perms.push(name);
      tables.push([['permissions', name], permissionProfile(r)]);
    } else if (kind === 'profiles') {
      const name = r.pick(PROFILE_NAMES);
      const keys = ['sandbox_mode', 'approval_policy', 'model', 'web_search', 'model_reasoning_effort'];
      tables.push([['profiles', name], tbl(r.shuffle(keys).slice(0, 1 + r.int(3)).map((k) => [k, TOP[k](r)]))]);
    } else {
      tables.push([[r.pick(['sandbox_read_only', 'sandbox', 'network', 'approvals', 'extra'])], tbl([[r.pick(['network_access', 'enabled', 'mode', 'ask_for_approval']), v(r.pick(['true', '"never"', '"on"']))]])]);
    }
  }
  // default_permissions: usually naming a profile of this file, sometimes a built-in, sometimes nothing.
  if (perms.length && !r.chance(0.12)) top.push(['default_permissions', v(q(r.pick(perms)))]);
  else if (!perms.length && r.chance(0.12)) top.push(['default_permissions', v(choose(r, { good: ['":read-only"', '":workspace"', '":danger-full-access"'], bad: ['":everything"', '"web"'] }))]);
  if (providerIds.length && r.chance(0.4)) top.push(['model_provider', v(q(r.pick(providerIds)))]);
  if (r.chance(0.03)) top.push(['profile', v('"fast"')]);
  // Guide keys and plain unknown keys.
  if (r.chance(0.08)) top.push([r.pick(['allowlisted_domains', 'sandbox', 'network_access', 'ask_for_approval', 'theme']), v(r.pick(['["github.com"]', 'true', '"never"', '"dark"']))]);
  for (const t of [...top, ...tables.map(([p, n]): [string, Node] => [p[p.length - 1], n])]) {
    if (r.chance(0.04)) t[0] = typo(r, t[0]);
  }
  for (const [, n] of tables) {
    if (isTbl(n)) for (const e of n.entries) if (!isTbl(e[1]) && r.chance(0.04)) e[0] = typo(r, e[0]);
  }
  r.shuffle(top);
  r.shuffle(tables);

  // Render: the top-level section first, then one block per table.
  const head: Block = { path: [], lines: [] };
  const blocks: Block[] = [];
  if (r.chance(0.3)) head.lines.push('# Codex configuration', '');
  renderEntries(r, top, [], head, blocks, []);
  for (const [p, n] of tables) {
    if (!isTbl(n)) continue;
    const style = r.int(10);
    if (style < 1 && n.entries.length) head.lines.push(`${keyPath(p)} = ${inline(n, r)}`);
    else if (style < 2 && n.entries.length) renderEntries(r, n.entries, p, head, blocks, []);
    else {
      const b: Block = { path: p, lines: [] };
      blocks.push(b);
      const sub: Block[] = [];
      renderEntries(r, n.entries, [], b, sub, p);
      blocks.push(...sub);
    }
  }
  // An array of tables: unknown (ignored) or in place of a table codex expects (a type error).
  if (r.chance(0.06)) blocks.push({ path: [r.pick(['hooks_extra', 'mcp_servers', 'notes'])], lines: ['name = "x"'], array: true });
  // The classic trap: a top-level key written at the end of the file, below the last header.
  if (blocks.length && r.chance(0.12)) {
    const k = r.pick(['sandbox_mode', 'approval_policy', 'web_search', 'model', 'approvals_reviewer']);
    blocks[blocks.length - 1].lines.push(`${k} = ${inline(TOP[k](r), r)}`);
  }
  // A header written twice, a key set twice.
  if (r.chance(0.02) && blocks.length) blocks.push({ path: blocks[0].path, lines: ['# again'] });
  if (r.chance(0.02) && head.lines.length) head.lines.push(head.lines.find((l) => /^[a-z_]+ = /.test(l)) ?? 'model = "x"');

  const lines = [...head.lines];
  for (const b of blocks) {
    if (lines.length && r.chance(0.7)) lines.push('');
    if (r.chance(0.1)) lines.push(`# ${b.path.join(' ')}`);
    lines.push(b.array ? `[[${keyPath(b.path)}]]` : `[${keyPath(b.path)}]`, ...b.lines);
  }
  // TOML syntax errors people make.
  if (r.chance(0.05) && lines.length) {
    const i = r.int(lines.length);
    const broken = lines[i].replace(/= "([^"]*)"/, r.pick(['= "$1', '= $1', "= '$1\"", '= "C:\\new\\$1"', '=']));
    lines[i] = broken === lines[i] ? `${lines[i]} ]` : broken;
  }
  let toml = lines.join('\n') + (r.chance(0.9) ? '\n' : '');
  // Lines of the text, not entries of `lines`: a multi-line string or inline table spans several.
  const deprecated = toml.split('\n').flatMap((l, i) => (/^approval_policy = "on-failure"|^(web_search_request|web_search_cached) = (true|false)$|^features\.(web_search_request|web_search_cached) = (true|false)$/.test(l) ? [i + 1] : []));
  if (r.chance(0.15)) toml = toml.replace(/\n/g, '\r\n');
  return { toml, deprecated };
}

/** `count` files for `seed`; file i depends only on (seed, i). */
export function generateLintCases(seed: number, count: number): LintCase[] {
  const out: LintCase[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Rng(mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0));
    const f = generateFile(r);
    out.push({ name: `gen-s${seed}-${i}`, toml: f.toml, deprecated: f.deprecated });
  }
  return out;
}
