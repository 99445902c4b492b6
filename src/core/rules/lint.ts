// The lint engine: one Codex config file in, findings with exact ranges and quick fixes out. The
// load errors come from config/validate.ts, the same checks that decide the engine's `loadError`,
// so the badge and the Problems panel cannot disagree about whether Codex starts.
import * as path from 'node:path';
import { childKey, getPath, isTable, parseTomlWithPositions, pathKey, ROOT_KEY, type KeyLocation, type ParsedToml, type Span, type TomlTable, type TomlValue } from '../config/toml';
import { checkFile, checkMerged, tableWithoutHeader, type ConfigProblem } from '../config/validate';
import { KNOWN_DEPTH, KNOWN_TOP_LEVEL, knownKeysOf } from '../schema';
import { ruleInfo, type Severity } from './catalog';
import { applyEdits, eol, removeKeyValue, replaceValue, spanOf, tableBlock, tomlString, topLevelInsert, type TextEdit } from './edits';
import { redact, secretFindings } from './secrets';
import type { ConfigFileKind, Finding, Fix, LintOptions, Related } from './types';

export type { TextEdit } from './edits';
export type { ConfigFileKind, Finding, Fix, LintOptions, Related } from './types';

/** The kind of a config file from its path, as `codex-posture lint` infers it. */
export function inferKind(file: string): ConfigFileKind {
  const base = path.basename(file);
  const dir = path.dirname(file);
  if (base === 'requirements.toml') return 'requirements';
  if (base === 'managed_config.toml') return 'managed';
  if (base === 'config.toml' && path.basename(dir) === '.codex' && path.resolve(dir) !== path.resolve(process.env.CODEX_HOME ?? '\0')) {
    // `~/.codex/config.toml` is the user layer; any other `.codex/config.toml` is a project.
    const home = process.env.HOME ? path.join(process.env.HOME, '.codex') : undefined;
    return home && path.resolve(dir) === path.resolve(home) ? 'user' : 'project';
  }
  if (path.resolve(file) === '/etc/codex/config.toml') return 'system';
  if (/^[A-Za-z0-9_-]+\.config\.toml$/.test(base)) return 'profile';
  return 'user';
}

const GUIDE_KEYS: Readonly<Record<string, string>> = {
  ask_for_approval: 'Codex reads the approval policy only from the top-level `approval_policy`',
  allowlisted_domains: 'domain rules live in `[permissions.<name>.network.domains]` and are enforced only with `features.network_proxy = true`',
  allowlist_expiry: 'nothing in Codex expires; domain rules live in `[permissions.<name>.network.domains]`',
};

/**
 * The edit distance of a and b, or any number above `max` once it is sure to exceed it. One row
 * at a time, stopping when a whole row is over `max`: a file of typos asks this for every
 * candidate of every unknown key, and a single unknown key was a fifth of linting a small file.
 */
function levenshtein(a: string, b: string, max = Infinity): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    // Every way to the last cell crosses this row, and costs only grow along it.
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue;
    // Only a distance within the limit and better than the best so far can change the answer.
    const dist = levenshtein(word, c, Math.min(limit, bestD - 1));
    if (dist < bestD && dist <= limit) {
      bestD = dist;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

function dotted(p: readonly (string | number)[]): string {
  return p.map((s) => (typeof s === 'string' && /^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s))).join('.');
}

export interface LintResult {
  readonly findings: Finding[];
  /** False when the text is not valid TOML. */
  readonly parsed: boolean;
  /** The parsed text, for checks that run after the rules (layer notes, team policy) without parsing again. */
  readonly doc: ParsedToml;
}

