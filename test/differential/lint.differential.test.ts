// Lint vs the real codex 0.171, file by file (lintCorpus.ts). For each file, as the user config.toml:
//   - codex refuses it (`debug prompt-input` exit 1): lint has an error on the line codex names
//     (any error when codex names no line);
//   - codex loads it: lint has no error at all;
//   - every key codex ignores has a lint finding on its line. Codex lists only three ignored keys,
//     so the oracle asks `--strict-config`, which stops at the first unknown key with its
//     `path:line:col`, blanks that key out (spaces, so positions stay put) and asks again.
//
// Knobs: CODEX_POSTURE_LINT_ONLY=substr  run a subset; CODEX_POSTURE_CODEX_BIN as in the engine suite.
// Writes .test-artifacts/lint-differential.json with both sides for every file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { lintText, type Finding } from '../../src/core/rules/lint';
import { LINT_CASES, type LintCase } from './lintCorpus';
import { findCodex, materialise, parseLoadError, type Materialised } from './oracle';
import { mapLimit, runProc } from './proc';

interface Measured {
  loads: boolean;
  error?: { message: string; line?: number; column?: number };
  ignored: { key: string; line: number; column: number }[];
}

const codex = findCodex();

async function writeConfig(m: Materialised, text: string): Promise<string> {
  const file = path.join(m.codexHome, 'config.toml');
  await fs.promises.writeFile(file, text);
  return file;
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
      // A whole ignored table: blank from its header to the next header.
      const start = l.header.span.start;
      const heads = [...parsed.locations.values()].filter((x) => x.isHeader).map((x) => x.key.start).filter((s) => s > start);
      const next = heads.length ? Math.min(...heads) : parsed.text.length;
      const lineStart = parsed.text.lastIndexOf('\n', start) + 1;
      const nextLineStart = next === parsed.text.length ? next : parsed.text.lastIndexOf('\n', next) + 1;
      return text.slice(0, bom) + blank(parsed.text, lineStart, nextLineStart);
    }
    if (l.key.column !== column || !l.value) continue;
    let end = l.value.end;
    const comma = /^\s*,/.exec(parsed.text.slice(end));
    if (comma) end += comma[0].length;
    return text.slice(0, bom) + blank(parsed.text, l.key.start, end);
  }
  return undefined;
}

async function measure(tc: LintCase): Promise<Measured> {
  const m = await materialise({ name: tc.name, covers: 'lint', cwd: 'work' });
  try {
    let text = tc.toml;
    await writeConfig(m, text);
    const pi = await runProc(codex, ['debug', 'prompt-input'], { cwd: m.cwd, env: m.env, timeoutMs: 60_000 });
    if (pi.code !== 0) {
      const e = parseLoadError(pi.stderr);
      return { loads: false, error: { message: e.message, line: e.line, column: e.column }, ignored: [] };
    }
    const ignored: Measured['ignored'] = [];
    for (let i = 0; i < 30; i++) {
      // A clean config makes exec fail fast on the missing provider instead of starting a session.
      const r = await runProc(codex, ['--strict-config', 'exec', '--skip-git-repo-check', '-c', 'model_provider="codex-posture-none"', 'x'], { cwd: m.cwd, env: m.env, timeoutMs: 60_000 });
      const hit = /config\.toml:(\d+):(\d+): unknown configuration field `([^`]+)`/.exec(r.stderr);
      if (!hit) break;
      const [line, column] = [Number(hit[1]), Number(hit[2])];
      ignored.push({ key: hit[3], line, column });
      const next = blankKeyAt(text, line, column);
      if (next === undefined) break;
      text = next;
      await writeConfig(m, text);
    }
    return { loads: true, ignored };
  } finally {
    await m.cleanup();
  }
}

function check(tc: LintCase, got: Measured, findings: Finding[]): string[] {
  const problems: string[] = [];
  const errors = findings.filter((f) => f.severity === 'error');
  if (!got.loads) {
    if (errors.length === 0) problems.push(`codex refuses (${got.error?.message}) but lint has no error`);
    else if (got.error?.line !== undefined && !errors.some((f) => f.span.line === got.error!.line)) {
      problems.push(`codex refuses at line ${got.error.line} (${got.error.message}); lint errors are on lines ${errors.map((f) => f.span.line).join(', ')}`);
    }
  } else if (errors.length) {
    problems.push(`codex loads it but lint says: ${errors.map((f) => `${f.span.line}: ${f.code} ${f.message}`).join('; ')}`);
  }
  for (const ig of got.ignored) {
    if (!findings.some((f) => f.span.line === ig.line)) problems.push(`codex ignores \`${ig.key}\` on line ${ig.line}; lint has no finding there`);
  }
  for (const line of tc.deprecated ?? []) {
    if (!findings.some((f) => f.span.line === line)) problems.push(`deprecated form on line ${line} has no finding`);
  }
  return problems;
}

describe('lint vs the real codex 0.171', function () {
  this.timeout(900_000);
  const only = process.env.CODEX_POSTURE_LINT_ONLY?.split(',');
  const cases = LINT_CASES.filter((c) => !only || only.some((o) => c.name.includes(o)));
  const results = new Map<string, { measured: Measured; findings: Finding[]; problems: string[] }>();

  before(async function () {
    assert.ok(fs.existsSync(codex), `codex not found at ${codex} (npm install the @openai/codex dev dependency)`);
    const measured = await mapLimit(cases, 2, (tc) => measure(tc));
    cases.forEach((tc, i) => {
      const findings = lintText(tc.toml, { kind: 'user' }).findings;
      results.set(tc.name, { measured: measured[i], findings, problems: check(tc, measured[i], findings) });
    });
    fs.mkdirSync('.test-artifacts', { recursive: true });
    fs.writeFileSync(
      '.test-artifacts/lint-differential.json',
      JSON.stringify(
        cases.map((tc) => {
          const r = results.get(tc.name)!;
          return { name: tc.name, toml: tc.toml, codex: r.measured, lint: r.findings.map((f) => ({ code: f.code, severity: f.severity, line: f.span.line, message: f.message })), problems: r.problems };
        }),
        null,
        2,
      ),
    );
    const loads = cases.filter((tc) => results.get(tc.name)!.measured.loads).length;
    const ignored = cases.reduce((n, tc) => n + results.get(tc.name)!.measured.ignored.length, 0);
    console.log(`      ${cases.length} files: codex loads ${loads}, refuses ${cases.length - loads}; ${ignored} ignored keys`);
  });

  for (const tc of LINT_CASES) {
    if (only && !only.some((o) => tc.name.includes(o))) continue;
    it(tc.name, () => {
      const r = results.get(tc.name);
      assert.ok(r, 'not measured');
      assert.deepEqual(r.problems, []);
    });
  }
});
