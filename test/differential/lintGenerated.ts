// Generated config files for the lint differential suite (lint.differential.test.ts): the kind of
// file people write by hand, not the kind a TOML fuzzer writes. Known keys come from the rule data
// (src/core/schema) with right and wrong values; tables come in any order and in every
// TOML form (headers, dotted keys, inline tables, sub-headers); top-level keys land below a header
// by mistake; keys get typos; some files have TOML errors. Most files are meant to load, some not:
// what codex really does with each one is measured at test time, never assumed here.
//
// Deterministic: file i of seed s is `gen-s<s>-<i>` and depends only on (s, i), so one file can be
// rerun on its own with CODEX_POSTURE_LINT_ONLY=gen-s<s>-<i>.
import { APPROVAL_WORDS, FEATURES, REVIEWER_WORDS, TRUST_WORDS } from '../../src/core/schema';
import { SANDBOX_MODES, WEB_SEARCH_MODES } from '../../src/core/config/types';
import type { LintCase } from './lintCorpus';
import { mulberry32 } from '../support/prng';

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
const STRS = (...good: string[][]): Choice => ({
  good: good.map((g) => `[${g.map(q).join(', ')}]`),
  bad: [q(good[0][0] ?? 'x'), '[1, 2]', 'true'],
});

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
  approval_policy: (r) =>
    r.chance(0.2) ? granular(r) : v(choose(r, words(APPROVAL_WORDS, ['"untrusted"', '"always"', '5', '"on_request"']))),
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
    tbl(
      entriesOf(
        r,
        {
          writable_roots: (r) => v(choose(r, STRS(['/tmp/extra'], ['/srv/cache', '../shared'], []))),
          network_access: (r) => v(choose(r, BOOL)),
          exclude_tmpdir_env_var: (r) => v(choose(r, BOOL)),
          exclude_slash_tmp: (r) => v(choose(r, BOOL)),
        },
        1,
        4,
      ),
    ),
  features: (r) => {
    const pool = [
      'web_search_request',
      'web_search_cached',
      'network_proxy',
      'unified_exec',
      'shell_snapshot',
      'multi_agent',
      'hooks',
      'undo',
      'memories',
      'apply_patch_freeform',
      ...r.shuffle([...FEATURES]).slice(0, 4),
    ];
    const n = 1 + r.int(4);
    const out: [string, Node][] = [];
    for (const f of r.shuffle([...new Set(pool)]).slice(0, n)) out.push([f, v(choose(r, BOOL))]);
    return tbl(out);
  },
  tools: (r) => {
    if (r.chance(0.5)) return tbl([['web_search', v(choose(r, { good: ['true', 'false'], bad: ['"live"', '"cached"'] }))]]);
    return tbl([
      [
        'web_search',
        tbl(
          entriesOf(
            r,
            {
              context_size: (r) => v(choose(r, words(['low', 'medium', 'high'], ['"huge"']))),
              allowed_domains: (r) => v(choose(r, STRS(['example.com'], ['docs.python.org', 'developer.mozilla.org']))),
            },
            1,
            2,
          ),
        ),
      ],
    ]);
  },
  history: (r) =>
    tbl(
      entriesOf(
        r,
        { persistence: (r) => v(choose(r, words(['save-all', 'none'], ['"all"', 'false']))), max_bytes: (r) => v(choose(r, INT(1048576))) },
        1,
        2,
      ),
    ),
  tui: (r) =>
    tbl(
      entriesOf(
        r,
        {
          notifications: (r) => v(r.chance(0.3) ? '["agent-turn-complete", "approval-requested"]' : choose(r, BOOL)),
          animations: (r) => v(choose(r, BOOL)),
          show_tooltips: (r) => v(choose(r, BOOL)),
          alternate_screen: (r) => v(choose(r, { good: ['"auto"', '"always"', '"never"'], bad: ['"sometimes"'] })),
        },
        1,
        3,
      ),
    ),
  otel: (r) =>
    tbl(
      entriesOf(
        r,
        {
          exporter: (r) => v(choose(r, { good: ['"none"'], bad: ['"stdout"', '5'] })),
          environment: (r) => v(choose(r, STR('dev', 'prod'))),
          log_user_prompt: (r) => v(choose(r, BOOL)),
        },
        1,
        3,
      ),
    ),
  shell_environment_policy: (r) =>
    tbl(
      entriesOf(
        r,
        {
          inherit: (r) => v(choose(r, words(['all', 'core', 'none'], ['"some"', 'true']))),
          exclude: (r) => v(choose(r, STRS(['*TOKEN*', '*SECRET*'], ['AWS_*']))),
          include_only: (r) => v(choose(r, STRS(['PATH', 'HOME']))),
          ignore_default_excludes: (r) => v(choose(r, BOOL)),
          set: (r) =>
            tbl([
              ['CI', v('"1"')],
              ['RUST_LOG', v(r.chance(BAD) ? '1' : '"info"')],
            ]),
        },
        1,
        4,
      ),
    ),
  analytics: (r) => tbl([['enabled', v(choose(r, BOOL))]]),
};

function trustEntry(r: Rng): Node {
  const e: [string, Node][] = [['trust_level', v(choose(r, { good: TRUST_WORDS.map(q), bad: ['"maybe"', '"Trusted"', 'true'] }))]];
  if (r.chance(0.08)) e.push([r.pick(['trusted', 'trust', 'sandbox_mode']), v(r.pick(['true', '"read-only"']))]);
  return tbl(r.shuffle(e));
}