export function lintText(input: string, opts: LintOptions): LintResult {
  const parsed = parseTomlWithPositions(input);
  const text = parsed.text;
  const findings: Finding[] = [];
  const add = (code: string, message: string, span: Span, extra: { related?: Related[]; fixes?: Fix[]; severity?: Severity } = {}) =>
    findings.push({ code, severity: extra.severity ?? ruleInfo(code).severity, message, span, related: extra.related ?? [], fixes: extra.fixes ?? [] });

  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    const lines = text.split('\n');
    let start = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const lineText = (lines[line - 1] ?? '').replace(/\r$/, '');
    const s = Math.min(start + column - 1, text.length);
    const e = Math.max(s, start + lineText.length);
    if (parsed.error.unsupported) {
      add('CP001', `Codex Posture cannot check this file: ${message}.`, spanOf(text, 0, Math.min(1, text.length)), { severity: 'warning' });
      return { findings, parsed: false, doc: parsed };
    }
    add('CP001', `TOML parse error: ${message}. Codex refuses to load this file.`, spanOf(text, s, e === s ? Math.min(s + 1, text.length) : e));
    return { findings, parsed: false, doc: parsed };
  }

  const table = parsed.value;
  const locs = parsed.locations;
  const loc = (p: readonly (string | number)[]): KeyLocation | undefined => locs.get(pathKey(p));
  // Only fixes need the header offsets; most files have few findings, so collect them on demand.
  let headerStartsMemo: number[] | undefined;
  const headerStarts = (): number[] => {
    if (!headerStartsMemo) {
      const seen = new Set<number>();
      for (const l of locs.values()) if (l.header) seen.add(l.header.span.start);
      headerStartsMemo = [...seen];
    }
    return headerStartsMemo;
  };
  const keySpan = (l: KeyLocation) => l.key;
  const valueSpan = (l: KeyLocation) => l.value ?? l.key;
  const isProject = opts.kind === 'project';
  const nl = eol(text);
  const topInsert = (line: string) => topLevelInsert(text, headerStarts(), line);
  // Removing "a key" must leave valid TOML whatever form it was written in: a `[table]` header
  // goes with its block, the implied parent of a dotted key (`a.b = 1` for `a`) with that line.
  const removeEdit = (l: KeyLocation): TextEdit => {
    if (l.isHeader) {
      const b = tableBlock(text, l.key.start, headerStarts());
      return { start: b.start, end: b.end, newText: '' };
    }
    if (!l.value) {
      for (const x of locs.values()) if (x.value && x.key === l.key) return removeKeyValue(text, x);
    }
    return removeKeyValue(text, l);
  };

  if (opts.kind === 'requirements') {
    lintRequirements(table, loc, add);
    return { findings, parsed: true, doc: parsed };
  }

  // --- Load errors (shared with the engine) ------------------------------------------------
  const { effective, stripped, problems } = checkFile(table, {
    isProject,
    integralFloats: parsed.integralFloats,
    // `[permissions]` without `default_permissions` depends on the other layers; judge it only in
    // the files where Codex's own single-file view applies.
    merged: (t) =>
      checkMerged(t).filter((p) => {
        if (p.code === 'CP008' && (opts.kind === 'project' || opts.kind === 'profile')) return false;
        return !(p.code === 'CP009' && (opts.kind === 'project' || opts.kind === 'profile') && !String(getPath(t, ['default_permissions'])).startsWith(':'));
      }),
  });
  for (const p of problems) errorFinding(p);

  function errorFinding(p: ConfigProblem): void {
    let l: KeyLocation | undefined;
    let n = p.path.length;
    for (; n > 0 && !l; n--) l = loc(p.path.slice(0, n));
    const tableLoc = l && p.atHeader && !l.header ? tableWithoutHeader(p, n + 1, locs) : undefined;
    const span = !l ? spanOf(text, 0, Math.min(text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'), text.length)) : p.atHeader && l.header ? l.header.span : tableLoc ? tableLoc.key : valueSpan(l);
    const fixes: Fix[] = [];
    const related: Related[] = [];
    let message = p.message;
    const last = p.path[p.path.length - 1];
    if (p.code === 'CP003' && l) {
      fixes.push({ title: 'Remove approval_policy = "untrusted"', preferred: true, edits: [removeEdit(l)] });
      fixes.push({ title: 'Use approval_policy = "on-request"', edits: [replaceValue(l, '"on-request"')] });
    } else if (p.code === 'CP005' && l) {
      fixes.push({ title: 'Use wire_api = "responses"', preferred: true, edits: [replaceValue(l, '"responses"')] });
    } else if (p.code === 'CP006' && l) {
      const server = String(p.path[1]);
      const v = envName(server, 'TOKEN');
      message = `${message} (value ${redact(getPath(table, p.path.map(String)))})`;
      const hasVar = getPath(table, [...p.path.slice(0, -1).map(String), 'bearer_token_env_var']) !== undefined;
      if (hasVar) fixes.push({ title: 'Remove the literal token (bearer_token_env_var is set)', preferred: true, edits: [removeEdit(l)] });
      else fixes.push({
        title: `Replace the literal token by bearer_token_env_var = "${v}"`,
        preferred: true,
        edits: [{ start: l.key.start, end: valueSpan(l).end, newText: `bearer_token_env_var = ${tomlString(v)}` }],
        note: `Set the environment variable ${v} to the token before starting Codex.`,
      });
    } else if (p.code === 'CP002' && p.path.length === 1 && last === 'web_search' && typeof getPath(table, ['web_search']) === 'boolean' && l) {
      const b = getPath(table, ['web_search']) as boolean;
      fixes.push({ title: `Use web_search = "${b ? 'live' : 'disabled'}"`, preferred: true, edits: [replaceValue(l, b ? '"live"' : '"disabled"')] });
    } else if (p.code === 'CP002' && p.path[0] === 'features' && p.path.length === 2 && typeof last === 'string' && KNOWN_TOP_LEVEL.includes(last) && l?.header) {
      message = `${message}. \`${last}\` is a top-level key written below [features], so it belongs to that table`;
      related.push({ message: 'the [features] header that captured this key', span: l.header.span });
      // Moving it up next to an existing top-level key would define that key twice.
      if (getPath(table, [last]) === undefined) fixes.push(moveToTop(l, last, true));
      else fixes.push({ title: `Remove features.${last} (top-level ${last} is already set)`, preferred: true, edits: [removeEdit(l)] });
    }
    add(p.code, message, span, { fixes, related });
  }

  function moveToTop(l: KeyLocation, key: string, preferred: boolean, valueText?: string): Fix {
    if (!l.value && !l.isHeader) {
      // The implied parent of a dotted key (`tools.web_search = true` below a header): move that line.
      for (const x of locs.values()) {
        if (x.value && x.key === l.key) return { title: `Move ${key} above the first [table] header (top level)`, preferred, edits: [removeEdit(x), topInsert(text.slice(x.key.start, x.value.end))] };
      }
    }
    const v = valueText ?? text.slice(valueSpan(l).start, valueSpan(l).end);
    return { title: `Move ${key} above the first [table] header (top level)`, preferred, edits: [removeEdit(l), topInsert(`${key} = ${v}`)] };
  }

  // --- Keys Codex ignores ------------------------------------------------------------------
  const walkUnknown = (t: TomlTable, p: readonly string[], pk: string) => {
    const known = knownKeysOf(p);
    for (const k of Object.keys(t)) {
      const v = t[k];
      const unknown = known !== undefined && !known.includes(k);
      const descend = isTable(v) && (p.length < 2 || p.length < (KNOWN_DEPTH.get(p[0]) ?? 0)) && !(p.length === 0 && k === 'permissions');
      if (!unknown && !descend) continue;
      const kk = childKey(pk, k);
      // Only an unknown key needs its place (each lookup hashes a fresh path key).
      const l = unknown ? locs.get(kk) : undefined;
      if (l) unknownKey([...p, k], k, v, l, known!);
      else if (descend) walkUnknown(v as TomlTable, [...p, k], kk);
    }
  };
  function unknownKey(kp: readonly string[], k: string, v: TomlValue, l: KeyLocation, known: readonly string[]): void {
    const where = kp.length > 1 ? ` in [${dotted(kp.slice(0, -1))}]` : '';
    const header = l.header && !l.isHeader ? { message: `the [${dotted(l.header.path)}] header that this key is written under`, span: l.header.span } : undefined;
    const span = l.isHeader ? l.definedAt ?? l.key : keySpan(l);
    if (k === 'sandbox_read_only' && kp.length === 1) {
      const block = tableBlock(text, l.key.start, headerStarts());
      add('CP102', '[sandbox_read_only] is not a Codex table and is ignored: read-only has no network option. Use sandbox_mode = "read-only" (network is off), or sandbox_mode = "workspace-write" with [sandbox_workspace_write] network_access if you need network.', span, {
        fixes: l.isHeader ? [{ title: 'Remove the [sandbox_read_only] table', preferred: true, edits: [{ start: block.start, end: block.end, newText: '' }] }] : [],
      });
      return;
    }
    if (GUIDE_KEYS[k]) {
      const fixes: Fix[] = [];
      if (k === 'ask_for_approval' && typeof v === 'string') {
        const mapped = v === 'never' ? 'never' : 'on-request';
        fixes.push(
          getPath(table, ['approval_policy']) === undefined
            ? { title: `Replace with top-level approval_policy = "${mapped}"`, preferred: true, edits: [removeEdit(l), topInsert(`approval_policy = ${tomlString(mapped)}`)] }
            : { title: 'Remove ask_for_approval (approval_policy is already set)', preferred: true, edits: [removeEdit(l)] },
        );
      } else {
        fixes.push({ title: `Remove ${k}`, preferred: true, edits: [removeEdit(l)] });
      }
      add('CP102', `\`${dotted(kp)}\` comes from the team guide but Codex 0.171 ignores it: ${GUIDE_KEYS[k]}.`, span, { fixes, related: header ? [header] : [] });
      return;
    }
    // A legacy profile has fewer fields than the top level; the same key in `<name>.config.toml` works.
    if (kp[0] === 'profiles' && kp.length === 3 && KNOWN_TOP_LEVEL.includes(k)) {
      add('CP101', `Codex ignores \`${k}\` in [${dotted(kp.slice(0, -1))}]: it is a top-level setting, not one a legacy profile can hold (a profile file, ${kp[1]}.config.toml, can hold it).`, span, { related: header ? [header] : [] });
      return;
    }
    // A known top-level key below a header: the classic TOML trap.
    if (kp.length > 1 && KNOWN_TOP_LEVEL.includes(k) && !l.isHeader && l.header && getPath(table, [k]) === undefined) {
      add('CP103', `\`${k}\` is written below [${dotted(l.header.path)}], so TOML puts it in that table as \`${dotted(kp)}\`, which Codex ignores. Move it above the first [table] header.`, span, {
        related: header ? [header] : [],
        fixes: [moveToTop(l, k, true)],
      });
      return;
    }
    const guess = didYouMean(k, known);
    const parent = kp.length > 1 ? getPath(table, kp.slice(0, -1)) : table;
    const taken = guess !== undefined && isTable(parent) && parent[guess] !== undefined;
    const fixes: Fix[] = guess && !taken && !l.isHeader ? [{ title: `Rename to ${guess}`, preferred: true, edits: [{ start: l.key.end - lastSegmentLength(text, l), end: l.key.end, newText: guess }] }] : [];
    add('CP101', `Codex ignores the unknown key \`${dotted(kp)}\`${where}${guess ? `; did you mean \`${guess}\`?` : '.'}`, span, { fixes, related: header ? [header] : [] });
  }
  // The whole file, stripped keys included: Codex checks a project file's keys before it strips
  // `model_providers`, `otel`, `profiles` ... (`--strict-config` names a typo inside them).
  walkUnknown(table, [], ROOT_KEY);

  // --- Keys Codex accepts that do nothing, and deprecated forms ----------------------------
  const toolsWs = getPath(table, ['tools', 'web_search']);
  const toolsWsLoc = loc(['tools', 'web_search']);
  if (typeof toolsWs === 'boolean' && toolsWsLoc) {
    const mode = toolsWs ? 'live' : 'disabled';
    const fixes: Fix[] = [];
    if (getPath(table, ['web_search']) === undefined) {
      fixes.push({ title: `Replace with top-level web_search = "${mode}"`, preferred: true, edits: [removeEdit(toolsWsLoc), topInsert(`web_search = "${mode}"`)] });
    }
    fixes.push({ title: 'Remove [tools] web_search', preferred: fixes.length === 0, edits: [removeEdit(toolsWsLoc)] });
    add('CP201', `[tools] web_search = ${toolsWs} is accepted and does nothing. Web search is the top-level web_search = "live" | "cached" | "indexed" | "disabled" (default "cached").`, keySpan(toolsWsLoc), { fixes });
  }

  const sandboxMode = getPath(effective, ['sandbox_mode']);
  const defaultPerms = getPath(effective, ['default_permissions']);
  const netLoc = loc(['sandbox_workspace_write', 'network_access']);
  const net = getPath(effective, ['sandbox_workspace_write', 'network_access']);
  const netInert = netLoc && ((typeof sandboxMode === 'string' && sandboxMode !== 'workspace-write') || typeof defaultPerms === 'string');
  if (netInert && netLoc) {
    const why = typeof defaultPerms === 'string' ? `default_permissions = "${String(defaultPerms)}" is set in this file, and the permission-profile syntax wins` : `sandbox_mode is "${String(sandboxMode)}" here`;
    const sm = loc(['sandbox_mode']);
    add('CP202', `[sandbox_workspace_write] network_access has no effect: ${why}. It applies only when the sandbox is workspace-write.`, keySpan(netLoc), {
      related: sm ? [{ message: 'the sandbox_mode that makes it inert', span: valueSpan(sm) }] : [],
      fixes: [{ title: 'Remove network_access', preferred: false, edits: [removeEdit(netLoc)] }],
    });
  }

  const profiles = getPath(table, ['profiles']);
  if (isTable(profiles) && !isProject) {
    for (const name of Object.keys(profiles)) {
      const l = loc(['profiles', name]);
      if (!l) continue;
      const fixes: Fix[] = [];
      const migrate = migrateProfile(name);
      if (migrate) fixes.push(migrate);
      add('CP203', `[profiles.${name}] is inert in Codex 0.171: profiles live in ${name}.config.toml next to config.toml and are chosen with --profile ${name}. (With --profile ${name} this table makes Codex refuse to start.)`, l.key, { fixes });
    }
  }

  function migrateProfile(name: string): Fix | undefined {
    if (!opts.file || !/^[A-Za-z0-9_-]+$/.test(name)) return undefined;
    // Only the `[profiles.x]` header form, with every part of the profile under its own headers.
    const headers = [...locs.entries()]
      .filter(([, l]) => l.isHeader && l.header && l.header.path[0] === 'profiles' && l.header.path[1] === name)
      .map(([, l]) => l.header!)
      .filter((h, i, a) => a.findIndex((x) => x.span.start === h.span.start) === i);
    const main = headers.find((h) => h.path.length === 2);
    if (!main) return undefined;
    const dottedOutside = [...locs.values()].some((l) => !l.isHeader && !l.header && l.key.start < text.length && pathStartsWithProfiles(l, name));
    if (dottedOutside) return undefined;
    const edits: TextEdit[] = [];
    const parts: string[] = [];
    for (const h of headers.sort((a, b) => a.span.start - b.span.start)) {
      const block = tableBlock(text, h.span.start, headerStarts());
      const body = text.slice(block.start, block.end);
      const firstNl = body.indexOf('\n');
      const rest = firstNl === -1 ? '' : body.slice(firstNl + 1);
      parts.push(h.path.length === 2 ? rest : `[${dotted(h.path.slice(2))}]${nl}${rest}`);
      edits.push({ start: block.start, end: block.end, newText: '' });
    }
    const file = path.join(path.dirname(opts.file), `${name}.config.toml`);
    let content = parts.join('').replace(/\s+$/, '') + nl;
    content = content.replace(/approval_policy\s*=\s*"on-failure"/, 'approval_policy = "on-request"');
    return {
      title: `Move [profiles.${name}] to ${name}.config.toml`,
      preferred: true,
      edits,
      createFile: { path: file, content },
      note: `Created ${file}. Start Codex with --profile ${name} to use it.`,
    };
  }
  function pathStartsWithProfiles(l: KeyLocation, name: string): boolean {
    for (const [k, v] of locs) if (v === l) { const p = JSON.parse(k) as unknown[]; return p[0] === 'profiles' && p[1] === name; }
    return false;
  }

  const perms = getPath(effective, ['permissions']);
  if (isTable(perms) && getPath(effective, ['features', 'network_proxy']) !== true) {
    for (const [name, prof] of Object.entries(perms)) {
      const domains = isTable(prof) ? getPath(prof, ['network', 'domains']) : undefined;
      const l = loc(['permissions', name, 'network', 'domains']);
      if (isTable(domains) && Object.keys(domains).length && l) {
        add('CP204', `The domain rules in [permissions.${name}.network.domains] are not enforced: Codex applies them only with features.network_proxy = true (experimental). Without it a profile with network enabled has open network.`, l.key);
      }
    }
  }

  if (isProject) {
    for (const p of stripped) {
      const l = loc(p);
      if (!l) continue;
      add('CP205', `Codex strips \`${p.join('.')}\` from project config files (it is only honoured in your user config), so this line does nothing.`, l.key, {
        fixes: l.isHeader ? [] : [{ title: `Remove ${p.join('.')}`, preferred: true, edits: [removeEdit(l)] }],
      });
    }
    if (opts.projectTrusted === false || opts.projectTrusted === null) {
      const first = [...locs.values()].sort((a, b) => a.key.start - b.key.start)[0];
      add('CP206', opts.projectTrusted === false
        ? 'This project is marked untrusted, so Codex ignores this .codex/config.toml.'
        : 'This project has no trust entry, so Codex ignores this .codex/config.toml until the project is trusted (a session that can write trusts it automatically).', first ? first.key : spanOf(text, 0, 0));
    }
  }

  const eachApproval = (fn: (p: string[], l: KeyLocation, v: TomlValue) => void) => {
    const v = getPath(table, ['approval_policy']);
    const l = loc(['approval_policy']);
    if (v !== undefined && l) fn(['approval_policy'], l, v);
    if (isTable(profiles) && !isProject) {
      for (const name of Object.keys(profiles)) {
        const pv = getPath(table, ['profiles', name, 'approval_policy']);
        const pl = loc(['profiles', name, 'approval_policy']);
        if (pv !== undefined && pl) fn(['profiles', name, 'approval_policy'], pl, pv);
      }
    }
  };
  eachApproval((p, l, v) => {
    if (v === 'on-failure') {
      add('CP301', `${dotted(p)} = "on-failure" is deprecated; Codex reads it as "on-request".`, valueSpan(l), {
        fixes: [{ title: 'Use "on-request"', preferred: true, edits: [replaceValue(l, '"on-request"')] }],
      });
    }
  });

  for (const feat of ['web_search_request', 'web_search_cached']) {
    const v = getPath(table, ['features', feat]);
    const l = loc(['features', feat]);
    if (typeof v !== 'boolean' || !l) continue;
    const ws = getPath(table, ['web_search']);
    const mode = feat === 'web_search_request' && v ? 'live' : 'cached';
    const fixes: Fix[] =
      ws === undefined
        ? [{ title: `Replace with top-level web_search = "${mode}"`, preferred: true, edits: [removeEdit(l), topInsert(`web_search = "${mode}"`)] }]
        : [{ title: `Remove features.${feat} (web_search is set)`, preferred: true, edits: [removeEdit(l)] }];
    add('CP302', `features.${feat} is deprecated${ws !== undefined ? ' and ignored because web_search is set' : `; here it means web_search = "${mode}"`}. Use the top-level web_search key.`, keySpan(l), { fixes });
  }

  // --- Security ----------------------------------------------------------------------------
  const smLoc = loc(['sandbox_mode']);
  const apLoc = loc(['approval_policy']);
  const approval = getPath(effective, ['approval_policy']);
  if (sandboxMode === 'danger-full-access' && smLoc) {
    if (approval === 'never' && apLoc) {
      add('CP401', 'approval_policy = "never" with sandbox_mode = "danger-full-access": the agent runs any command with no sandbox and never asks (the TUI calls this YOLO mode; web search becomes live too).', valueSpan(apLoc), {
        related: [{ message: 'sandbox_mode = "danger-full-access"', span: valueSpan(smLoc) }],
        fixes: [
          { title: 'Ask for approval: approval_policy = "on-request"', preferred: true, edits: [replaceValue(apLoc, '"on-request"')] },
          { title: 'Sandbox the agent: sandbox_mode = "workspace-write"', edits: [replaceValue(smLoc, '"workspace-write"')] },
        ],
      });
    }
    add('CP402', 'sandbox_mode = "danger-full-access": commands run with no sandbox, with full disk and network access.', valueSpan(smLoc), {
      fixes: [{ title: 'Use sandbox_mode = "workspace-write"', preferred: true, edits: [replaceValue(smLoc, '"workspace-write"')] }],
    });
  }
  const dpLoc = loc(['default_permissions']);
  if (defaultPerms === ':danger-full-access' && dpLoc) {
    add('CP402', 'default_permissions = ":danger-full-access": commands run with no sandbox, with full disk and network access.', valueSpan(dpLoc), {
      fixes: [{ title: 'Use default_permissions = ":workspace"', preferred: true, edits: [replaceValue(dpLoc, '":workspace"')] }],
    });
  }
  if (net === true && netLoc && !netInert) {
    add('CP403', 'network_access = true: commands inside the workspace-write sandbox can reach the network (exfiltration, downloads).', valueSpan(netLoc), {
      fixes: [{ title: 'Turn network off: network_access = false', preferred: true, edits: [replaceValue(netLoc, 'false')] }],
    });
  }
  if (isTable(perms)) {
    for (const name of Object.keys(perms)) {
      const v = getPath(effective, ['permissions', name, 'network', 'enabled']);
      const l = loc(['permissions', name, 'network', 'enabled']);
      if (v === true && l) {
        add('CP403', `[permissions.${name}.network] enabled = true: commands under this permission profile can reach the network.`, valueSpan(l), {
          fixes: [{ title: 'Turn network off: enabled = false', preferred: true, edits: [replaceValue(l, 'false')] }],
        });
      }
    }
  }
  const wsLoc = loc(['web_search']);
  if (getPath(effective, ['web_search']) === 'live' && wsLoc) {
    add('CP404', 'web_search = "live": the agent reads web pages fetched during the session, which can carry prompt injections. "cached" (the default) uses an indexed cache.', valueSpan(wsLoc), {
      fixes: [
        { title: 'Use web_search = "cached"', preferred: true, edits: [replaceValue(wsLoc, '"cached"')] },
        { title: 'Use web_search = "disabled"', edits: [replaceValue(wsLoc, '"disabled"')] },
      ],
    });
  }
  const notify = getPath(effective, ['notify']);
  const notifyLoc = loc(['notify']);
  if (Array.isArray(notify) && notify.length && notifyLoc) {
    add('CP405', `notify runs \`${String(notify[0])}\` after every agent turn, outside the sandbox. Make sure you trust that program.`, valueSpan(notifyLoc));
  }
  for (const key of ['openai_base_url', 'chatgpt_base_url']) {
    const v = getPath(effective, [key]);
    const l = loc([key]);
    if (typeof v === 'string' && l) {
      const host = hostOf(v);
      const expected = key === 'openai_base_url' ? 'api.openai.com' : 'chatgpt.com';
      if (host !== expected || !v.startsWith('https://')) {
        add('CP406', `${key} sends your OpenAI credentials to ${host ?? v}${v.startsWith('http://') ? ' over plain HTTP' : ''}. Make sure that host is yours.`, valueSpan(l));
      }
    }
  }
  const providers = getPath(effective, ['model_providers']);
  if (isTable(providers)) {
    for (const [id, p] of Object.entries(providers)) {
      if (!isTable(p) || typeof p.base_url !== 'string') continue;
      const l = loc(['model_providers', id, 'base_url']);
      const host = hostOf(p.base_url);
      const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
      if (!l) continue;
      if (p.base_url.startsWith('http://') && !local) {
        add('CP406', `model_providers.${id}.base_url sends the provider's key over plain HTTP to ${host ?? p.base_url}.`, valueSpan(l), {
          fixes: [{ title: 'Use https://', preferred: true, edits: [replaceValue(l, tomlString(p.base_url.replace(/^http:/, 'https:')))] }],
        });
      } else if (p.requires_openai_auth === true && host && !/(^|\.)openai\.com$/.test(host)) {
        add('CP406', `model_providers.${id} has requires_openai_auth = true, so your OpenAI credentials go to ${host}.`, valueSpan(l));
      }
    }
  }
  for (const s of secretFindings(table, loc, text)) add('CP407', s.message, s.span, { fixes: s.fixes });
  // Every Windows-path pattern needs a backslash somewhere in the file.
  if (text.includes('\\')) windowsPaths(table, [], ROOT_KEY, locs, text, add);

  findings.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return { findings, parsed: true, doc: parsed };
}

