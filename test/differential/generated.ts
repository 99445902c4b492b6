// Seeded random scenarios for the differential suite: plausible worlds composed from the pieces
// the hand-written scenarios use one at a time (trust entries on various directories, profile
// files, project layers at several depths, permission profiles, web-search keys, launch flags,
// both surfaces), to find engine/codex disagreements nobody wrote a scenario for.
//
// Every scenario is derived from (seed, index) alone, so a failing one is reproduced with the
// same seed and its name: CODEX_POSTURE_DIFF_GENERATED=N CODEX_POSTURE_DIFF_SEED=S
// CODEX_POSTURE_DIFF_ONLY=gen/sS/i/ (see differential.test.ts). Most files are valid TOML with valid
// values; a small share carries a deliberately bad value or a syntax error, so load errors and
// their positions get exercised too. The expected answer is never computed here: the oracle asks
// the real codex.

import type { Surface } from '../../src/core/config/types';
import type { Scenario } from './oracle';
import { mulberry32 } from '../support/prng';

// ---------------------------------------------------------------------------------------------
// PRNG

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** Picks by weight: [[item, weight], ...]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/**
 * One scenario's own seed: stable for (seed, index), independent of how many are generated.
 * Round 1's mix (seeds 1-6, kept so their names still reproduce) lets neighbouring seeds share
 * worlds at shifted indices (seed 8's world i is seed 9's world i^1); from seed 7 on the seed is
 * hashed first, so every seed brings new worlds.
 */
