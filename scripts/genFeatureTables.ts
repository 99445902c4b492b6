// Writes src/core/schema/featureTables.ts from the real codex (`node out/scripts/genFeatureTables.js
// [path/to/codex-binary]`): which features take a `[features.<name>]` table of settings, and the
// fields of each table with the TOML value types Codex accepts there. Run it again when the pinned
// codex changes.
//
// Codex refuses such a table as a whole when a field is unknown or of the wrong type, so the
// lists must be exact: a missing field is a false load error in the badge, an extra one a missed
// one. The names come from the binary, every answer from running it:
// - serde keeps each struct's field names as an array of string slices (pointer, length) in
//   .data.rel.ro, and the arrays of these structs sit next to each other; the field names that
//   are not used elsewhere are stored in .rodata right after the struct's name
//   (`TokenBudgetConfigTomluse_history_notes_extension...`), so those name the struct's own slices.
// - each candidate is written alone under the feature with a value of each TOML type and
//   `codex debug prompt-input` says whether the config loads. A struct's array is contiguous, so
//   from its own names the walk goes outward slice by slice and stops at the first name no value
//   makes load; names shared with other structs (`enabled`, `path`) are found that way.
// - a field that refuses every plain value is tried with the words found next to it in the
//   binary (enum variants); if none fits and it sits inside the array, it is kept as a field of
//   any type. A table is incomplete when a name stored with its own names fits nowhere, or when it
//   has no name of its own (then only names shared with other structs are tried): the linter then
//   judges only the fields it knows and never calls a name it could not rule out unknown.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FEATURE_STAGES } from '../src/core/schema/featureStages';

const repo = path.join(__dirname, '../..');
const VENDOR = 'node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex';
// The native binary: the node launcher adds ~0.5 s per run and there are hundreds of runs.
const codex = process.argv[2] ?? path.join(repo, VENDOR);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-genfeaturetables-'));

type ValueKind = 'boolean' | 'integer' | 'float' | 'string' | 'array' | 'table';

/** TOML values of each kind; `-1` and `1.5` tell signed and float apart from `1`. */
const PROBES: readonly { kind: ValueKind | 'negative' | 'fraction'; toml: string }[] = [
  { kind: 'boolean', toml: 'true' },
  { kind: 'integer', toml: '1' },
  // Some integers must be large (a maximum wait no shorter than the default one).
  { kind: 'integer', toml: '3600000' },
  { kind: 'negative', toml: '-1' },
  { kind: 'fraction', toml: '1.5' },
  { kind: 'string', toml: '"x"' },
  { kind: 'array', toml: '[]' },
  { kind: 'table', toml: '{}' },
];

interface Field {
  kinds: ValueKind[];
  /** integers: whether -1 loads. */
  negative?: boolean;
  /** enum strings: the words that load ("x" does not). */
  words?: string[];
}

// ---- the binary: sections, string slices, struct name runs ----

interface Section {
  addr: number;
  offset: number;
  size: number;
}

function sections(bin: Buffer): Map<string, Section> {
  const shoff = Number(bin.readBigUInt64LE(0x28));
  const shentsize = bin.readUInt16LE(0x3a);
  const shnum = bin.readUInt16LE(0x3c);
  const shstrndx = bin.readUInt16LE(0x3e);
  const hdr = (i: number) => shoff + i * shentsize;
  const strOff = Number(bin.readBigUInt64LE(hdr(shstrndx) + 0x18));
  const out = new Map<string, Section>();
  for (let i = 0; i < shnum; i++) {
    const h = hdr(i);
    const nameAt = strOff + bin.readUInt32LE(h);
    const name = bin.toString('latin1', nameAt, bin.indexOf(0, nameAt));
    out.set(name, {
      addr: Number(bin.readBigUInt64LE(h + 0x10)),
      offset: Number(bin.readBigUInt64LE(h + 0x18)),
      size: Number(bin.readBigUInt64LE(h + 0x20)),
    });
  }
  return out;
}

interface Slice {
  /** position in .data.rel.ro, in 16-byte steps from the first slice found (adjacent = +1). */
  at: number;
  name: string;
  /** address of the text the slice points to. */
  ptr: number;
}

