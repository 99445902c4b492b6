// Lint vs the real codex 0.171, file by file: the hand-written files of lintCorpus.ts plus seeded
// generated ones (lintGenerated.ts). Each file is shown to codex in up to three places, and lint is
// told the same file kind:
//   - user:    `$CODEX_HOME/config.toml`                                         (kind 'user')
//   - profile: `$CODEX_HOME/gen.config.toml`, codex started with `--profile gen`  (kind 'profile')
//   - project: `<repo>/.codex/config.toml` of a git repo the user config trusts  (kind 'project')
// For each file and place:
//   - codex refuses it (`debug prompt-input` exit 1): lint has an error on the line codex names
//     (any error when codex names no line);
//   - codex loads it: lint has no error at all;
//   - every key codex ignores has a lint finding on its line. Codex lists only three ignored keys,
//     so the oracle asks `--strict-config`, which stops at the first unknown key with its
//     `path:line:col`, blanks that key out (spaces, so positions stay put) and asks again;
//   - (loaded files) every deprecated line (lintCorpus `deprecated`) has a finding.
// Limits: lint judges one file and cannot see the other layers, so in a profile or project file it
// does not call `[permissions]` without `default_permissions`, or `default_permissions = "<name>"`
// without the table, an error (another layer may supply it). Codex, measured with an otherwise
// empty CODEX_HOME, refuses those; the suite counts them as "layer-dependent" and does not fail.
// A project file is only measured as trusted (an untrusted one is not loaded at all, so codex says
// nothing about it); its TOML errors come without `path:line:col` but with "at line N, column M".
//
// Knobs:
//   CODEX_POSTURE_LINT_ONLY=substr[,substr]  run a subset (names: corpus names, `gen-s<seed>-<i>`, `gen3-s<seed>-<i>`);
//   CODEX_POSTURE_LINT_GENERATED=N           generated files per seed (default 20; 0 = corpus only);
//   CODEX_POSTURE_LINT_GENERATED_LOAD=N      round-3 files per seed (`gen3-s<seed>-<i>`: provider, nested
//                                            words, ranges, durations, feature shapes, files; default 8);
//   CODEX_POSTURE_LINT_SEED=S[,S...]         seeds (default 1, so CI is deterministic); `S-T` is a range;
//   CODEX_POSTURE_LINT_KINDS=user,profile,project  places to measure (default all three);
//   CODEX_POSTURE_CODEX_BIN                  as in the engine suite.
// At most two codex processes run at a time. Writes .test-artifacts/lint-differential.json with
// both sides for every file and place.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTable, parseTomlWithPositions } from '../../src/core/config/toml';
import { pathKindSync } from '../../src/core/config/readConfigFile';
import { PROJECT_DENYLIST } from '../../src/core/schema';
import { applyEdits, lintText, type Finding } from '../../src/core/rules/lint';
import { LINT_CASES, type LintCase } from './lintCorpus';
import { generateLintCases, generateLoadErrorCases } from './lintGenerated';
import { findCodex, materialise, parseLoadError, parsePromptInput, type Materialised } from './oracle';
import { mapLimit, runProc } from './proc';

type Place = 'user' | 'profile' | 'project';
const PLACES: readonly Place[] = ['user', 'profile', 'project'];
const PROFILE = 'gen';

interface Measured {
  loads: boolean;
  error?: { message: string; line?: number; column?: number };
  ignored: { key: string; line: number; column: number }[];
}

const codex = findCodex();

/** Where the file goes for each place, and the launch arguments that make codex read it. */
async function setUp(place: Place, name: string): Promise<{ m: Materialised; file: string; args: string[] }> {
  if (place === 'project') {
    const m = await materialise({
      name,
      covers: 'lint',
      cwd: 'work',
      git: ['work'],
      files: { 'home/.codex/config.toml': '[projects."{{root}}/work"]\ntrust_level = "trusted"\n' },
    });
    await fs.promises.mkdir(path.join(m.cwd, '.codex'));
    return { m, file: path.join(m.cwd, '.codex', 'config.toml'), args: [] };
  }
  const m = await materialise({ name, covers: 'lint', cwd: 'work' });
  if (place === 'profile') return { m, file: path.join(m.codexHome, `${PROFILE}.config.toml`), args: ['--profile', PROFILE] };
  return { m, file: path.join(m.codexHome, 'config.toml'), args: [] };
}