function provider(r: Rng): Node {
  const e = entriesOf(
    r,
    {
      env_key: (r) => v(choose(r, STR('ACME_API_KEY'))),
      wire_api: (r) => v(r.chance(0.08) ? '"chat"' : choose(r, { good: ['"responses"'], bad: ['"completions"', '5'] })),
      query_params: () => tbl([['api-version', v('"2025-04-01-preview"')]]),
      http_headers: (r) => tbl([[r.pick(['X-Team', 'Authorization']), v(r.pick(['"platform"', '"Bearer abcdefghijklmnop1234"']))]]),
      env_http_headers: () => tbl([['X-Api-Key', v('"ACME_HEADER"')]]),
      request_max_retries: (r) => v(choose(r, INT(4))),
      stream_idle_timeout_ms: (r) => v(choose(r, INT(300000))),
      requires_openai_auth: (r) => v(choose(r, BOOL)),
      experimental_bearer_token: (r) => v(choose(r, STR('sk-test-abcdefghijklmnopqrstu'))),
    },
    0,
    4,
  );
  // A provider without base_url is fine for codex only if it is never used; keep it mostly present.
  // A provider needs a non-empty name even when nothing uses it; people forget it now and then.
  if (!r.chance(0.06)) e.unshift(['name', v(r.chance(BAD) ? '""' : choose(r, STR('Acme', 'Local')))]);
  if (r.chance(0.9))
    e.unshift(['base_url', v(choose(r, STR('https://api.acme.example/v1', 'http://localhost:11434/v1', 'http://gpu-box:8000/v1')))]);
  return tbl(e);
}