/** Every (pointer, length) pair in .data.rel.ro that points at a snake_case name in .rodata. */
function slices(bin: Buffer, rel: Section, ro: Section): Slice[] {
  const out: Slice[] = [];
  const end = rel.offset + rel.size - 16;
  for (let o = rel.offset; o <= end; o += 8) {
    const lo = bin.readUInt32LE(o);
    const hi = bin.readUInt32LE(o + 4);
    if (hi !== 0 || lo < ro.addr || lo >= ro.addr + ro.size) continue;
    const len = Number(bin.readBigUInt64LE(o + 8));
    if (len < 2 || len > 64) continue;
    const start = lo - ro.addr + ro.offset;
    const name = bin.toString('latin1', start, start + len);
    if (!/^[a-z][a-z0-9_]*$/.test(name)) continue;
    out.push({ at: (o - rel.offset) / 8, name, ptr: lo });
  }
  return out;
}

/** `XConfigToml` names in .rodata and the address range of the field names glued after each. */
function structRuns(bin: Buffer, ro: Section): Map<string, [number, number][]> {
  const text = bin.toString('latin1', ro.offset, ro.offset + ro.size);
  const runs = new Map<string, [number, number][]>();
  for (const m of text.matchAll(/([A-Z][A-Za-z0-9]*?ConfigToml)([a-z][a-z0-9_]*)?/g)) {
    const start = ro.addr + m.index + m[1].length;
    const list = runs.get(m[1]) ?? [];
    list.push([start, start + (m[2]?.length ?? 0)]);
    runs.set(m[1], list);
  }
  return runs;
}

/** `multi_agent_v2` → `MultiAgentV2ConfigToml`; removed features keep a `Removed` prefix. */
function structFor(feature: string, runs: Map<string, unknown>): string | undefined {
  const key = feature.replace(/_/g, '').toLowerCase();
  return [...runs.keys()].find(
    (s) =>
      s
        .replace(/ConfigToml$/, '')
        .replace(/^Removed/, '')
        .toLowerCase() === key,
  );
}

// ---- the real codex ----