/** Replaces [start, end) by spaces, keeping newlines, so every other position stays the same. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

function blankKeyAt(text: string, line: number, column: number): string | undefined {
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok) return undefined;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const l of parsed.locations.values()) {
    if (l.key.line !== line) continue;
    if (l.isHeader) {
      if (l.key.column - 1 > column || !l.header) continue;
      // A whole ignored table: blank from its header to the next header, and the same for every
      // sub-table header below it (`[x]` then `[x.granular]`: codex ignores `x` as one key).
      const table = l.header.path;
      const heads = [...parsed.locations.values()].filter((x) => x.isHeader && x.header);
      const starts = heads.map((x) => x.header!.span.start);
      let out = parsed.text;
      for (const h of heads) {
        if (!table.every((seg, i) => h.header!.path[i] === seg)) continue;
        const start = h.header!.span.start;
        const later = starts.filter((s) => s > start);
        const next = later.length ? Math.min(...later) : parsed.text.length;
        const lineStart = parsed.text.lastIndexOf('\n', start) + 1;
        const nextLineStart = next === parsed.text.length ? next : parsed.text.lastIndexOf('\n', next) + 1;
        out = blank(out, lineStart, nextLineStart);
      }
      return text.slice(0, bom) + out;
    }
    if (l.key.column !== column || !l.value) continue;
    let end = l.value.end;
    const comma = /^\s*,/.exec(parsed.text.slice(end));
    if (comma) end += comma[0].length;
    return text.slice(0, bom) + blank(parsed.text, l.key.start, end);
  }
  return undefined;
}

/**
 * Where an ignored key really is. Inside a table Codex reads as an enum variant (`[otel.exporter.
 * otlp-grpc]`), `--strict-config` names the key without the variant (`otel.exporter.foo`) and, not
 * finding that path in the file, says `1:1` (measured). Such a key is looked up with one extra
 * segment anywhere in its path; any other report is taken as it is.
 */
function realPlace(text: string, key: string, line: number, column: number): [number, number] {
  if (line !== 1 || column !== 1) return [line, column];
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok) return [line, column];
  const named = key.split('.');
  for (const [k, l] of parsed.locations) {
    const p = JSON.parse(k) as unknown[];
    if (p.length !== named.length + 1 || !l.value) continue;
    for (let i = 1; i < p.length - 1; i++) {
      if ([...p.slice(0, i), ...p.slice(i + 1)].every((seg, j) => seg === named[j])) return [l.key.line, l.key.column];
    }
  }
  return [line, column];
}

/** Where lint believes a project file lives (`lintAs`); `{{work}}` in a case stands for that folder. */
const LINT_WORK = '/r/work';

/** The case's text for a world whose project folder is `work` (`{{work}}` in trust entries). */
function textIn(tc: LintCase, work: string): string {
  return tc.toml.split('{{work}}').join(work);
}