function lastSegmentLength(text: string, l: KeyLocation): number {
  // The last segment of a (possibly dotted, possibly quoted) key.
  const raw = text.slice(l.key.start, l.key.end);
  const m = /(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)$/.exec(raw);
  return m ? m[0].length : raw.length;
}

export function envName(...parts: string[]): string {
  return parts.join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

type Add = (code: string, message: string, span: Span, extra?: { fixes?: Fix[] }) => void;

function windowsPaths(t: TomlValue, p: (string | number)[], key: string, locs: ReadonlyMap<string, KeyLocation>, text: string, add: Add): void {
  // `p` is one array pushed and popped along the walk; `key` is pathKey(p), built incrementally.
  if (isTable(t)) {
    for (const k of Object.keys(t)) {
      p.push(k);
      windowsPaths(t[k], p, childKey(key, k), locs, text, add);
      p.pop();
    }
  } else if (Array.isArray(t)) {
    for (let i = 0; i < t.length; i++) {
      p.push(i);
      windowsPaths(t[i], p, childKey(key, i), locs, text, add);
      p.pop();
    }
  } else if (typeof t === 'string') {
    const l = locs.get(key);
    if (!l?.value) return;
    const raw = text.slice(l.value.start, l.value.end);
    // Every pattern below needs a backslash in the written value; most strings have none.
    if (!raw.includes('\\')) return;
    if (!raw.startsWith('"') || raw.startsWith('"""')) return;
    // A single backslash before a letter, in something that looks like a Windows path.
    if (/^"([A-Za-z]:)?\\(?!\\)|^"[A-Za-z]:\\|\\[A-Za-z]/.test(raw) && /^"([A-Za-z]:|\\\\)/.test(raw) && /\\(?![\\"])/.test(raw)) {
      const inner = raw.slice(1, -1);
      const fixes: Fix[] = inner.includes("'") ? [] : [{ title: "Use a literal string ('...') so backslashes stay backslashes", preferred: true, edits: [{ start: l.value.start, end: l.value.end, newText: `'${inner}'` }] }];
      add('CP408', `${dotted(p)} is a Windows path in a basic string: \\t, \\n, \\b ... are escapes there, so the path Codex sees is not the one written. Use a literal string or double the backslashes.`, l.value, { fixes });
    }
  }
}

function lintRequirements(t: TomlTable, loc: (p: readonly (string | number)[]) => KeyLocation | undefined, add: Add): void {
  const lists: Record<string, readonly string[]> = {
    allowed_approval_policies: ['on-request', 'never', 'untrusted', 'on-failure'],
    allowed_sandbox_modes: ['read-only', 'workspace-write', 'danger-full-access'],
    allowed_web_search_modes: ['disabled', 'cached', 'indexed', 'live'],
  };
  for (const [key, words] of Object.entries(lists)) {
    const v = t[key];
    const l = loc([key]);
    if (v === undefined || !l) continue;
    if (!Array.isArray(v)) {
      add('CP002', `${key} must be a list of ${words.map((w) => `"${w}"`).join(', ')}.`, l.value ?? l.key);
      continue;
    }
    v.forEach((w, i) => {
      const el = loc([key, i]);
      if (typeof w !== 'string' || !words.includes(w)) add('CP002', `${key}: unknown value ${JSON.stringify(w)}; expected one of ${words.map((x) => `"${x}"`).join(', ')}.`, el?.value ?? l.value ?? l.key);
    });
  }
}

export { applyEdits };