function mcpServer(r: Rng): Node {
  const stdio = r.chance(0.6);
  const e: [string, Node][] = [];
  if (stdio) {
    // Commands that exist nowhere and local URLs: the suite switches servers off anyway (mcpOff).
    e.push(['command', v(choose(r, STR('docs-mcp-server', '/opt/mcp/bin/github-mcp', './node_modules/.bin/mcp-fs')))]);
    if (r.chance(0.7))
      e.push([
        'args',
        v(choose(r, STRS(['-y', '@acme/docs-mcp'], ['mcp-server-fetch'], ['server', '--token', 'ghp_abcdefghijklmnopqrstuvwxyz0123']))),
      ]);
    if (r.chance(0.3)) e.push(['env', tbl([['DOCS_TOKEN', v(r.pick(['"supersecretvalue123"', '"${DOCS_TOKEN}"']))]])]);
    if (r.chance(0.3)) e.push(['env_vars', v(choose(r, STRS(['DOCS_TOKEN'])))]);
    if (r.chance(0.15)) e.push(['cwd', v(choose(r, STR('/tmp')))]);
  } else {
    e.push(['url', v(choose(r, STR('http://127.0.0.1:9/mcp', 'http://localhost:9/mcp')))]);
    if (r.chance(0.5)) e.push(['bearer_token_env_var', v(choose(r, STR('MCP_TOKEN')))]);
    if (r.chance(0.07)) e.push(['bearer_token', v('"abcdefghijklmnop"')]);
    if (r.chance(0.3))
      e.push(['http_headers', tbl([[r.pick(['X-Org', 'Authorization']), v(r.pick(['"acme"', '"Bearer abcdefghijklmnop1234"']))]])]);
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
    const d: [string, Node][] = r
      .shuffle([...DOMAINS])
      .slice(0, 1 + r.int(2))
      .map((x) => [x, v(choose(r, { good: ['"allow"', '"deny"'], bad: ['"block"'] }))]);
    net.push(['domains', tbl(d)]);
  }
  if (net.length) e.push(['network', tbl(net)]);
  if (r.chance(0.3))
    e.push(['filesystem', tbl([[r.pick(['/tmp', '/srv/data']), v(choose(r, { good: ['"write"', '"read"'], bad: ['"rw"'] }))]])]);
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

// --- Round 2 (seeds 47 and up): what round 1 never wrote ----------------------------------------
// Drawn from a second generator, so the files of seeds 1-46 stay exactly as they were measured.

const ENUM =
  (good: string[], bad = '"zzz"'): ((r: Rng) => Node) =>
  (r) =>
    v(choose(r, { good: good.map(q), bad: [bad, '5'] }));
const BOOL_ = (r: Rng) => v(choose(r, BOOL));

/** Top-level keys round 1 did not write (types measured in round 2). */
const EXTRA_TOP: Record<string, (r: Rng) => Node> = {
  personality: ENUM(['none', 'friendly', 'pragmatic']),
  cli_auth_credentials_store: ENUM(['file', 'keyring', 'auto']),
  mcp_oauth_credentials_store: ENUM(['auto', 'file', 'keyring']),
  include_environment_context: BOOL_,
  include_permissions_instructions: BOOL_,
  allow_login_shell: BOOL_,
  suppress_unstable_features_warning: BOOL_,
  experimental_use_unified_exec_tool: BOOL_,
  plan_mode_reasoning_effort: (r) => v(choose(r, STR('high'))),
  compact_prompt: (r) => v(choose(r, STR('Summarise.'))),
  oss_provider: (r) => v(choose(r, STR('ollama'))),
  background_terminal_max_timeout: (r) => v(choose(r, INT(300000))),
  mcp_oauth_callback_port: (r) => v(choose(r, { good: ['8765'], bad: ['70000', '-1', '"8765"'] })),
  model_post_turn_compact_threshold_percent: (r) => v(choose(r, { good: ['80'], bad: ['300', '"80"'] })),
  project_doc_fallback_filenames: (r) => v(choose(r, STRS(['CLAUDE.md'], ['AGENTS.override.md', 'README.md']))),
  forced_chatgpt_workspace_id: (r) => v(choose(r, { good: ['"ws-1"', '["ws-1", "ws-2"]'], bad: ['5', '[1]'] })),
  experimental_thread_store_endpoint: (r) => v(r.pick(['"http://localhost:9"', '5'])),
  client_search_provider: () => v('"standalone"'),
};

const EXTRA_TABLES: Record<string, (r: Rng) => Node> = {
  tui: (r) =>
    tbl(
      entriesOf(
        r,
        {
          notification_method: ENUM(['auto', 'osc9', 'bel']),
          notification_condition: ENUM(['unfocused', 'always']),
          copy_on_select: ENUM(['auto', 'never']),
          right_click_paste: ENUM(['auto', 'on', 'off']),
          session_picker_view: ENUM(['comfortable', 'dense']),
          vim_mode_default: BOOL_,
          raw_output_mode: BOOL_,
          mouse_scroll_speed: (r) => v(choose(r, { good: ['3', '1.5'], bad: ['"fast"'] })),
          sidebar_width_percent: (r) => v(choose(r, { good: ['30'], bad: ['300', '-1'] })),
          status_line: (r) => v(choose(r, STRS(['model', 'cwd']))),
          theme: (r) => v(choose(r, STR('dark'))),
          keymap: (r) => (r.chance(0.8) ? tbl([]) : v('"vim"')),
        },
        1,
        4,
      ),
    ),
  otel: (r) => {
    const exporter = (r: Rng): Node => {
      const variant = r.pick(['otlp-http', 'otlp-grpc', 'none', 'statsig', 'otlp-http', 'otlp-grpc']);
      if (variant === 'none' || variant === 'statsig')
        return r.chance(0.5) ? v(q(variant)) : tbl([[variant, tbl(r.chance(BAD * 3) ? [['x', v('1')]] : [])]]);
      const e: [string, Node][] = [];
      if (!r.chance(BAD * 2)) e.push(['endpoint', v(choose(r, STR('http://localhost:4318')))]);
      if (variant === 'otlp-http' ? !r.chance(BAD * 3) : r.chance(0.1))
        e.push(['protocol', v(choose(r, { good: ['"binary"', '"json"'], bad: ['"grpc"'] }))]);
      if (r.chance(0.4)) e.push(['headers', tbl([['x-team', v(r.chance(BAD) ? '5' : '"obs"')]])]);
      if (r.chance(0.2))
        e.push(['tls', tbl([[r.pick(['ca-certificate', 'client-certificate', 'ca_certificate']), v('"/etc/ssl/ca.pem"')]])]);
      if (r.chance(0.1)) e.push([r.pick(['timeout', 'endpont', 'compression']), v('"x"')]);
      const variants: [string, Node][] = [[variant, tbl(r.shuffle(e))]];
      if (r.chance(0.04)) variants.push([variant === 'otlp-http' ? 'otlp-grpc' : 'otlp-http', tbl([['endpoint', v('"http://x"')]])]);
      return tbl(variants);
    };
    return tbl(
      entriesOf(
        r,
        {
          exporter,
          trace_exporter: exporter,
          metrics_exporter: exporter,
          log_sse_deltas: BOOL_,
          headers_helper_refresh_interval_ms: (r) => v(choose(r, { good: ['60000'], bad: ['0'] })),
          environment: (r) => v(choose(r, STR('dev'))),
        },
        1,
        3,
      ),
    );
  },
  shell_environment_policy: (r) =>
    tbl(
      entriesOf(
        r,
        {
          experimental_use_profile: BOOL_,
          inherit: ENUM(['core', 'all']),
          filters: (r) => (r.chance(0.9) ? tbl([]) : v('"x"')),
        },
        1,
        2,
      ),
    ),
  notice: (r) =>
    tbl(
      entriesOf(
        r,
        {
          hide_full_access_warning: BOOL_,
          hide_world_writable_warning: BOOL_,
          hide_rate_limit_model_nudge: BOOL_,
          model_migrations: () => tbl([]),
        },
        1,
        2,
      ),
    ),
  tools: (r) => tbl([['client_search_provider', v(choose(r, { good: ['"standalone"', '"search_mcp"'], bad: ['"bing"'] }))]]),
  sandbox_workspace_write: (r) => tbl([['writable_roots', v(choose(r, { good: ['["/tmp/a"]'], bad: ['[1]'] }))]]),
};

/** Keys for a legacy `[profiles.x]`: ones Codex's profile has, and top-level ones it does not. */
const PROFILE_POOL: Record<string, (r: Rng) => Node> = {
  model_verbosity: (r) => TOP.model_verbosity(r),
  model_reasoning_summary: (r) => TOP.model_reasoning_summary(r),
  personality: EXTRA_TOP.personality,
  include_environment_context: BOOL_,
  service_tier: (r) => TOP.service_tier(r),
  hide_agent_reasoning: BOOL_,
  model_context_window: (r) => TOP.model_context_window(r),
  notify: (r) => TOP.notify(r),
  developer_instructions: () => v(q('Be careful.')),
  default_permissions: () => v('":workspace"'),
  sandbox_workspace_write: (r) => tbl([['network_access', v(r.pick(['true', '"yes"']))]]),
  tools: (r) => tbl([['web_search', v(r.pick(['true', 'false']))]]),
  features: (r) => tbl([['unified_exec', v(choose(r, BOOL))]]),
  review_model: (r) => TOP.review_model(r),
};

/**
 * TOML people rarely write but Codex must parse (some of it invalid on purpose), under keys Codex
 * ignores (so only the parse matters) or under string keys it reads.
 */
const TOML_EDGES: readonly ((r: Rng) => string)[] = [
  () => "instructions = '''\nC:\\literal\\n no escapes'''",
  () => 'instructions = """\\\n  continued \\\n  line"""',
  () => 'developer_instructions = "tab\\there \\u00e9 \\U0001F600 quote\\" back\\\\"',
  (r) =>
    `instructions = "${r.pick(['bad \\q escape', 'bad \\x41 escape', 'short \\u12', 'surrogate \\uD800', 'big \\U00110000', 'esc \\e'])}"`,
  (r) =>
    `x_date = ${r.pick(['1979-05-27T07:32:00Z', '1979-05-27', '07:32:00', '1979-05-27T00:32:00.999999-07:00', '1979-05-27 07:32:00', '1979-13-27', '1979-05-27T25:00:00', '07:32', '1979-05-27T07:32Z'])}`,
  (r) =>
    `x_float = ${r.pick(['inf', '-inf', 'nan', '+nan', '1e400', '6.626e-34', '3.14_15', '01.5', '1.', '.5', '1e', '0.0', '-0.0', '1_.5'])}`,
  (r) =>
    `x_int = ${r.pick(['0xDEAD_BEEF', '0o755', '0b1101', '1_000_000', '+99', '007', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '1__0', '0x', '_1', '+0xF', '0O7'])}`,
  (r) => `model_context_window = ${r.pick(['0x30D40', '200_000', '1e5', '9223372036854775808', '2.0e5', '-5'])}`,
  (r) =>
    r.pick([
      '"quoted key" = 1',
      "'literal key' = 2",
      '"a.b" = 3',
      'site."google.com" = true',
      '"" = 4',
      '3.14159 = "pi"',
      '"\\u0041" = 5',
      '"model" = "gpt-5"',
    ]),
  () => 'x_empty = {}\nx_array = []\nx_nested = [[1, 2], ["a"]]',
  (r) => `x_mixed = [1, "a"]${r.chance(0.5) ? '' : '\nx_trailing = [1, 2,]'}`,
  (r) =>
    r.pick([
      'x_inline = { a = 1, }',
      'x_inline = { a = 1,\n  b = 2 }',
      'x_inline = { }',
      'x_inline = { a.b = 1, a.c = 2 }',
      'x_inline = { a = 1, a = 2 }',
    ]),
  (r) => `# comment with a ${r.pick(['tab\there', 'bell\u0007', 'nul\u0000', 'del\u007f', 'unicode é', 'cr\rmid'])}`,
  (r) => `x_str = "${r.pick(['ctrl\u0001char', 'del\u007fchar', 'ok', 'tab\tok'])}"`,
];

const EDGE_BLOCKS: readonly string[][] = [
  ['[x_empty_table]'],
  ['[[x_arr]]', 'a = 1', '[[x_arr]]', 'a = 2', '[x_arr.sub]', 'b = 1'],
  ['[x_t]', 'a = 1', '[x_t.sub]', 'b = 2', '[x_t]', 'c = 3'],
  ['[x_t2]', 'a.b = 1', '[x_t2.a]', 'c = 2'],
  ['[x_t3.sub]', 'a = 1', '[x_t3]', 'b = 2'],
  ['[x_t4]', 'a = 1', 'a = 2'],
  ['[ x_spaced . "quoted.seg" ]', 'a = 1'],
  ['[x_inl]', 'a = { b = 1 }', '[x_inl.a]', 'c = 2'],
  ['x_arr2 = [1]', '[[x_arr2]]', 'a = 1'],
  ['[x_t5]', 'a = 1', '[[x_t5]]', 'b = 1'],
];

/** Extra lines for the top-level section and extra blocks, from the second generator. */
function round2(r: Rng, used: ReadonlySet<string>): { top: string[]; blocks: string[][] } {
  // Never a second `[tui]` or `model = ...`: a duplicate is a TOML error, and round 1 has those.
  const free = (k: string) => !used.has(k);
  const top: string[] = [];
  const blocks: string[][] = [];
  const render = (path: string[], entries: [string, Node][]) => {
    const b: Block = { path, lines: [] };
    const sub: Block[] = [];
    renderEntries(r, entries, [], b, sub, path);
    blocks.push([`[${keyPath(path)}]`, ...b.lines], ...sub.map((s) => [`[${keyPath(s.path)}]`, ...s.lines]));
  };
  for (const [k, n] of entriesOf(r, EXTRA_TOP, 0, 3)) if (!isTbl(n)) top.push(`${k} = ${n.src}`);
  for (const name of r.shuffle(Object.keys(EXTRA_TABLES).filter(free)).slice(0, r.int(3))) {
    const n = EXTRA_TABLES[name](r);
    if (isTbl(n)) render([name], n.entries);
  }
  const profile = r.pick(PROFILE_NAMES);
  if (r.chance(0.3) && free(`profiles.${profile}`)) render(['profiles', profile], entriesOf(r, PROFILE_POOL, 1, 3));
  const edge = r.chance(0.35) ? r.pick(TOML_EDGES)(r) : undefined;
  if (edge !== undefined && free(/^"?([a-z_]+)/.exec(edge)?.[1] ?? '')) top.push(edge);
  if (r.chance(0.2)) blocks.push(r.pick(EDGE_BLOCKS));
  return { top, blocks };
}

export interface GeneratedFile {
  readonly toml: string;
  /** Lines with deprecated forms codex accepts silently (approval "on-failure", web_search_request / _cached). */
  readonly deprecated: number[];
}

export function generateFile(r: Rng, extra?: Rng): GeneratedFile {
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
      tables.push([
        ['profiles', name],
        tbl(
          r
            .shuffle(keys)
            .slice(0, 1 + r.int(3))
            .map((k) => [k, TOP[k](r)]),
        ),
      ]);
    } else {
      tables.push([
        [r.pick(['sandbox_read_only', 'sandbox', 'network', 'approvals', 'extra'])],
        tbl([[r.pick(['network_access', 'enabled', 'mode', 'ask_for_approval']), v(r.pick(['true', '"never"', '"on"']))]]),
      ]);
    }
  }
  // default_permissions: usually naming a profile of this file, sometimes a built-in, sometimes nothing.
  if (perms.length && !r.chance(0.12)) top.push(['default_permissions', v(q(r.pick(perms)))]);
  else if (!perms.length && r.chance(0.12))
    top.push([
      'default_permissions',
      v(choose(r, { good: ['":read-only"', '":workspace"', '":danger-full-access"'], bad: ['":everything"', '"web"'] })),
    ]);
  if (providerIds.length && r.chance(0.4)) top.push(['model_provider', v(q(r.pick(providerIds)))]);
  if (r.chance(0.03)) top.push(['profile', v('"fast"')]);
  // Guide keys and plain unknown keys.
  if (r.chance(0.08))
    top.push([
      r.pick(['allowlisted_domains', 'sandbox', 'network_access', 'ask_for_approval', 'theme']),
      v(r.pick(['["github.com"]', 'true', '"never"', '"dark"'])),
    ]);
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

  const used = new Set([...top.map(([k]) => k), ...tables.flatMap(([p]) => [p[0], p.slice(0, 2).join('.')])]);
  const more = extra ? round2(extra, used) : { top: [], blocks: [] };
  const lines = [...head.lines, ...more.top];
  for (const b of blocks) {
    if (lines.length && r.chance(0.7)) lines.push('');
    if (r.chance(0.1)) lines.push(`# ${b.path.join(' ')}`);
    lines.push(b.array ? `[[${keyPath(b.path)}]]` : `[${keyPath(b.path)}]`, ...b.lines);
  }
  for (const b of more.blocks) lines.push('', ...b);
  // TOML syntax errors people make.
  if (r.chance(0.05) && lines.length) {
    const i = r.int(lines.length);
    const broken = lines[i].replace(/= "([^"]*)"/, r.pick(['= "$1', '= $1', '= \'$1"', '= "C:\\new\\$1"', '=']));
    lines[i] = broken === lines[i] ? `${lines[i]} ]` : broken;
  }
  let toml = lines.join('\n') + (r.chance(0.9) ? '\n' : '');
  if (extra?.chance(0.05)) toml = '\uFEFF' + toml;
  // Lines of the text, not entries of `lines`: a multi-line string or inline table spans several.
  const deprecated = toml
    .split('\n')
    .flatMap((l, i) =>
      /^approval_policy = "on-failure"|^(web_search_request|web_search_cached) = (true|false)$|^features\.(web_search_request|web_search_cached) = (true|false)$/.test(
        l,
      )
        ? [i + 1]
        : [],
    );
  if (r.chance(0.15)) toml = toml.replace(/\n/g, '\r\n');
  return { toml, deprecated };
}