async function measure(tc: LintCase, place: Place): Promise<Measured> {
  const { m, file, args } = await setUp(place, tc.name);
  try {
    let text = textIn(tc, place === 'project' ? m.cwd : LINT_WORK);
    await fs.promises.writeFile(file, text);
    const pi = await runProc(codex, [...args, ...mcpOff(text), 'debug', 'prompt-input'], { cwd: m.cwd, env: m.env, timeoutMs: 60_000 });
    if (pi.code !== 0) {
      const e = parseLoadError(pi.stderr);
      // A position in another file (none expected: the other files hold nothing) is no line of ours.
      const ours = e.file === undefined || e.file === file;
      return { loads: false, error: { message: e.message, ...(ours ? { line: e.line, column: e.column } : {}) }, ignored: [] };
    }
    const ignored: Measured['ignored'] = [];
    for (let i = 0; i < 30; i++) {
      // A clean config makes exec fail fast on the missing provider instead of starting a session.
      const r = await runProc(
        codex,
        [...args, '--strict-config', 'exec', '--skip-git-repo-check', '-c', 'model_provider="codex-posture-none"', 'x'],
        { cwd: m.cwd, env: m.env, timeoutMs: 60_000 },
      );
      const hit = /^(\/.*?):(\d+):(\d+): unknown configuration field `([^`]+)`/m.exec(r.stderr);
      if (!hit || hit[1] !== file) break;
      const [line, column] = realPlace(text, hit[4], Number(hit[2]), Number(hit[3]));
      // A key is one key even when written several times: codex names each `[[x]]` block of an
      // ignored array of tables in turn (blanking removes one block at a time).
      if (!ignored.some((i) => i.key === hit[4])) ignored.push({ key: hit[4], line, column });
      const next = blankKeyAt(text, line, column);
      if (next === undefined) break;
      text = next;
      await fs.promises.writeFile(file, text);
    }
    return { loads: true, ignored };
  } finally {
    await m.cleanup();
  }
}

/**
 * `debug prompt-input` starts the configured MCP servers (measured: a stdio server's command runs,
 * and a `required` one that fails makes it exit 1). Tests run nothing from a config file and touch
 * no network, so every server is switched off with `-c mcp_servers.<name>.enabled=false`, which
 * leaves the file's own validation as it was. Only tables are addressed: `-c` on a name whose value
 * is not a table would replace the value and hide the file's error.
 */
function mcpOff(text: string): string[] {
  const parsed = parseTomlWithPositions(text);
  const servers = parsed.ok ? parsed.value.mcp_servers : undefined;
  if (!isTable(servers)) return [];
  return (
    Object.entries(servers)
      // A server whose own `enabled` is not a boolean keeps it: the `-c` value would replace it and
      // hide the error (codex validates the merged config), and a file that fails starts nothing.
      .filter(([name, s]) => isTable(s) && /^[A-Za-z0-9_-]+$/.test(name) && (s.enabled === undefined || typeof s.enabled === 'boolean'))
      .flatMap(([name]) => ['-c', `mcp_servers.${name}.enabled=false`])
  );
}

/**
 * What lint sees on disk for a place: the files setUp writes (lint is told the same paths under
 * `/r`), folders for the rest of the world, nothing else; paths outside `/r` are the real disk.
 */
function worldOf(place: Place): (file: string) => 'file' | 'not-file' | 'missing' {
  const files =
    place === 'project'
      ? ['/r/home/.codex/config.toml', '/r/work/.codex/config.toml']
      : [place === 'profile' ? `/r/home/.codex/${PROFILE}.config.toml` : '/r/home/.codex/config.toml'];
  const dirs = ['/r', '/r/home', '/r/home/.codex', '/r/work', ...(place === 'project' ? ['/r/work/.codex', '/r/work/.git'] : [])];
  return (f) => (files.includes(f) ? 'file' : dirs.includes(f) ? 'not-file' : f.startsWith('/r/') ? 'missing' : pathKindSync(f));
}

/** Codex errors that come from combining layers: lint, which sees one file, leaves them to the engine. */
const LAYER_DEPENDENT = [
  /^config defines `\[permissions\]` profiles but does not set `default_permissions`/,
  /^default_permissions requires a `\[permissions\]` table/,
  /^default_permissions refers to/,
  // The provider of a profile file may be defined in the user config, which lint does not see.
  /^Model provider `[^`]*` not found$/,
];

function check(tc: LintCase, place: Place, got: Measured, findings: Finding[]): { problems: string[]; limit?: string } {
  const problems: string[] = [];
  const errors = findings.filter((f) => f.severity === 'error');
  if (!got.loads) {
    const msg = got.error?.message ?? '';
    if (errors.length === 0 && place !== 'user' && LAYER_DEPENDENT.some((re) => re.test(msg))) return { problems, limit: msg };
    if (errors.length === 0) problems.push(`codex refuses (${got.error?.message}) but lint has no error`);
    else if (got.error?.line !== undefined && !errors.some((f) => f.span.line === got.error!.line)) {
      problems.push(
        `codex refuses at line ${got.error.line} (${got.error.message}); lint errors are on lines ${errors.map((f) => f.span.line).join(', ')}`,
      );
    } else if (tc.exactPosition && got.error?.column !== undefined) {
      const { line, column } = got.error;
      if (!errors.some((f) => f.span.line === line && f.span.column === column))
        problems.push(
          `codex refuses at ${line}:${column} (${got.error.message}); lint errors are at ${errors.map((f) => `${f.span.line}:${f.span.column}`).join(', ')}`,
        );
    }
  } else {
    if (errors.length)
      problems.push(`codex loads it but lint says: ${errors.map((f) => `${f.span.line}: ${f.code} ${f.message}`).join('; ')}`);
    for (const line of tc.deprecated ?? []) {
      // A project file's `[profiles]` and the like are stripped, not read: nothing there is deprecated.
      if (place === 'project' && strippedLine(tc.toml, line)) continue;
      if (!findings.some((f) => f.span.line === line)) problems.push(`deprecated form on line ${line} has no finding`);
    }
  }
  // A literal secret is on disk whether or not Codex starts with the file.
  for (const line of tc.secretLines ?? []) {
    if (!findings.some((f) => f.code === 'CP407' && f.span.line === line)) problems.push(`the literal secret on line ${line} has no CP407`);
  }
  for (const ig of got.ignored) {
    if (!findings.some((f) => f.span.line === ig.line))
      problems.push(`codex ignores \`${ig.key}\` on line ${ig.line}; lint has no finding there`);
  }
  return { problems };
}

/** True when `line` holds a key that Codex strips from project files (below `[profiles.x]`, ...). */
function strippedLine(text: string, line: number): boolean {
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok) return false;
  for (const [k, l] of parsed.locations) {
    const p = JSON.parse(k) as string[];
    if (l.value?.line === line && PROJECT_DENYLIST.some((d) => d.every((seg, i) => p[i] === seg))) return true;
  }
  return false;
}