let runCount = 0;
let seq = 0;
/** Whether codex loads a config whose only content is `toml`. */
async function loads(toml: string): Promise<boolean> {
  const dir = path.join(root, `h${seq++}`);
  const codexHome = path.join(dir, '.codex');
  fs.mkdirSync(codexHome, { recursive: true });
  fs.writeFileSync(path.join(codexHome, 'config.toml'), toml);
  const env = { ...process.env, HOME: dir, CODEX_HOME: codexHome, TMPDIR: dir };
  runCount++;
  try {
    // stdin closed: with a pipe open, a config that loads makes prompt-input wait for more input.
    return await new Promise<boolean>((resolve) => {
      const child = spawn(codex, ['debug', 'prompt-input', 'x'], { env, cwd: dir, stdio: 'ignore', timeout: 60_000 });
      child.on('error', () => resolve(false));
      child.on('exit', (code) => resolve(code === 0));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `jobs` two at a time (the machine is shared), in order of the results. */
async function pool<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

const tableOf = (feature: string, body: string) => `[features.${feature}]\n${body}\n`;

/** What `name` accepts under `[features.<feature>]`; undefined when no value loads. */
async function probeField(feature: string, name: string, words: readonly string[]): Promise<Field | undefined> {
  const ok = await pool(PROBES.map((p) => () => loads(tableOf(feature, `${name} = ${p.toml}`))));
  const hit = new Set(PROBES.filter((_, i) => ok[i]).map((p) => p.kind));
  const kinds: ValueKind[] = [];
  if (hit.has('boolean')) kinds.push('boolean');
  if (hit.has('fraction')) kinds.push('float');
  else if (hit.has('integer') || hit.has('negative')) kinds.push('integer');
  if (hit.has('string')) kinds.push('string');
  if (hit.has('array')) kinds.push('array');
  if (hit.has('table')) kinds.push('table');
  const field: Field = { kinds };
  if (kinds.includes('integer')) field.negative = hit.has('negative');
  if (!hit.has('string')) {
    const w = await pool(words.map((word) => () => loads(tableOf(feature, `${name} = "${word}"`))));
    const accepted = words.filter((_, i) => w[i]);
    if (accepted.length) {
      field.words = accepted;
      kinds.push('string');
    }
  }
  return kinds.length ? field : undefined;
}

interface Table {
  enabled: boolean;
  complete: boolean;
  fields: Record<string, Field>;
  /** why the list is not complete. */
  open?: string;
  /** fields no probed value loads. */
  untyped?: string[];
}

async function main(): Promise<void> {
  const version = execFileSync(codex, ['--version'], { encoding: 'utf8' }).trim();
  const bin = fs.readFileSync(codex);
  const secs = sections(bin);
  const ro = secs.get('.rodata');
  const rel = secs.get('.data.rel.ro');
  if (!ro || !rel) throw new Error('no .rodata or .data.rel.ro in the codex binary');
  const all = slices(bin, rel, ro);
  const byAt = new Map(all.map((s) => [s.at, s]));
  const runs = structRuns(bin, ro);
  console.log(`${version}: ${all.length} name slices, ${runs.size} ConfigToml structs`);

  // Which features take a table: every feature of `features list`, written as an empty table.
  const names = Object.keys(FEATURE_STAGES);
  const empty = await pool(names.map((f) => () => loads(tableOf(f, ''))));
  const tableFeatures = names.filter((_, i) => empty[i]);
  console.log(`table features (${tableFeatures.length}): ${tableFeatures.join(', ')}`);

  // Each struct's own slices: those pointing into its name run, inside the block where the
  // feature structs' arrays sit side by side (the same names are used by other structs too).
  const inRun = new Map<string, Slice[]>();
  for (const f of tableFeatures) {
    const s = structFor(f, runs);
    const ranges = s ? (runs.get(s) ?? []) : [];
    inRun.set(
      f,
      all.filter((x) => ranges.some(([a, b]) => x.ptr >= a && x.ptr < b)),
    );
  }
  const chainOf = new Map<number, number>();
  for (const x of all) chainOf.set(x.at, byAt.has(x.at - 2) ? (chainOf.get(x.at - 2) ?? x.at) : x.at);
  const votes = new Map<number, number>();
  for (const list of inRun.values()) for (const x of list) votes.set(chainOf.get(x.at) ?? 0, (votes.get(chainOf.get(x.at) ?? 0) ?? 0) + 1);
  const block = [...votes].sort((a, b) => b[1] - a[1])[0][0];
  const own = new Map<string, Slice[]>();
  for (const [f, list] of inRun)
    own.set(
      f,
      list.filter((x) => chainOf.get(x.at) === block),
    );
  const blockEnd = Math.max(...all.filter((x) => chainOf.get(x.at) === block).map((x) => x.at));
  console.log(`block of feature structs: ${(blockEnd - block) / 2 + 1} slices`);
  const claimed = new Set<number>();
  const result: Record<string, Table> = {};
  // Enum variants are stored next to the struct's field names: the words to try for a field that
  // refuses every plain value.
  const wordsNear = (lo: number, hi: number) => {
    const w = new Set<string>();
    for (let at = lo - 24; at <= hi + 24; at += 2) {
      const s = byAt.get(at);
      if (s) w.add(s.name);
    }
    return [...w];
  };

  const ownless: string[] = [];
  for (const f of tableFeatures) {
    const mine = own.get(f) ?? [];
    if (!mine.length) {
      ownless.push(f);
      continue;
    }
    const first = Math.min(...mine.map((s) => s.at));
    const last = Math.max(...mine.map((s) => s.at));
    const words = wordsNear(first, last);
    const fields: Record<string, Field> = {};
    const open: string[] = [];
    const untyped: string[] = [];
    const cache = new Map<string, Field | undefined>();
    const probe = async (s: Slice, where: string, w: readonly string[]) => {
      if (!cache.has(s.name)) {
        const field = await probeField(f, s.name, w);
        cache.set(s.name, field);
        console.log(`  ${f}.${s.name}${where}: ${field ? fmt(field) : 'no value loads'}`);
      }
      return cache.get(s.name);
    };
    // The array runs from the first to the last own name that loads (the run may end with the
    // words of an enum, or with names of another struct).
    let spanLo = Infinity;
    let spanHi = -Infinity;
    for (let at = first; at <= last; at += 2) {
      const s = byAt.get(at);
      if (s && (await probe(s, '', words))) {
        spanLo = Math.min(spanLo, at);
        spanHi = Math.max(spanHi, at);
      }
    }
    if (spanLo === Infinity) {
      // None of the names stored after its struct name is its own.
      ownless.push(f);
      continue;
    }
    // Outside it, walk while names load.
    for (const step of [-2, 2]) {
      for (let at = step < 0 ? spanLo + step : spanHi + step; ; at += step) {
        const s = byAt.get(at);
        if (!s || !(await probe(s, ' (next to the run)', []))) break;
        if (step < 0) spanLo = at;
        else spanHi = at;
      }
    }
    for (let at = spanLo; at <= spanHi; at += 2) {
      const s = byAt.get(at);
      if (!s) continue;
      claimed.add(at);
      const field = cache.get(s.name);
      if (field) fields[s.name] = field;
      else {
        // Inside the array, so a field, but no probed value loads (a type the probes do not make,
        // or a value Codex checks further): its name is known, any value is let through.
        fields[s.name] = { kinds: [] };
        untyped.push(s.name);
      }
    }
    const accepted = new Set(Object.values(fields).flatMap((x) => x.words ?? []));
    for (const s of mine) {
      if (s.at >= spanLo && s.at <= spanHi) continue;
      if (!accepted.has(s.name)) open.push(`\`${s.name}\` is stored with its names but refuses every probed value`);
    }
    if (!fields.enabled) {
      const e = cache.has('enabled') ? cache.get('enabled') : await probeField(f, 'enabled', []);
      if (e) fields.enabled = e;
    }
    result[f] = {
      enabled: 'enabled' in fields,
      complete: open.length === 0,
      fields,
      open: open.join('; ') || undefined,
      untyped: untyped.length ? untyped : undefined,
    };
  }
  // Structs with no name of their own: their fields are names stored for others; try every
  // name in the block of feature structs that no other feature claimed.
  const ats = [...claimed];
  const lo = Math.min(...ats) - 8;
  const hi = Math.max(...ats) + 8;
  const spare = new Set<string>(['enabled']);
  for (let at = lo; at <= hi; at += 2) {
    const s = byAt.get(at);
    if (s && !claimed.has(at)) spare.add(s.name);
  }
  for (const f of ownless) {
    const fields: Record<string, Field> = {};
    for (const name of spare) {
      const field = await probeField(f, name, []);
      if (field) fields[name] = field;
    }
    console.log(
      `  ${f} (no own names; tried ${[...spare].join(', ')}): ${
        Object.keys(fields)
          .map((n) => `${n} ${fmt(fields[n])}`)
          .join(', ') || 'none'
      }`,
    );
    result[f] = {
      enabled: 'enabled' in fields,
      complete: false,
      fields,
      open: 'no field name of its own in the binary: only the names shared with other structs were tried',
    };
  }
  write(version, tableFeatures, result);
  console.log(`${runCount} runs of codex`);
}

function fmt(f: Field): string {
  const k = f.kinds.map((x) => (x === 'integer' && f.negative === false ? 'integer>=0' : x));
  return k.join('|') + (f.words ? ` (${f.words.join('/')})` : '');
}

function write(version: string, features: string[], result: Record<string, Table>): void {
  const q = (s: string) => `'${s}'`;
  const lines = [
    `// Generated by scripts/genFeatureTables.ts from ${version}; do not edit by hand.`,
    '// Features whose `[features.<name>]` may be a table of settings, and the fields each table takes',
    '// with the TOML value types Codex accepted for it (each field probed alone with every type).',
    '',
    "export type FeatureValueKind = 'boolean' | 'integer' | 'float' | 'string' | 'array' | 'table';",
    '',
    'export interface FeatureTableField {',
    '  /** The value types that load; empty when none probed did (then any value is let through). */',
    '  readonly kinds: readonly FeatureValueKind[];',
    '  /** Integers: whether a negative one loads. */',
    '  readonly negative?: boolean;',
    '  /** Strings that are an enum: the words that load. */',
    '  readonly words?: readonly string[];',
    '}',
    '',
    'export interface FeatureTable {',
    '  /** Whether `enabled` is one of its fields. */',
    '  readonly enabled: boolean;',
    '  /** Every candidate name was resolved: a name not in `fields` makes Codex refuse the table. */',
    '  readonly complete: boolean;',
    '  readonly fields: Readonly<Record<string, FeatureTableField>>;',
    '}',
    '',
    'export const FEATURE_TABLES: Readonly<Record<string, FeatureTable>> = {',
  ];
  for (const f of features) {
    const t = result[f];
    if (t.open) lines.push(`  // Incomplete: ${t.open}.`);
    if (t.untyped) lines.push(`  // No probed value loads for ${t.untyped.map((n) => `\`${n}\``).join(', ')}: any value passes.`);
    lines.push(`  ${f}: {`, `    enabled: ${t.enabled},`, `    complete: ${t.complete},`, '    fields: {');
    for (const [name, field] of Object.entries(t.fields).sort(([a], [b]) => a.localeCompare(b))) {
      const parts = [`kinds: [${field.kinds.map(q).join(', ')}]`];
      if (field.negative !== undefined) parts.push(`negative: ${field.negative}`);
      if (field.words) parts.push(`words: [${field.words.map(q).join(', ')}]`);
      lines.push(`      ${name}: { ${parts.join(', ')} },`);
    }
    lines.push('    },', '  },');
  }
  lines.push('};', '');
  const out = path.join(repo, 'src/core/schema/featureTables.ts');
  fs.writeFileSync(out, lines.join('\n'));
  console.log(`wrote ${out}`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(root, { recursive: true, force: true }));