function scenarioSeed(seed: number, index: number): number {
  if (seed >= 7) seed = fmix32(Math.imul(seed, 0x9e3779b1) ^ 0x85ebca6b);
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** murmur3's finaliser: every input bit reaches every output bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// A small TOML document builder: top-level keys first, then tables, each header once.

class TomlDoc {
  private readonly top: string[] = [];
  private readonly tables = new Map<string, string[]>();
  /** Appended verbatim at the end (a deliberate syntax error). */
  tail = '';

  set(key: string, value: string): void {
    this.top.push(`${key} = ${value}`);
  }
  table(header: string): string[] {
    let t = this.tables.get(header);
    if (!t) this.tables.set(header, (t = []));
    return t;
  }
  hasTop(key: string): boolean {
    return this.top.some((l) => l.startsWith(`${key} =`));
  }
  tablesView(): [string, string[]][] {
    return [...this.tables];
  }
  get empty(): boolean {
    return this.top.length === 0 && this.tables.size === 0 && !this.tail;
  }
  render(): string {
    let out = this.top.map((l) => l + '\n').join('');
    for (const [header, lines] of this.tables) out += `\n[${header}]\n${lines.map((l) => l + '\n').join('')}`;
    return out + this.tail;
  }
}

const q = (s: string): string => JSON.stringify(s);

// ---------------------------------------------------------------------------------------------
// Pieces

const SANDBOX = ['read-only', 'workspace-write', 'danger-full-access'] as const;
const WEB = ['disabled', 'cached', 'indexed', 'live'] as const;
const BUILTIN_PERMS = [':read-only', ':workspace', ':danger-full-access'] as const;
const USER = 'home/.codex/config.toml';
const PROFILE_NAMES = ['fast', 'work', 'ci'] as const;

interface World {
  readonly rng: Rng;
  /** Directories from the top of the world down to the cwd (relative to the root). */
  readonly chain: readonly string[];
  readonly cwd: string;
  /** Every directory a trust entry may name: the chain, plus a sibling that is not on the path. */
  readonly trustDirs: readonly string[];
  /** Directories (relative) that exist for writable roots and --add-dir. */
  readonly dirs: string[];
  /** Names of permission profiles some layer defines, so another layer may refer to them. */
  readonly permNames: Set<string>;
  /** Deliberately broken values so far (kept rare per scenario). */
  bad: number;
  readonly tags: string[];
}

/** A deliberately invalid value now and then, at most two per scenario. */
function goBad(w: World, p: number): boolean {
  if (w.bad >= 2 || !w.rng.chance(p)) return false;
  w.bad++;
  return true;
}

function approvalValue(w: World): string {
  const r = w.rng;
  if (goBad(w, 0.04))
    return r.pick(['"untrusted"', '5', '{ granular = { sandbox_approval = true, mcp_elicitations = true } }', '"sometimes"']);
  return r.weighted<string>([
    ['"on-request"', 3],
    ['"never"', 3],
    ['"on-failure"', 1],
    [`{ granular = { sandbox_approval = ${r.chance(0.5)}, rules = ${r.chance(0.5)}, mcp_elicitations = ${r.chance(0.5)} } }`, 2],
  ]);
}

/** A writable root entry as written in a file (relative ones resolve against the file's folder). */
function rootEntry(w: World): string {
  const r = w.rng;
  return r.weighted<string>([
    ['{{root}}/extra', 3],
    ['../extra', 2],
    ['../../extra', 1],
    ['{{root}}/missing', 1],
    [`{{root}}/${w.cwd}`, 1],
  ]);
}

/** `[permissions.<name>]` with some of extends / network / filesystem, written into `doc`. */
function permissionTable(w: World, doc: TomlDoc, name: string, others: readonly string[]): void {
  const r = w.rng;
  const t = doc.table(`permissions.${name}`);
  if (r.chance(0.8)) {
    let ext: string = r.weighted<string>([
      [':workspace', 4],
      [':read-only', 3],
      [others.length ? r.pick(others) : ':workspace', others.length ? 2 : 0],
    ]);
    if (goBad(w, 0.06)) ext = r.pick([':danger-full-access', 'ghost', name]);
    t.push(`extends = ${q(ext)}`);
  }
  if (r.chance(0.5)) doc.table(`permissions.${name}.network`).push(`enabled = ${r.chance(0.65)}`);
  if (r.chance(0.25)) {
    const fs = doc.table(`permissions.${name}.filesystem`);
    const entries = r.shuffle([
      `"{{root}}/extra" = "write"`,
      `":project_roots" = "${r.pick(['read', 'write'])}"`,
      `"{{root}}/extra/ro" = "read"`,
      `"../extra" = "write"`,
      ...(r.chance(0.15) ? ['":root" = "write"'] : []),
    ]);
    fs.push(...entries.slice(0, 1 + r.int(2)));
  }
  if (r.chance(0.1)) doc.table(`permissions.${name}.network.domains`).push(`"example.com" = "${r.pick(['allow', 'deny'])}"`);
  w.permNames.add(name);
}

/** Posture keys for one layer. `scope` tunes what the layer may carry. */
function postureKeys(w: World, doc: TomlDoc, scope: 'user' | 'profile' | 'project'): void {
  const r = w.rng;
  const density = scope === 'user' ? 1 : 0.8;
  if (r.chance(0.3 * density)) doc.set('sandbox_mode', goBad(w, 0.03) ? r.pick(['"sandboxed"', 'true']) : q(r.pick(SANDBOX)));
  if (r.chance(0.3 * density)) doc.set('approval_policy', approvalValue(w));
  if (r.chance(0.15 * density)) {
    doc.set(
      'approvals_reviewer',
      goBad(w, 0.04)
        ? '"robot"'
        : q(
            r.weighted([
              ['user', 2],
              ['auto_review', 2],
              ['guardian_subagent', 1],
            ] as const),
          ),
    );
  }
  if (r.chance(0.3 * density)) doc.set('web_search', goBad(w, 0.04) ? r.pick(['true', '"always"']) : q(r.pick(WEB)));
  if (r.chance(0.15 * density)) {
    const f = doc.table('features');
    for (const k of r.shuffle(['web_search_request', 'web_search_cached']).slice(0, 1 + r.int(2))) {
      f.push(`${k} = ${goBad(w, 0.03) ? '"yes"' : r.chance(0.7)}`);
    }
  }
  if (r.chance(0.25 * density)) {
    const sww = doc.table('sandbox_workspace_write');
    if (r.chance(0.75)) sww.push(`network_access = ${goBad(w, 0.03) ? '"yes"' : r.chance(0.7)}`);
    if (r.chance(0.4))
      sww.push(`writable_roots = [${[...new Set([rootEntry(w), ...(r.chance(0.3) ? [rootEntry(w)] : [])])].map(q).join(', ')}]`);
    if (r.chance(0.1)) sww.push(`exclude_slash_tmp = ${r.chance(0.5)}`);
  }
  if (r.chance(0.28 * density)) {
    // The newer permission-profile syntax: a built-in, a profile defined here, or one another layer defines.
    const known = [...w.permNames];
    const kind = r.weighted<'builtin' | 'own' | 'other' | 'bad'>([
      ['builtin', 4],
      ['own', 4],
      ['other', known.length ? 2 : 0],
      ['bad', goBad(w, 0.05) ? 100 : 0],
    ]);
    if (kind === 'builtin') doc.set('default_permissions', q(r.pick(BUILTIN_PERMS)));
    else if (kind === 'other') doc.set('default_permissions', q(r.pick(known)));
    else if (kind === 'bad') doc.set('default_permissions', q(r.pick([':everything', 'nosuch'])));
    else {
      const name = r.pick(['dev', 'net', 'locked']);
      doc.set('default_permissions', q(name));
      if (r.chance(0.3)) permissionTable(w, doc, 'base', []);
      permissionTable(w, doc, name, w.permNames.has('base') && name !== 'base' ? ['base'] : []);
    }
  } else if (r.chance(0.05)) {
    // A [permissions] table with no default_permissions: fatal unless sandbox_mode is set somewhere.
    permissionTable(w, doc, 'spare', []);
  }
  if (scope === 'project' && r.chance(0.12)) {
    // Keys Codex strips from project files (with a warning), not fatal there.
    const key = r.pick([
      'profile = "evil"',
      'model_provider = "evil"',
      'notify = ["/bin/true"]',
      'openai_base_url = "http://127.0.0.1:9/v1"',
    ]);
    const [k, v] = key.split(' = ');
    doc.set(k, v);
    if (r.chance(0.3)) doc.table('model_providers.evil').push('name = "evil"', 'base_url = "http://127.0.0.1:9/v1"');
  }
  if (scope === 'project' && r.chance(0.05)) doc.set('project_root_markers', '[".nothing"]');
  if (scope === 'user' && r.chance(0.05)) doc.table('profiles.legacy').push(`sandbox_mode = ${q(r.pick(SANDBOX))}`);
}

function trustEntry(w: World, doc: TomlDoc, dir: string): void {
  const level = goBad(w, 0.03)
    ? 'maybe'
    : w.rng.weighted([
        ['trusted', 3],
        ['untrusted', 1],
      ] as const);
  const lines = doc.table(`projects."{{root}}/${dir}"`);
  if (lines.length === 0) lines.push(`trust_level = "${level}"`);
}

/** A random `-c key=value` override (some in TOML syntax, some raw strings Codex keeps as text). */
function override(w: World): string {
  const r = w.rng;
  const perm = [...w.permNames];
  return r.weighted<string>([
    [`sandbox_mode=${q(r.pick(SANDBOX))}`, 3],
    [`sandbox_mode=${r.pick(SANDBOX)}`, 1],
    [`approval_policy=${q(r.pick(['on-request', 'never']))}`, 2],
    ['approval_policy={granular={sandbox_approval=true,rules=false,mcp_elicitations=true}}', 1],
    [`approvals_reviewer=${q(r.pick(['user', 'auto_review']))}`, 1],
    [`web_search=${q(r.pick(WEB))}`, 3],
    [`web_search=${r.pick(WEB)}`, 1],
    [`sandbox_workspace_write.network_access=${r.chance(0.7)}`, 2],
    ['sandbox_workspace_write.writable_roots=["{{root}}/extra"]', 1],
    [`default_permissions=${q(perm.length && r.chance(0.5) ? r.pick(perm) : r.pick(BUILTIN_PERMS))}`, 2],
    [`features.web_search_request=${r.chance(0.7)}`, 1],
    [`features.web_search_cached=${r.chance(0.5)}`, 1],
    [`projects."{{root}}/${r.pick(w.chain)}".trust_level="trusted"`, 1],
    [`sandbox_mode=${r.pick(['true', '"nope"'])}`, goBad(w, 0.02) ? 100 : 0],
  ]);
}

function launchArgs(w: World, profile: string | undefined): string[] {
  const r = w.rng;
  const groups: string[][] = [];
  if (profile !== undefined) groups.push(r.pick([['--profile', profile], ['-p', profile], [`--profile=${profile}`]]));
  const yolo = r.chance(0.06);
  const afm = !yolo && r.chance(0.07);
  // Clap rejects some combinations (--approve-for-me with -s/-a, --yolo with -a); keep them rare.
  const conflictOk = r.chance(0.04);
  if (yolo) groups.push(['--yolo']);
  if (afm) groups.push(['--approve-for-me']);
  if ((!afm || conflictOk) && r.chance(0.15)) groups.push(['-s', r.pick(SANDBOX)]);
  if ((!afm && !yolo) || conflictOk) if (r.chance(0.12)) groups.push(['-a', r.pick(['on-request', 'never'])]);
  for (
    let n = r.weighted([
      [0, 5],
      [1, 3],
      [2, 1],
    ] as const);
    n > 0;
    n--
  )
    groups.push(['-c', override(w)]);
  if (r.chance(0.12)) groups.push(['--search']);
  if (r.chance(0.05)) groups.push([r.pick(['--enable', '--disable']), r.pick(['web_search_request', 'web_search_cached'])]);
  if (r.chance(0.05)) groups.push(['--add-dir', r.pick(['{{root}}/extra', '../extra'])]);
  return r.shuffle(groups).flat();
}

// ---------------------------------------------------------------------------------------------
// Worlds

const SEGMENTS = ['work', 'repo', 'app', 'pkg', 'vendor', 'inner', 'src', 'deep'] as const;

export function generateScenario(seed: number, index: number): Scenario {
  const r = new Rng(scenarioSeed(seed, index));
  // A chain of 1-4 directories from the top of the world down to the cwd; some are git
  // repositories (none, one, or two = a nested repository), one may carry a custom root marker.
  const depth = r.weighted([
    [1, 2],
    [2, 4],
    [3, 3],
    [4, 2],
  ] as const);
  const names = r.shuffle([...SEGMENTS]).slice(0, depth);
  const chain = names.map((_, i) => names.slice(0, i + 1).join('/'));
  const gitCount = r.weighted([
    [0, 2],
    [1, 6],
    [2, depth >= 2 ? 2 : 0],
  ] as const);
  const gitIdx = new Set<number>();
  while (gitIdx.size < gitCount) gitIdx.add(r.weighted(chain.map((_, i) => [i, i === 0 ? 3 : 2] as const)));
  const git = [...gitIdx].sort().map((i) => chain[i]);
  const cwd = chain[chain.length - 1];
  const sibling = `${chain[0]}/other`;
  const w: World = {
    rng: r,
    chain,
    cwd,
    trustDirs: [...chain, sibling],
    dirs: ['extra', 'extra/ro', sibling],
    permNames: new Set(),
    bad: 0,
    tags: [],
  };
  w.tags.push(`d${depth}`, git.length ? `git@${[...gitIdx].sort().join('+')}` : 'nogit');

  const files: Record<string, string> = {};
  const user = new TomlDoc();
  /** Profile and project files, rendered at the end (round-2 extras may add to them). */
  const docs = new Map<string, TomlDoc>();
  const surface: Surface = r.chance(0.25) ? 'exec' : 'interactive';

  // Custom project_root_markers (only read from non-project layers) and a marker file somewhere on the path.
  if (r.chance(0.15)) {
    const markers = r.pick([['.projectroot'], ['.git', '.projectroot'], [], ['.hg']]);
    user.set('project_root_markers', `[${markers.map(q).join(', ')}]`);
    const at = r.int(chain.length);
    files[`${chain[at]}/.projectroot`] = '';
    w.tags.push(`markers[${markers.join(',')}]@${at}`);
  }

  postureKeys(w, user, 'user');

  // Trust entries: none, or one or two on directories of the path (git root, a subdir, a parent, the cwd).
  const trustCount = r.weighted([
    [0, 3],
    [1, 6],
    [2, 2],
  ] as const);
  const trusted = r.shuffle([...w.trustDirs]).slice(0, trustCount);

  // Profile file (used with --profile) that may carry trust too.
  let profile: string | undefined;
  if (r.chance(0.25)) {
    profile = r.pick(PROFILE_NAMES);
    w.tags.push('profile');
    if (r.chance(0.85)) {
      const doc = new TomlDoc();
      postureKeys(w, doc, 'profile');
      if (trusted.length && r.chance(0.25)) trustEntry(w, doc, trusted.pop()!);
      if (r.chance(0.05)) doc.set('profile', q(profile));
      docs.set(`home/.codex/${profile}.config.toml`, doc);
    }
  }
  for (const d of trusted) trustEntry(w, user, d);

  // Project layers at some depths of the path (and rarely in the sibling, which never applies).
  const projectAt = chain.filter(() => r.chance(0.35));
  if (r.chance(0.05)) projectAt.push(sibling);
  for (const d of projectAt) {
    const doc = new TomlDoc();
    postureKeys(w, doc, 'project');
    if (r.chance(0.1)) trustEntry(w, doc, r.pick(w.trustDirs));
    if (r.chance(0.04)) doc.tail = r.pick(['x = [\n', 'web_search = "live\n', '[sandbox_workspace_write\n']);
    docs.set(`${d}/.codex/config.toml`, doc);
  }
  if (projectAt.length) w.tags.push(`proj@${projectAt.map((d) => chain.indexOf(d)).join('+')}`);

  if (r.chance(0.03)) user.tail = r.pick(['x = [\n', 'sandbox_mode = "read-only\n']);
  const writeUser = !user.empty || r.chance(0.3);

  const launch = launchArgs(w, profile);
  if (launch.length) w.tags.push(launch.filter((a) => a.startsWith('-')).join(' '));
  if (surface === 'exec') w.tags.push('exec');

  // Now and then the cwd is reached through a symlink (Codex matches trust on the canonical path).
  let cwdGiven = cwd;
  const symlinks: Record<string, string> = {};
  if (r.chance(0.08)) {
    symlinks['link'] = cwd;
    cwdGiven = 'link';
    w.tags.push('symlinked-cwd');
  }

  // Round 2 (seeds 7 and up): more pieces, drawn from a second stream so the worlds above stay
  // what they were; seeds 1-6 reproduce round 1 exactly.
  const x = new Rng(scenarioSeed(seed, index) ^ 0x5bd1e995);
  const extraArgs = seed >= 7 ? extras(x, w, user, docs, chain) : [];
  if (extraArgs.length) {
    // Before or after the round-1 arguments (never between an option and its value).
    if (x.chance(0.5)) launch.push(...extraArgs);
    else launch.unshift(...extraArgs);
    w.tags.push(extraArgs.filter((a) => a.startsWith('-')).join(' '));
  }
  for (const [file, doc] of docs) files[file] = doc.render();
  if (writeUser || !user.empty) files[USER] = user.render();

  return {
    name: `gen/s${seed}/${index}/`,
    covers: `generated: ${w.tags.join(' ')}`,
    git,
    dirs: [...w.dirs, ...(seed >= 7 ? ['home/extra'] : []), ...chain],
    files,
    cwd: cwdGiven,
    ...(Object.keys(symlinks).length ? { symlinks } : {}),
    ...(launch.length ? { launch } : {}),
    surface,
  };
}

// ---------------------------------------------------------------------------------------------
// Round 2: what round 1 did not generate. `~`/`$HOME` paths, -c keys with dots, quotes, inline
// tables and invalid values, -c trust, --enable/--disable with web-search features (and unknown
// names), partial [approval_policy.granular] tables across layers, nested bad values (error
// ordering inside tables), linked worktrees.

function hasKey(lines: readonly string[], key: string): boolean {
  return lines.some((l) => l.startsWith(`${key} =`) || l.startsWith(`${key}=`));
}

/** Adds round-2 pieces to the documents; returns extra launch arguments. */
function extras(x: Rng, w: World, user: TomlDoc, docs: Map<string, TomlDoc>, chain: readonly string[]): string[] {
  const all = [user, ...docs.values()];
  const out: string[] = [];
  // `~` and `$HOME` in writable_roots (Codex expands `~` and `~/...` against $HOME only).
  if (x.chance(0.15)) {
    const doc = x.pick(all);
    const sww = doc.table('sandbox_workspace_write');
    if (!hasKey(sww, 'writable_roots')) {
      sww.push(
        `writable_roots = [${x
          .shuffle(['~/extra', '~', '$HOME/extra', '~/missing', '~extra'])
          .slice(0, 1 + x.int(2))
          .map(q)
          .join(', ')}]`,
      );
      w.tags.push('tilde-roots');
    }
  }
  // `~` in permission filesystem tables that exist.
  for (const doc of all) {
    for (const [header, lines] of doc.tablesView()) {
      if (/^permissions\.[^.]+\.filesystem$/.test(header) && x.chance(0.4)) {
        const entry = x.pick(['"~/extra" = "write"', '"~" = "write"', '"~/extra" = "read"', '"~/missing" = "write"']);
        if (!lines.some((l) => l.startsWith(entry.split(' = ')[0]))) lines.push(entry);
        w.tags.push('tilde-fs');
      }
    }
  }
  // A partial [approval_policy.granular] in a higher layer: merges key by key with a lower one.
  if (docs.size && x.chance(0.1)) {
    const doc = x.pick([...docs.values()]);
    if (!doc.hasTop('approval_policy')) {
      const keys = x.shuffle(['sandbox_approval', 'rules', 'mcp_elicitations', 'request_permissions']).slice(0, 1 + x.int(3));
      doc.table('approval_policy.granular').push(...keys.map((k) => `${k} = ${x.chance(0.5)}`));
      if (!user.hasTop('approval_policy') && x.chance(0.6)) {
        user.set(
          'approval_policy',
          `{ granular = { sandbox_approval = ${x.chance(0.5)}, rules = ${x.chance(0.5)}, mcp_elicitations = ${x.chance(0.5)} } }`,
        );
      }
      w.tags.push('granular-merge');
    }
  }
  // Nested bad values (which one does Codex name?).
  if (goBad(w, 0.05)) {
    const doc = x.pick(all);
    const bad = x.pick([
      ['sandbox_workspace_write', 'exclude_slash_tmp = "no"'],
      ['sandbox_workspace_write', 'writable_roots = "/x"'],
      ['sandbox_workspace_write', 'exclude_tmpdir_env_var = 1'],
      ['tools.web_search', 'context_size = "huge"'],
      ['features', 'web_search = "on"'],
    ] as const);
    const lines = doc.table(bad[0]);
    if (!hasKey(lines, bad[1].split(' = ')[0])) lines.push(bad[1]);
    w.tags.push('nested-bad');
  }
  // `[features] web_search` (the legacy alias of web_search_request).
  if (x.chance(0.08)) {
    const f = x.pick(all).table('features');
    if (!hasKey(f, 'web_search')) f.push(`web_search = ${x.chance(0.7)}`);
  }
  // -c forms round 1 did not use.
  for (
    let n = x.weighted([
      [0, 6],
      [1, 3],
      [2, 1],
    ] as const);
    n > 0;
    n--
  ) {
    const dir = x.pick(chain);
    out.push(
      '-c',
      x.weighted<string>([
        [`sandbox_workspace_write={network_access=${x.chance(0.6)}}`, 2],
        ['sandbox_workspace_write={writable_roots=["~/extra"],network_access=false}', 1],
        ['sandbox_workspace_write.writable_roots=["~/extra","{{root}}/extra"]', 1],
        [`approval_policy.granular.rules=${x.chance(0.5)}`, 1],
        ['approval_policy={granular={sandbox_approval=false,rules=true,mcp_elicitations=false}}', 1],
        ['"web_search"="live"', 1],
        ['sandbox_workspace_write."network_access"=true', 1],
        [`projects.{{root}}/${dir}.trust_level=${x.pick(['trusted', '"trusted"', '"untrusted"'])}`, 3],
        [`projects."{{root}}/${dir}".trust_level="trusted"`, 1],
        [`features.web_search=${x.chance(0.6)}`, 1],
        ['approvals_reviewer=guardian_subagent', 1],
        [`default_permissions=${q(x.pick(BUILTIN_PERMS))}`, 1],
        [
          x.pick([
            'web_search=[1,2]',
            'approval_policy={granular=',
            'sandbox_workspace_write.network_access=yes',
            'sandbox_workspace_write.writable_roots=~/extra',
          ]),
          goBad(w, 0.06) ? 100 : 0,
        ],
      ]),
    );
  }
  if (x.chance(0.1)) {
    out.push(
      x.pick(['--enable', '--disable']),
      x.weighted<string>([
        ['web_search', 3],
        ['web_search_request', 2],
        ['web_search_cached', 2],
        ['network_proxy', 1],
        ['Web_Search', 0.5],
        ['no_such_feature', 0.5],
      ]),
    );
  }
  return out;
}

/** A linked worktree world: repository `repo`, worktree `wt`, cwd in the worktree. */
export function generateWorktreeScenario(seed: number, index: number): Scenario {
  const x = new Rng(scenarioSeed(seed, index) ^ 0x27d4eb2f);
  const cwd = x.pick(['wt', 'wt/src']);
  const w: World = {
    rng: x,
    chain: ['repo', 'wt', cwd],
    cwd,
    trustDirs: ['repo', 'wt', cwd],
    dirs: ['extra'],
    permNames: new Set(),
    bad: 0,
    tags: ['worktree', cwd],
  };
  const user = new TomlDoc();
  postureKeys(w, user, 'user');
  for (const d of x.shuffle(['repo', 'wt', ...(cwd === 'wt' ? [] : [cwd])]).slice(
    0,
    x.weighted([
      [0, 1],
      [1, 4],
      [2, 1],
    ] as const),
  ))
    trustEntry(w, user, d);
  const files: Record<string, string> = { [USER]: user.render() };
  for (const d of ['repo', 'wt', cwd]) {
    if (!x.chance(0.45) || files[`${d}/.codex/config.toml`]) continue;
    const doc = new TomlDoc();
    postureKeys(w, doc, 'project');
    files[`${d}/.codex/config.toml`] = doc.render();
    w.tags.push(`proj@${d}`);
  }
  const launch = launchArgs(w, undefined);
  const surface: Surface = x.chance(0.25) ? 'exec' : 'interactive';
  if (surface === 'exec') w.tags.push('exec');
  return {
    name: `gen/s${seed}/${index}/`,
    covers: `generated: ${w.tags.join(' ')}`,
    git: ['repo'],
    worktrees: [{ repo: 'repo', path: 'wt' }],
    dirs: ['extra', 'home/extra'],
    files,
    cwd,
    ...(launch.length ? { launch } : {}),
    surface,
  };
}

export function generateScenarios(seed: number, count: number): Scenario[] {
  // Seeds 1-6 (round 1) are generated as they were; from seed 7 one world in 16 is a linked worktree.
  return Array.from({ length: count }, (_, i) =>
    seed >= 7 && scenarioSeed(seed, i) % 16 === 0 ? generateWorktreeScenario(seed, i) : generateScenario(seed, i),
  );
}