/** The generated files of this run: rounds 1-2 and round 3 (load errors), per seed. */
function generatedCases(): LintCase[] {
  const perSeed = Number(process.env.CODEX_POSTURE_LINT_GENERATED ?? 20);
  const perSeedLoad = Number(process.env.CODEX_POSTURE_LINT_GENERATED_LOAD ?? 8);
  return seeds(process.env.CODEX_POSTURE_LINT_SEED ?? '1').flatMap((s) => [
    ...generateLintCases(s, perSeed),
    ...generateLoadErrorCases(s, perSeedLoad),
  ]);
}

function seeds(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const range = /^(\d+)-(\d+)$/.exec(part.trim());
    if (!range) return [Number(part)];
    const out: number[] = [];
    for (let s = Number(range[1]); s <= Number(range[2]); s++) out.push(s);
    return out;
  });
}

function lintAs(tc: LintCase, place: Place): Finding[] {
  const pathKind = worldOf(place);
  const toml = textIn(tc, LINT_WORK);
  if (place === 'project')
    return lintText(toml, { kind: 'project', file: `${LINT_WORK}/.codex/config.toml`, projectTrusted: true, pathKind }).findings;
  if (place === 'profile') return lintText(toml, { kind: 'profile', file: `/r/home/.codex/${PROFILE}.config.toml`, pathKind }).findings;
  return lintText(toml, { kind: 'user', file: '/r/home/.codex/config.toml', pathKind }).findings;
}

