// Hostile input: bytes, sizes, file types and names a user or an attacker can leave where Codex
// Posture reads. Each case goes through the engine (resolvePosture), the CLI (`main`) or the linter,
// and must give a clear message, no exception, no hang (generous time bounds) and no wrong answer.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { accessibilityLabel, badgeText, escapeMarkdown, postureFindings } from '../../src/core/present/posture';
import { fileLink, tooltipMarkdown } from '../../src/core/present/tooltip';
import { applyEdits, lintText } from '../../src/core/rules/lint';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { makeWorld, type TempWorld } from '../support/sandbox';

/** Fails the test when `fn` takes longer than `ms` (generous: the machines are shared and slow). */
async function within<T>(ms: number, what: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms)));
  try {
    return await Promise.race([Promise.resolve().then(fn), limit]);
  } finally {
    clearTimeout(timer);
    assert.ok(Date.now() - started < ms, `${what} took ${Date.now() - started} ms`);
  }
}

async function cli(w: TempWorld, argv: string[], env: NodeJS.ProcessEnv = w.env()): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') }, env);
  return { code, out, err };
}

describe('hostile input', function () {
  this.timeout(60_000);
  let w: TempWorld;
  let project: string;
  const resolve = (extra: Partial<Parameters<typeof resolvePosture>[0]> = {}): Promise<PostureSnapshot> =>
    resolvePosture({ cwd: project, codexHome: w.codexHome, systemDir: w.path('no-etc'), ...extra });
  const userConfig = (content: string | Buffer): string => w.write('home/.codex/config.toml', content);

  beforeEach(() => {
    w = makeWorld('cp-hostile-');
    project = w.mkdir('project');
  });
  afterEach(() => w.dispose());

  describe('bytes (engine and linter)', () => {
    it('a NUL byte inside a string: Codex refuses to load, at the line', async () => {
      userConfig('sandbox_mode = "read-only"\nmodel = "a\u0000b"\n');
      const s = await within(5000, 'resolve', resolve);
      assert.equal(s.loads, false);
      assert.equal(s.loadError?.line, 2);
      const l = lintText('sandbox_mode = "read-only"\nmodel = "a\u0000b"\n', { kind: 'user' });
      assert.deepEqual(
        l.findings.map((f) => [f.code, f.span.line]),
        [['CP001', 2]],
      );
    });

    it('a NUL byte in a comment is a parse error too, not a silently shortened file', async () => {
      userConfig('# note\u0000\nsandbox_mode = "danger-full-access"\n');
      const s = await resolve();
      assert.equal(s.loads, false);
      assert.equal(s.sandbox, undefined, 'no posture from a file Codex rejects');
    });

    it('invalid UTF-8: an io error naming the byte offset, not mojibake', async () => {
      userConfig(Buffer.concat([Buffer.from('model = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]));
      const s = await resolve();
      assert.equal(s.loads, false);
      assert.equal(s.loadError?.kind, 'io');
      assert.match(s.loadError!.message, /not valid UTF-8 \(first bad byte at offset 9\)/);
    });

    it('regression: lint reported a literal U+FFFD (valid UTF-8) as "not valid UTF-8"', async () => {
      const f = userConfig('model = "\ufffd"\n');
      const r = await cli(w, ['lint', '--format', 'json', f]);
      assert.equal(r.code, 0, r.out + r.err);
      assert.deepEqual(JSON.parse(r.out).files[0].findings, []);
      const bad = userConfig(Buffer.from([0x6d, 0x3d, 0x22, 0xc3, 0x28, 0x22, 0x0a]));
      const r2 = await cli(w, ['lint', '--format', 'json', bad]);
      assert.equal(r2.code, 1);
      assert.match(JSON.parse(r2.out).files[0].findings[0].message, /not valid UTF-8 \(first bad byte at offset 3\)/);
    });

    it('a BOM is allowed and does not shift lines or columns', async () => {
      userConfig('\ufeffsandbox_mode = "read-only"\n');
      const s = await resolve();
      assert.equal(s.loads, true);
      assert.equal(s.sandbox?.value, 'read-only');
      assert.equal(s.sandbox?.from.line, 1);
      const f = lintText('\ufeffsandbox_mode = "danger-full-access"\n', { kind: 'user' }).findings.find((x) => x.code === 'CP402')!;
      assert.equal(f.span.column, 16);
    });

    it('CRLF line endings: loads, provenance lines are right, fixes keep CRLF', async () => {
      userConfig('# team\r\napproval_policy = "on-failure"\r\nsandbox_mode = "read-only"\r\n');
      const s = await resolve();
      assert.equal(s.loads, true);
      assert.equal(s.sandbox?.from.line, 3);
      const text = '# team\r\napproval_policy = "on-failure"\r\n';
      const fix = lintText(text, { kind: 'user' }).findings.find((f) => f.code === 'CP301')!.fixes[0];
      const after = applyEdits(text, fix.edits);
      assert.equal(after, '# team\r\napproval_policy = "on-request"\r\n');
      assert.ok(parseTomlWithPositions(after).ok);
    });

    it('a lone CR: rejected like Codex does, with a line', async () => {
      userConfig('model = "a"\rsandbox_mode = "read-only"\n');
      const s = await resolve();
      assert.equal(s.loads, false);
      assert.equal(s.loadError?.line, 1);
    });

    it('control characters and bidi overrides in a value do not reach the tooltip unescaped', async () => {
      userConfig('sandbox_mode = "read-only"\n[projects."/x\u202e\u001b[31m"]\ntrust_level = "trusted"\n');
      const s = await resolve();
      assert.equal(s.loads, false, 'raw control characters are not allowed in TOML strings');
      const md = tooltipMarkdown({
        folderName: 'p',
        snapshot: s,
        launchArgs: [],
        findings: [],
        restricted: false,
        officialExtension: false,
      });
      assert.doesNotMatch(md, /[\u0000-\u0008\u000b-\u001f\u202e]/);
    });
  });

  describe('sizes and shapes', () => {
    it('a 20 MB config is refused quickly with its size, not parsed', async () => {
      const big = Buffer.alloc(20 * 1024 * 1024, 0x20);
      big.write('sandbox_mode = "read-only"\n');
      userConfig(big);
      const s = await within(5000, 'resolve of 20 MB', resolve);
      assert.equal(s.loads, false);
      assert.match(s.loadError!.message, /20971520 bytes; config files over 16777216 bytes are not read/);
      // Our limit, not Codex's: the badge says the posture is unknown, not that Codex refuses.
      assert.equal(s.loadError!.unread, true);
      assert.equal(badgeText(s, 'warning'), '$(warning) Codex: posture unknown');
      assert.match(postureFindings(s)[0].message, /^The posture is unknown: .*are not read$/);
      assert.equal(postureFindings(s)[0].severity, 'warning');
      const r = await within(5000, 'lint of 20 MB', () => cli(w, ['lint', w.path('home/.codex/config.toml')]));
      assert.equal(r.code, 2);
      assert.match(r.err, /not read/);
    });

    it('100,000 keys: the engine and the linter finish and answer', async () => {
      const lines = ['sandbox_mode = "read-only"', '[mcp_servers.big]', 'command = "x"', '[mcp_servers.big.env]'];
      for (let i = 0; i < 100_000; i++) lines.push(`K${i} = "v"`);
      const text = lines.join('\n') + '\n';
      userConfig(text);
      const s = await within(30_000, 'resolve of 100,000 keys', resolve);
      assert.equal(s.loads, true);
      assert.equal(s.sandbox?.value, 'read-only');
      const l = await within(30_000, 'lint of 100,000 keys', () => lintText(text, { kind: 'user' }));
      assert.equal(l.parsed, true);
    });

    it('10,000 unknown top-level keys (a file of typos) lint in bounded time', async () => {
      const text = Array.from({ length: 10_000 }, (_, i) => `sandbox_mod${i} = "x"`).join('\n') + '\n';
      const l = await within(30_000, 'lint of 10,000 unknown keys', () => lintText(text, { kind: 'user' }));
      assert.equal(l.findings.filter((f) => f.code === 'CP101').length, 10_000);
    });

    it('a 100,000-character string value on one line parses', async () => {
      const text = `model = "${'x'.repeat(100_000)}"\nsandbox_mode = "read-only"\n`;
      userConfig(text);
      const s = await within(10_000, 'resolve', resolve);
      assert.equal(s.sandbox?.value, 'read-only');
      assert.equal(lintText(text, { kind: 'user' }).parsed, true);
    });

    it('regression: a 1 MB string is not reported as a config Codex refuses (parser stack overflow)', async () => {
      const text = `model = "${'x'.repeat(1024 * 1024)}"\nsandbox_mode = "read-only"\n`;
      userConfig(text);
      const s = await within(10_000, 'resolve', resolve);
      // Codex loads it, and so does our own parser (toml-eslint-parser ran out of stack on it).
      assert.equal(s.loads, true);
      assert.equal(s.sandbox?.value, 'read-only');
      const l = lintText(text, { kind: 'user' });
      assert.equal(l.parsed, true);
      assert.ok(!l.findings.some((f) => f.code === 'CP001'));
    });

    it('regression: nesting limits follow codex 0.171 (80 levels load, 81 fail at the 81st opener)', async () => {
      const ok = lintText(`a = ${'['.repeat(80)}${']'.repeat(80)}\n`, { kind: 'user' });
      assert.equal(ok.parsed, true);
      const bad = lintText(`a = ${'['.repeat(81)}${']'.repeat(81)}\n`, { kind: 'user' });
      assert.deepEqual(
        bad.findings.map((f) => [f.code, f.span.line, f.span.column]),
        [['CP001', 1, 85]],
      );
      const dotted = lintText(`${Array.from({ length: 81 }, (_, i) => `k${i}`).join('.')} = 1\n`, { kind: 'user' });
      assert.deepEqual(
        dotted.findings.map((f) => [f.code, f.span.line, f.span.column]),
        [['CP001', 1, 1]],
      );
      assert.equal(lintText(`[${Array.from({ length: 80 }, (_, i) => `k${i}`).join('.')}]\nx = 1\n`, { kind: 'user' }).parsed, true);
    });

    for (const [name, text] of [
      ['deeply nested arrays', `a = ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
      ['deeply nested inline tables', `a = ${'{ b = '.repeat(3000)}1${' }'.repeat(3000)}\n`],
      ['a dotted key with 5,000 parts', `${Array.from({ length: 5000 }, (_, i) => `k${i}`).join('.')} = 1\n`],
      ['a header with 5,000 parts', `[${Array.from({ length: 5000 }, (_, i) => `k${i}`).join('.')}]\nx = 1\n`],
    ] as const) {
      it(`${name}: a clear answer, no stack overflow escaping`, async () => {
        userConfig(`sandbox_mode = "read-only"\n${text}`);
        const s = await within(20_000, 'resolve', resolve);
        if (s.loads) assert.equal(s.sandbox?.value, 'read-only');
        else assert.ok(s.loadError?.message, 'a message when it does not load');
        const l = await within(20_000, 'lint', () => lintText(`sandbox_mode = "read-only"\n${text}`, { kind: 'user' }));
        assert.ok(l.findings.every((f) => f.message.length > 0));
      });
    }

    it('10,000 [[array-of-tables]] entries', async () => {
      const text = 'sandbox_mode = "read-only"\n' + '[[skills.config]]\npath = "/x"\n'.repeat(10_000);
      userConfig(text);
      const s = await within(20_000, 'resolve', resolve);
      assert.ok(s.loads || s.loadError?.message);
      assert.ok(lintText(text, { kind: 'user' }).findings.length >= 0);
    });
  });

  describe('file types and places', () => {
    it('a symlink loop: an io error that says so', async () => {
      fs.rmSync(w.path('home/.codex/config.toml'), { force: true });
      fs.symlinkSync('config.toml', w.path('home/.codex/config.toml'));
      const s = await within(5000, 'resolve', resolve);
      assert.equal(s.loads, false);
      assert.match(s.loadError!.message, /symlink loop/);
      const r = await cli(w, ['lint', w.path('home/.codex/config.toml')]);
      assert.equal(r.code, 2);
      assert.match(r.err, /symlink loop/);
    });

    it('a dangling symlink is no file, as for Codex', async () => {
      fs.symlinkSync(w.path('nowhere.toml'), w.path('home/.codex/config.toml'));
      const s = await resolve();
      assert.equal(s.loads, true);
      assert.equal(s.sandbox?.from.layer, 'default');
    });

    it('config.toml is a directory', async () => {
      w.mkdir('home/.codex/config.toml');
      const s = await resolve();
      assert.equal(s.loads, false);
      assert.match(s.loadError!.message, /is a directory, not a file/);
      const r = await cli(w, ['status', '--json', '--cwd', project]);
      assert.equal(r.code, 2);
    });

    it('config.toml is a FIFO: no hang, a clear error (engine, CLI status and lint)', async () => {
      execFileSync('mkfifo', [w.path('home/.codex/config.toml')]);
      const s = await within(5000, 'resolve', resolve);
      assert.equal(s.loads, false);
      assert.match(s.loadError!.message, /not a regular file \(a FIFO/);
      const st = await within(5000, 'status', () => cli(w, ['status', '--json', '--cwd', project]));
      assert.equal(st.code, 2);
      const li = await within(5000, 'lint', () => cli(w, ['lint', w.path('home/.codex/config.toml')]));
      assert.equal(li.code, 2);
      assert.match(li.err, /FIFO/);
    });

    it('a project .codex/config.toml that is a FIFO does not block the engine', async () => {
      userConfig(`[projects."${project}"]\ntrust_level = "trusted"\n`);
      w.mkdir('project/.codex');
      execFileSync('mkfifo', [w.path('project/.codex/config.toml')]);
      const s = await within(5000, 'resolve', resolve);
      assert.equal(s.loads, false);
      assert.match(s.loadError!.message, /FIFO/);
    });

    it('permission denied: an io error that says so', async function () {
      if (process.getuid?.() === 0) this.skip(); // root reads a chmod-000 file; the mapping is covered by readConfigFile's describe()
      const f = userConfig('sandbox_mode = "read-only"\n');
      fs.chmodSync(f, 0);
      const s = await resolve();
      assert.match(s.loadError!.message, /permission denied/);
    });

    it('CODEX_HOME missing: status exits 2 and names it', async () => {
      const r = await cli(w, ['status', '--json', '--cwd', project], { ...w.env(), CODEX_HOME: w.path('missing') });
      assert.equal(r.code, 2);
      assert.match(JSON.parse(r.out).loadError.message, /does not exist/);
    });

    it('CODEX_HOME relative: resolved against the working directory, reported absolute', async () => {
      const r = await cli(w, ['status', '--json', '--cwd', project], { ...w.env(), CODEX_HOME: path.relative(process.cwd(), w.codexHome) });
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out).codexHome, w.codexHome);
    });

    it('CODEX_HOME is a file', async () => {
      const f = w.write('afile', 'x');
      const s = await resolve({ codexHome: f });
      assert.equal(s.loads, false);
      assert.match(s.loadError!.message, /is not a directory/);
    });

    it('a file rewritten while being read: every answer is one of the two files, never a mix or a throw', async () => {
      const a = 'sandbox_mode = "read-only"\napproval_policy = "on-request"\n' + '# pad\n'.repeat(2000);
      const b = 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n';
      const f = userConfig(a);
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop; i++) {
          await fs.promises.writeFile(f, i % 2 ? a : b);
          await new Promise((r) => setImmediate(r));
        }
      })();
      const seen = new Set<string>();
      try {
        for (let i = 0; i < 60; i++) {
          const s = await resolve();
          const answer = s.loads ? `${s.sandbox?.value}/${s.approval?.value}` : `error:${s.loadError?.kind}`;
          seen.add(answer);
        }
      } finally {
        stop = true;
        await writer;
      }
      for (const answer of seen) {
        // An empty file (caught between truncate and write) is Codex's defaults, which is what
        // Codex itself would read at that instant.
        assert.ok(
          ['read-only/on-request', 'danger-full-access/never', 'workspace-write/on-request', 'read-only/on-request', 'error:io'].includes(
            answer,
          ),
          `unexpected ${answer}`,
        );
      }
    });
  });

  describe('names with shell metacharacters, Markdown, ANSI escapes and unicode', () => {
    const nasty = [
      '$(touch PWNED); `touch PWNED2` && rm -rf x',
      '[click](command:workbench.action.quit)',
      '\u001b[31mred\u001b[0m',
      'ünïcödé 🚀 \u202eevil',
      '**bold** _it_ <img src=x> | a | b |',
      'line\nbreak',
    ];

    for (const name of nasty) {
      it(`a folder named ${JSON.stringify(name).slice(0, 40)}: status works, nothing executed, JSON parses`, async () => {
        let dir: string;
        try {
          dir = w.mkdir(`p/${name.replace(/\//g, '_')}`);
        } catch {
          return; // the file system refuses the name
        }
        userConfig(
          `sandbox_mode = "read-only"\n[projects."${dir
            .replace(/\\/g, '\\\\')
            .replace(/"/g, '\\"')
            .replace(/\n/g, '\\n')
            .replace(/\u001b/g, '\\u001b')}"]\ntrust_level = "trusted"\n`,
        );
        const r = await cli(w, ['status', '--json', '--cwd', dir]);
        assert.equal(r.code, 0, r.err);
        const j = JSON.parse(r.out);
        assert.equal(j.sandbox, 'read-only');
        assert.equal(j.trusted, true);
        assert.ok(!fs.existsSync(path.join(process.cwd(), 'PWNED')) && !fs.existsSync(path.join(dir, 'PWNED')));
      });
    }

    for (const name of nasty) {
      it(`the tooltip escapes ${JSON.stringify(name).slice(0, 40)} in folder, path, branch and finding text`, async () => {
        userConfig('sandbox_mode = "read-only"\n');
        const s = await resolve();
        const file = path.join('/tmp', name, 'config.toml');
        const md = tooltipMarkdown({
          folderName: name,
          snapshot: { ...s, sandbox: { value: 'read-only', from: { layer: 'user', file, line: 1 } } },
          launchArgs: [name],
          findings: [{ severity: 'warning', code: 'x', message: `branch ${name}` }],
          gitSummary: `on ${name}`,
          codexSummary: name,
          restricted: false,
          officialExtension: false,
        });
        // No live link other than our own file links, no raw HTML, no control or bidi characters.
        // Inside inline code (launch arguments) Markdown is literal, so only the rest is checked.
        const prose = md.replace(/`[^`\n]*`/g, '');
        assert.doesNotMatch(prose, /(?<!\\)\]\((?!file:)/);
        assert.doesNotMatch(prose, /(?<!\\)<img/);
        assert.doesNotMatch(md, /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
        for (const m of prose.matchAll(/(?<!\\)\]\(([^)]*)\)/g))
          assert.match(m[1], /^file:\/\/\/[^\s()]*( "Open (at line \d+|the file)")?$/, `link target ${m[1]}`);
        const label = accessibilityLabel(s, [`branch ${name}`]);
        assert.doesNotMatch(label, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'the screen-reader label carries no escape sequences');
      });
    }

    it('fileLink percent-encodes parentheses and spaces so a path cannot close the link', () => {
      const l = fileLink('/tmp/a) [b](command:x/config.toml', 3);
      assert.match(l, /\(file:\/\/\/tmp\/a%29%20%5Bb%5D%28command:x\/config\.toml#L3 "Open at line 3"\)$/);
      assert.equal(escapeMarkdown('a\u0000b\u202ec'), 'abc');
    });
  });
});