// --- Round 3 (every seed, files `gen-s<seed>-e<i>`): keys with no effect, broad trust, secrets in
// files codex refuses, and syntax errors inside multi-line arrays and inline tables. New files from
// a third generator, so the files of rounds 1 and 2 stay exactly as they were measured.

/** A syntax slip inside a multi-line array (its element lines, in place). */
const ARRAY_SLIPS: readonly ((r: Rng, items: string[]) => void)[] = [
  (_r, items) => {
    items[0] = items[0].replace(/,$/, ''); // missing comma
  },
  (r, items) => {
    items.splice(1 + r.int(items.length - 1), 0, '  ,'); // a comma alone
  },
  (r, items) => {
    items[r.int(items.length)] = `  ${r.pick(['/srv/data', 'nope', 'tru', '3x', '1979-13-01'])},`; // an unquoted value
  },
];

function multiLineArray(r: Rng, key: string, values: readonly string[]): { lines: string[]; slip: boolean } {
  const items = values.map((x) => `  ${q(x)},`);
  const slip = items.length > 1 && r.chance(0.3);
  if (slip) r.pick(ARRAY_SLIPS)(r, items);
  if (r.chance(0.3)) items.splice(r.int(items.length), 0, '  # note');
  return { lines: [`${key} = [`, ...items, r.chance(0.1) ? '] junk' : ']'], slip };
}