describe('lint vs the real codex 0.171', function () {
  this.timeout(3_600_000);
  const only = process.env.CODEX_POSTURE_LINT_ONLY?.split(',');
  const generated = generatedCases();
  const places = (process.env.CODEX_POSTURE_LINT_KINDS?.split(',') ?? PLACES).filter((p): p is Place =>
    (PLACES as readonly string[]).includes(p),
  );
  const cases = [...LINT_CASES, ...generated].filter((c) => !only || only.some((o) => c.name.includes(o)));
  const jobs = cases.flatMap((tc) => places.map((place) => ({ tc, place })));
  const results = new Map<string, { measured: Measured; findings: Finding[]; problems: string[]; limit?: string }>();
  const id = (name: string, place: Place) => `${name} (${place})`;

  before(async function () {
    assert.ok(fs.existsSync(codex), `codex not found at ${codex} (npm install the @openai/codex dev dependency)`);
    const measured = await mapLimit(jobs, 2, (j) => measure(j.tc, j.place));
    jobs.forEach(({ tc, place }, i) => {
      const findings = lintAs(tc, place);
      results.set(id(tc.name, place), { measured: measured[i], findings, ...check(tc, place, measured[i], findings) });
    });
    fs.mkdirSync('.test-artifacts', { recursive: true });
    fs.writeFileSync(
      '.test-artifacts/lint-differential.json',
      JSON.stringify(
        jobs.map(({ tc, place }) => {
          const r = results.get(id(tc.name, place))!;
          return {
            name: tc.name,
            place,
            toml: tc.toml,
            codex: r.measured,
            lint: r.findings.map((f) => ({ code: f.code, severity: f.severity, line: f.span.line, message: f.message })),
            problems: r.problems,
            limit: r.limit,
          };
        }),
        null,
        2,
      ),
    );
    const all = [...results.values()];
    const loads = all.filter((r) => r.measured.loads).length;
    const ignored = all.reduce((n, r) => n + r.measured.ignored.length, 0);
    const limits = all.filter((r) => r.limit).length;
    console.log(
      `      ${cases.length} files (${generated.length} generated) x ${places.join('/')}: codex loads ${loads}, refuses ${all.length - loads}; ${ignored} ignored keys; ${limits} layer-dependent`,
    );
  });

  for (const { tc, place } of jobs) {
    it(id(tc.name, place), () => {
      const r = results.get(id(tc.name, place));
      assert.ok(r, 'not measured');
      assert.deepEqual(r.problems, []);
    });
  }
});

// Every quick fix lint offers, applied to every file of the corpus (and the generated ones), as the
// user config: what it leaves must be a file codex loads whenever the file loaded before the fix,
// or lint sees no error left in it. A fix that makes codex refuse the file is a fix that hurts.
// Knob: CODEX_POSTURE_LINT_FIXES=0 skips this round.
describe('every quick fix leaves a file the real codex 0.171 loads', function () {
  this.timeout(3_600_000);
  if (process.env.CODEX_POSTURE_LINT_FIXES === '0') return;
  const only = process.env.CODEX_POSTURE_LINT_ONLY?.split(',');
  const generated = generatedCases();
  const cases = [...LINT_CASES, ...generated].filter((c) => !only || only.some((o) => c.name.includes(o)));
  const fixJobs = cases.flatMap((tc) =>
    lintAs(tc, 'user').flatMap((f) =>
      f.fixes
        .filter((x) => x.edits.length)
        .map((x) => ({ tc, name: `${tc.name}: ${f.code} line ${f.span.line}: ${x.title}`, fixed: applyEdits(tc.toml, x.edits) })),
    ),
  );
  const outcome = new Map<string, string | undefined>();

  before(async function () {
    assert.ok(fs.existsSync(codex), `codex not found at ${codex}`);
    const before = new Map<string, boolean>();
    const originals = [...new Set(fixJobs.map((j) => j.tc))];
    const loaded = await mapLimit(originals, 2, (tc) => measureLoads(tc.toml, tc.name));
    originals.forEach((tc, i) => before.set(tc.name, loaded[i]));
    const after = await mapLimit(fixJobs, 2, (j) => measureLoads(j.fixed, j.tc.name));
    fixJobs.forEach((j, i) => {
      const lintErrors = lintAs({ name: j.tc.name, toml: j.fixed }, 'user').filter((f) => f.severity === 'error');
      const mustLoad = before.get(j.tc.name) || lintErrors.length === 0;
      outcome.set(j.name, mustLoad && !after[i] ? `codex refuses the fixed file:\n${j.fixed}` : undefined);
    });
    console.log(`      ${fixJobs.length} quick fixes applied to ${originals.length} files`);
  });

  for (const j of fixJobs) {
    it(j.name, () => assert.equal(outcome.get(j.name), undefined));
  }
});

// Lines lint says do nothing (CP210 an unused permission profile, CP211 sandbox_mode beside
// default_permissions, CP212 a project's trust entry, CP101 an unknown key in a permission
// profile): removing them must leave what codex reports unchanged (`debug prompt-input`: load or
// not, sandbox, network, approval, reviewer, writable roots, the permission entries). And the one
// trust entry CP212 says does something (`untrusted` for the project's own folder) must change the
// approval when it goes. Measured as the user config and as a trusted project's file, in the same
// world before and after.
// Knob: CODEX_POSTURE_LINT_EFFECT=0 skips this round.
const NO_EFFECT = new Set(['CP210', 'CP211', 'CP212']);
const REFUSED = 'codex refuses the file as it is';

interface EffectJob {
  readonly tc: LintCase;
  readonly place: Place;
  readonly name: string;
  readonly without: string;
  /** True: the removed lines must change the approval; false: nothing may change. */
  readonly changes: boolean;
}

/** Blanks every line of a permission profile: its headers' blocks and dotted keys under other headers. */
function blankProfile(text: string, name: string): string | undefined {
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok) return undefined;
  let out = parsed.text;
  const under = (p: unknown[]) => p[0] === 'permissions' && p[1] === name;
  const heads = [...parsed.locations.values()].filter((x) => x.isHeader && x.header);
  const starts = heads.map((x) => x.header!.span.start).sort((a, b) => a - b);
  for (const [k, l] of parsed.locations) {
    const p = JSON.parse(k) as unknown[];
    if (!under(p)) continue;
    if (l.isHeader && l.header) {
      const start = l.header.span.start;
      const next = starts.find((x) => x > start) ?? parsed.text.length;
      const lineStart = parsed.text.lastIndexOf('\n', start) + 1;
      const nextLineStart = next === parsed.text.length ? next : parsed.text.lastIndexOf('\n', next) + 1;
      out = blank(out, lineStart, nextLineStart);
    } else if (l.value && !l.header?.path.every((seg, i) => p[i] === seg)) {
      out = blank(out, l.key.start, l.value.end);
    }
  }
  return parseTomlWithPositions(out).ok ? out : undefined;
}

function effectJobs(tc: LintCase, place: Place): EffectJob[] {
  const text = textIn(tc, LINT_WORK);
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok) return [];
  const jobs: EffectJob[] = [];
  for (const f of lintAs(tc, place)) {
    let without: string | undefined;
    const permsKey = f.code === 'CP101' && /`permissions\./.test(f.message);
    if (!NO_EFFECT.has(f.code) && !permsKey) continue;
    if (f.code === 'CP210') {
      const name = /`permissions\.("(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+)`/.exec(f.message)?.[1];
      without = name === undefined ? undefined : blankProfile(text, name.startsWith('"') ? (JSON.parse(name) as string) : name);
    } else if (permsKey) without = blankKeyAt(text, f.span.line, f.span.column);
    else if (f.fixes[0]?.edits.length) without = applyEdits(text, f.fixes[0].edits);
    else if (f.code === 'CP212' && f.severity === 'information') {
      // No fix is offered (the entry does something); take `trust_level = "untrusted"` out by hand.
      const l = [...parsed.locations.values()].find((x) => x.value?.start === f.span.start);
      without = l ? blank(parsed.text, l.key.start, l.value!.end) : undefined;
    }
    if (without === undefined || !parseTomlWithPositions(without).ok) continue;
    const changes = f.code === 'CP212' && f.severity === 'information' && !/^\s*approval_policy\s*=/m.test(text);
    if (f.code === 'CP212' && f.severity === 'information' && !changes) continue;
    jobs.push({
      tc,
      place,
      name: `${tc.name} (${place}): ${f.code} line ${f.span.line}`,
      without: without.split(LINT_WORK).join('{{work}}'),
      changes,
    });
  }
  return jobs;
}