function multiLineInline(r: Rng, key: string, entries: readonly [string, string][]): { lines: string[]; slip: boolean } {
  const items = entries.map(([k, x]) => (r.chance(0.15) ? `  ${k} =\n    ${x},` : `  ${k} = ${x},`));
  const slip = r.chance(0.25);
  if (slip) {
    const i = r.int(items.length);
    const kind = r.int(3);
    if (kind === 0) items[i] = items[i].replace(/,$/, '');
    else if (kind === 1) items[i] = `  ${entries[i][0]}`;
    else items[i] = `  ${entries[i][0]} = nope,`;
    if (kind === 0 && i === items.length - 1) items.push('  x_more = 1,');
  }
  return { lines: [`${key} = {`, ...items.flatMap((l) => l.split('\n')), r.chance(0.08) ? '} junk' : '}'], slip };
}

const SECRET_ENV = '"ghp_abcdefghijklmnopqrstuvwxyz0123"';

export function generateEffectFile(r: Rng): LintCase {
  const top: string[] = [];
  const blocks: string[][] = [];
  let slip = false;
  // Permission profiles: some used, some not, with sandbox_mode in the same file now and then.
  const names = r.shuffle(['web', 'dev', 'locked', 'ro']).slice(0, r.int(3));
  const pick = names.length && r.chance(0.75) ? r.pick(names) : r.chance(0.3) ? r.pick([':workspace', ':read-only']) : undefined;
  if (pick) top.push(`default_permissions = ${q(pick)}`);
  if (r.chance(pick ? 0.35 : 0.5) || (names.length && !pick))
    top.push(`sandbox_mode = ${q(r.pick(['read-only', 'workspace-write', 'danger-full-access']))}`);
  for (const [i, n] of names.entries()) {
    const b = [`[permissions.${n}]`];
    const ext = i + 1 < names.length && r.chance(0.3) ? names[i + 1] : r.pick([':workspace', ':read-only', undefined]);
    if (ext) b.push(`${r.chance(0.1) ? 'extend' : 'extends'} = ${q(ext)}`);
    if (r.chance(0.15)) b.push(`${r.pick(['foo', 'name', 'writable_roots', 'sandbox'])} = ${r.pick(['1', '"x"', '["/tmp"]'])}`);
    if (r.chance(0.7)) {
      b.push(`[permissions.${n}.${r.chance(0.08) ? 'netwrk' : 'network'}]`, `enabled = ${r.pick(['true', 'false'])}`);
      if (r.chance(0.15)) b.push(`${r.pick(['allowlisted_domains', 'enabeld', 'mode'])} = ${r.pick(['"limited"', 'true', '["x.com"]'])}`);
    }
    if (r.chance(0.25)) b.push(`[permissions.${n}.filesystem]`, `"/srv/${n}" = ${q(r.pick(['read', 'write']))}`);
    blocks.push(b);
  }
  // Multi-line values, now and then with a slip.
  if (r.chance(0.5)) {
    const a = multiLineArray(
      r,
      r.pick(['notify', 'project_root_markers']),
      r.pick([
        ['notify-send', 'Codex', 'done'],
        ['.git', '.hg', '.jj'],
      ]),
    );
    top.push(...a.lines);
    slip ||= a.slip;
  }
  if (r.chance(0.35)) {
    const t = multiLineInline(r, 'approval_policy', [['granular', '{ sandbox_approval = true, rules = true, mcp_elicitations = false }']]);
    // One entry only: a slip there is the inline table's own; keep the nested table whole.
    top.push(...t.lines);
    slip ||= t.slip;
  }
  // Trust entries: the project itself (as a project file, it cannot trust anything), broad folders.
  if (r.chance(0.4)) blocks.push([`[projects."{{work}}"]`, `trust_level = ${q(r.pick(['trusted', 'untrusted']))}`]);
  if (r.chance(0.25)) blocks.push([`[projects.${q(r.pick(['/', '/root', '/home', '/srv/src']))}]`, `trust_level = "trusted"`]);
  // An MCP server with a literal secret, in a file that may not load.
  const secret = r.chance(0.3);
  if (secret) {
    const m = multiLineArray(r, 'args', ['--token', 'ghp_abcdefghijklmnopqrstuvwxyz0123']);
    const b = ['[mcp_servers.docs]', 'command = "docs-mcp-server"', `env = { DOCS_TOKEN = ${SECRET_ENV} }`];
    if (r.chance(0.5)) {
      b.push(...m.lines);
      slip ||= m.slip;
    }
    blocks.push(b);
  }
  if (r.chance(0.15))
    top.push(
      `sandbox_mode = "bogus"`.replace('sandbox_mode', top.some((l) => l.startsWith('sandbox_mode')) ? 'web_search' : 'sandbox_mode'),
    );
  // An array left open above the next header.
  let open = false;
  if (!slip && blocks.length && r.chance(0.08)) {
    top.push('x_list = [', '  "a",');
    open = true;
  }
  const lines = [...top];
  for (const b of r.shuffle(blocks)) lines.push(...(r.chance(0.6) ? [''] : []), ...b);
  const toml = lines.join('\n') + '\n';
  const secretLines = secret
    ? toml.split('\n').flatMap((l, i) => (l.includes('ghp_abcdefghijklmnopqrstuvwxyz0123') && !/^\s*"/.test(l) ? [i + 1] : []))
    : [];
  return { name: '', toml, exactPosition: slip || open, ...(secretLines.length ? { secretLines } : {}) };
}

/** `count` files for `seed`; file i depends only on (seed, i). */
export function generateLintCases(seed: number, count: number): LintCase[] {
  const out: LintCase[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Rng(mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0));
    // Round 2 adds to the files of seeds 47 and up from its own generator (seeds 1-46 are unchanged).
    const extra = seed >= 47 ? new Rng(mulberry32((Math.imul(seed, 0x27d4eb2d) ^ Math.imul(i + 1, 0x165667b1)) >>> 0)) : undefined;
    const f = generateFile(r, extra);
    out.push({ name: `gen-s${seed}-${i}`, toml: f.toml, deprecated: f.deprecated });
  }
  // Round 3: a quarter as many again, small files about what keys do (and do not do).
  for (let i = 0; i < Math.ceil(count / 4); i++) {
    const r = new Rng(mulberry32((Math.imul(seed, 0x2545f491) ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0));
    out.push({ ...generateEffectFile(r), name: `gen-s${seed}-e${i}` });
  }
  return out;
}

// --- Round 3: load errors that neither the engine nor lint reported before ------------------------
// The model provider, words of nested tables, number ranges and durations, feature table shapes and
// files Codex reads while loading, each mostly right and sometimes wrong, in every TOML form. A
// batch of its own (`gen3-s<seed>-<i>`), so the files of rounds 1 and 2 stay as they were measured.

/** Probability that one value of round 3 is wrong: a file holds one to three of them. */
const BAD3 = 0.25;
const pickOf = (r: Rng, good: readonly string[], bad: readonly string[]): Node => v(r.chance(BAD3) ? r.pick(bad) : r.pick(good));
const APPROVAL_MODES = ['"auto"', '"prompt"', '"writes"', '"approve"'];
const BAD_APPROVAL_MODES = ['"ask"', '"never"', '"Auto"', '5'];

/** Each entry adds top-level lines and tables to a file; what codex does with them is measured. */
const ROUND3: readonly ((r: Rng, top: [string, Node][], tables: [string[], Node][]) => void)[] = [
  // The provider: a built-in, one this file defines, or one nobody defines.
  (r, top, tables) => {
    const id = r.pick(['acme', 'local', 'mistral']);
    if (r.chance(BAD3)) top.push(['model_provider', v(q(r.pick(['azure', 'OpenAI', id])))]);
    else if (r.chance(0.5)) top.push(['model_provider', v(q(r.pick(['openai', 'ollama', 'lmstudio', 'amazon-bedrock'])))]);
    else {
      top.push(['model_provider', v(q(id))]);
      tables.push([
        ['model_providers', id],
        tbl([
          ['name', v(q(id))],
          ['base_url', v('"http://127.0.0.1:9/v1"')],
        ]),
      ]);
    }
  },
  // An MCP server's tool approvals and timeouts.
  (r, _top, tables) => {
    const entries: [string, Node][] = [['command', v('"true"')]];
    const fields: [string, () => Node][] = r.shuffle([
      ['default_tools_approval_mode', () => pickOf(r, APPROVAL_MODES, BAD_APPROVAL_MODES)],
      ['startup_timeout_sec', () => pickOf(r, ['10', '2.5', '0'], ['-1', '-0.5', 'inf', 'nan', '-inf'])],
      ['tool_timeout_sec', () => pickOf(r, ['60', '0.5'], ['-1', 'inf', 'nan'])],
      ['startup_timeout_ms', () => pickOf(r, ['5000'], ['-1', '1.5'])],
      ['tools', () => tbl([[r.pick(['search', 'read_file']), tbl([['approval_mode', pickOf(r, APPROVAL_MODES, BAD_APPROVAL_MODES)]])]])],
    ]);
    for (const [k, gen] of fields.slice(0, 1 + r.int(2))) entries.push([k, gen()]);
    tables.push([['mcp_servers', r.pick(NAMES)], tbl(entries)]);
  },
  // Apps and plugins: their approval words are named at the first [apps...] / [plugins...] header.
  (r, _top, tables) => {
    const app = r.pick(['github', 'gmail', 'linear']);
    const fields: [string, Node][] = r.shuffle([
      ['default_tools_approval_mode', pickOf(r, APPROVAL_MODES, BAD_APPROVAL_MODES)] as [string, Node],
      ['approvals_reviewer', pickOf(r, ['"user"', '"auto_review"'], ['"robot"', '"auto-review"'])] as [string, Node],
      ['enabled', pickOf(r, ['true', 'false'], ['"yes"'])] as [string, Node],
      ['tools', tbl([['create_issue', tbl([['approval_mode', pickOf(r, APPROVAL_MODES, BAD_APPROVAL_MODES)]])]])] as [string, Node],
    ]);
    if (r.chance(0.7)) tables.push([['apps', app], tbl(fields.slice(0, 1 + r.int(2)))]);
    else tables.push([['plugins', r.pick(['tools@market', 'docs'])], tbl([['mcp_servers', tbl([['s', tbl([fields[0]])]])]])]);
  },
  // Words of other nested tables.
  (r, _top, tables) => {
    const which = r.int(4);
    if (which === 0) tables.push([['windows'], tbl([['sandbox', pickOf(r, ['"elevated"', '"unelevated"'], ['"admin"', 'true'])]])]);
    else if (which === 1)
      tables.push([
        ['realtime'],
        tbl(
          r
            .shuffle<[string, Node]>([
              ['transport', pickOf(r, ['"webrtc"', '"websocket"'], ['"http"'])],
              ['type', pickOf(r, ['"conversational"', '"transcription"'], ['"chat"'])],
              ['version', pickOf(r, ['"v1"', '"v2"', '"v3"'], ['"v4"', '2'])],
              ['voice', pickOf(r, ['"alloy"', '"verse"', '"marin"'], ['"robot"'])],
            ])
            .slice(0, 1 + r.int(2)),
        ),
      ]);
    else if (which === 2) tables.push([['marketplaces', 'team'], tbl([['source_type', pickOf(r, ['"git"', '"local"'], ['"svn"'])]])]);
    else tables.push([['experimental_thread_store'], tbl([['type', pickOf(r, ['"local"', '"in_memory"'], ['"remote"'])]])]);
  },
  // Number ranges: integer types, and limits Codex checks after reading the file.
  (r, top, tables) => {
    const which = r.int(6);
    if (which === 0) top.push(['model_post_turn_compact_threshold_percent', pickOf(r, ['80', '100', '0'], ['101', '150', '300'])]);
    else if (which === 1)
      tables.push([['agents'], tbl([[r.pick(['max_threads', 'max_depth']), pickOf(r, ['1', '4'], ['0', '2147483648', '-1'])]])]);
    else if (which === 2) tables.push([['history'], tbl([['max_bytes', pickOf(r, ['1048576'], ['-1', '1.5'])]])]);
    else if (which === 3) tables.push([['tui', 'model_availability_nux'], tbl([['gpt-5.5', pickOf(r, ['0', '3'], ['-1', '4294967296'])]])]);
    else if (which === 4) tables.push([['tui'], tbl([['mouse_scroll_speed', pickOf(r, ['1.5', '3'], ['0', '-1', 'inf'])]])]);
    else
      tables.push([
        ['model_providers', 'acme'],
        tbl([
          ['name', v('"Acme"')],
          [
            'auth',
            tbl([
              ['command', v('"true"')],
              ['timeout_ms', pickOf(r, ['5000'], ['0', '-1'])],
            ]),
          ],
        ]),
      ]);
  },
  // Feature shapes: booleans, settings tables where a feature takes them, and where it does not.
  (r, _top, tables) => {
    const which = r.int(5);
    const boolFeature = r.pick(['hooks', 'unified_exec', 'shell_snapshot', 'memories']);
    if (which === 0) tables.push([['features'], tbl([[boolFeature, r.chance(BAD3) ? tbl([['enabled', v('true')]]) : v('true')]])]);
    else if (which === 1)
      tables.push([
        ['features', 'network_proxy'],
        tbl(
          r
            .shuffle<[string, Node]>([
              ['enabled', pickOf(r, ['true', 'false'], ['"yes"'])],
              ['mode', pickOf(r, ['"limited"', '"full"'], ['"open"'])],
              [r.chance(BAD3) ? 'modee' : 'allow_local_binding', v('false')],
            ])
            .slice(0, 1 + r.int(3)),
        ),
      ]);
    else if (which === 2) {
      // Settings with their own limits, and wait timeouts judged against each other and the defaults.
      const settings: [string, string[], string[]][] = [
        ['usage_hint_enabled', ['true', 'false'], ['"x"']],
        ['max_concurrent_threads_per_session', ['1', '4'], ['0', '"x"']],
        ['default_wait_timeout_ms', ['30000', '10000'], ['9999', '4000000']],
        ['min_wait_timeout_ms', ['1000', '30000'], ['30001', '-1']],
        ['max_wait_timeout_ms', ['30000', '600000'], ['29999']],
      ];
      const chosen = r.shuffle(settings).slice(0, 1 + r.int(2));
      tables.push([
        ['features', 'multi_agent_v2'],
        tbl([['enabled', v('true')], ...chosen.map(([k, good, bad]): [string, Node] => [k, pickOf(r, good, bad)])]),
      ]);
    } else if (which === 3)
      tables.push([
        ['features', r.pick(['token_budget', 'sleep_tool', 'code_mode'])],
        tbl([['enabled', pickOf(r, ['true', 'false'], ['"yes"', '1'])]]),
      ]);
    else tables.push([['features'], tbl([[r.pick(['network_proxy', 'zzz_unknown']), pickOf(r, ['true'], ['"on"', '1'])]])]);
  },
  // Files Codex reads while loading, relative to the file that names them.
  (r, top) => {
    const key = r.pick(['model_instructions_file', 'model_instructions_file', 'experimental_compact_prompt_file']);
    // `config.toml` is there for the user and project places and missing for the profile place.
    top.push([key, pickOf(r, ['"config.toml"'], ['"missing.md"', '".codex/config.toml"', '"/nonexistent/instructions.md"'])]);
  },
];

/** A file of round 3: one to three of the entries above, rendered in any TOML form. */
function generateLoadErrorFile(r: Rng): string {
  const top: [string, Node][] = [];
  const tables: [string[], Node][] = [];
  if (r.chance(0.5)) top.push(['model', v('"gpt-5.5"')]);
  for (const add of r.shuffle([...ROUND3]).slice(0, 1 + r.int(3))) add(r, top, tables);
  const head: Block = { path: [], lines: [] };
  const blocks: Block[] = [];
  renderEntries(r, top, [], head, blocks, []);
  const seen = new Set<string>();
  for (const [p, n] of tables) {
    // One table per path: a second `[tui]` would be a TOML error, which round 1 covers.
    if (!isTbl(n) || seen.has(p.join('.'))) continue;
    seen.add(p.join('.'));
    const style = r.int(10);
    if (style < 2) head.lines.push(`${keyPath(p)} = ${inline(n, r)}`);
    else if (style < 4) renderEntries(r, n.entries, p, head, blocks, []);
    else {
      const b: Block = { path: p, lines: [] };
      blocks.push(b);
      const sub: Block[] = [];
      renderEntries(r, n.entries, [], b, sub, p);
      blocks.push(...sub);
    }
  }
  const lines = [...head.lines];
  for (const b of blocks) {
    if (lines.length) lines.push('');
    lines.push(`[${keyPath(b.path)}]`, ...b.lines);
  }
  return lines.join('\n') + '\n';
}

/** `count` files of round 3 for `seed`, named `gen3-s<seed>-<i>`; file i depends only on (seed, i). */
export function generateLoadErrorCases(seed: number, count: number): LintCase[] {
  const out: LintCase[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Rng(mulberry32((Math.imul(seed, 0x2545f491) ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0));
    out.push({ name: `gen3-s${seed}-${i}`, toml: generateLoadErrorFile(r) });
  }
  return out;
}