async function postureBeforeAfter(j: EffectJob): Promise<[string, string]> {
  const { m, file, args } = await setUp(j.place, j.tc.name);
  try {
    const out: string[] = [];
    for (const toml of [j.tc.toml, j.without]) {
      const text = toml.split('{{work}}').join(j.place === 'project' ? m.cwd : LINT_WORK);
      await fs.promises.writeFile(file, text);
      const pi = await runProc(codex, [...args, ...mcpOff(text), 'debug', 'prompt-input'], { cwd: m.cwd, env: m.env, timeoutMs: 60_000 });
      const view = pi.code === 0 ? parsePromptInput(pi.stdout) : { refused: parseLoadError(pi.stderr).message };
      out.push(JSON.stringify(view));
    }
    return [out[0], out[1]];
  } finally {
    await m.cleanup();
  }
}

describe('lines lint says do nothing change nothing in the real codex 0.171', function () {
  this.timeout(3_600_000);
  if (process.env.CODEX_POSTURE_LINT_EFFECT === '0') return;
  const only = process.env.CODEX_POSTURE_LINT_ONLY?.split(',');
  const perSeed = Number(process.env.CODEX_POSTURE_LINT_GENERATED ?? 20);
  const generated = seeds(process.env.CODEX_POSTURE_LINT_SEED ?? '1').flatMap((s) => generateLintCases(s, perSeed));
  const cases = [...LINT_CASES, ...generated].filter((c) => !only || only.some((o) => c.name.includes(o)));
  const jobs = cases.flatMap((tc) => (['user', 'project'] as const).flatMap((place) => effectJobs(tc, place)));
  const outcome = new Map<string, string | undefined>();

  before(async function () {
    assert.ok(fs.existsSync(codex), `codex not found at ${codex}`);
    const measured = await mapLimit(jobs, 2, postureBeforeAfter);
    jobs.forEach((j, i) => {
      const [before, after] = measured[i];
      // A file codex refuses has no posture to keep: such a line may even be what it refuses.
      if (before.startsWith('{"refused"')) outcome.set(j.name, REFUSED);
      else if (j.changes) {
        const approval = (v: string) => (JSON.parse(v) as { approval?: string }).approval;
        outcome.set(j.name, approval(before) === approval(after) ? `the approval stayed ${approval(before)} without the entry` : undefined);
      } else outcome.set(j.name, before === after ? undefined : `removing it changes what codex reports:\n${before}\n${after}`);
    });
    console.log(`      ${jobs.length} lines lint says do nothing (or, for CP212 untrusted, something), removed and measured`);
  });

  for (const j of jobs) {
    it(j.name, function () {
      if (outcome.get(j.name) === REFUSED) this.skip();
      assert.equal(outcome.get(j.name), undefined);
    });
  }
});

async function measureLoads(toml: string, name: string): Promise<boolean> {
  const { m, file, args } = await setUp('user', name);
  try {
    await fs.promises.writeFile(file, toml);
    const pi = await runProc(codex, [...args, ...mcpOff(toml), 'debug', 'prompt-input'], { cwd: m.cwd, env: m.env, timeoutMs: 60_000 });
    return pi.code === 0;
  } finally {
    await m.cleanup();
  }
}
