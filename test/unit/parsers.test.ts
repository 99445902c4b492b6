// Table-driven tests for the small parsers the engine stands on: launch arguments, `-c` values,
// TOML positions and the defensive file reader.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { parseLaunchArgs, UsageError } from '../../src/core/config/launchArgs';
import { parseOverride } from '../../src/core/config/overrides';
import { readConfigFile, MAX_CONFIG_BYTES } from '../../src/core/config/readConfigFile';
import { parseTomlWithPositions, pathKey } from '../../src/core/config/toml';
import { makeWorld, type TempWorld } from '../support/sandbox';

describe('launch arguments', () => {
  const ok: { args: string[]; want: Partial<ReturnType<typeof parseLaunchArgs>> }[] = [
    { args: ['--profile', 'fast'], want: { profile: 'fast' } },
    { args: ['-p', 'fast'], want: { profile: 'fast' } },
    { args: ['--profile=fast'], want: { profile: 'fast' } },
    { args: ['-c', 'a=1', '--config', 'b="x"', '-cc=2'], want: { overrides: ['a=1', 'b="x"', 'c=2'] } },
    { args: ['-s', 'read-only'], want: { sandbox: 'read-only' } },
    { args: ['--sandbox=danger-full-access'], want: { sandbox: 'danger-full-access' } },
    { args: ['-a', 'never'], want: { approval: 'never' } },
    { args: ['--yolo'], want: { bypass: true } },
    { args: ['--dangerously-bypass-approvals-and-sandbox'], want: { bypass: true } },
    { args: ['--approve-for-me', '--search'], want: { approveForMe: true, search: true } },
    { args: ['--enable', 'x', '--disable', 'y', '--add-dir', 'd'], want: { enable: ['x'], disable: ['y'], addDirs: ['d'] } },
  ];
  for (const t of ok) {
    it(`parses ${t.args.join(' ')}`, () => {
      const got = parseLaunchArgs(t.args) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(t.want)) assert.deepEqual(got[k], v, k);
    });
  }
  const bad = [
    ['--full-auto'],
    ['--sandbox', 'manual'],
    ['--network', 'workspace'],
    ['-a', 'untrusted'],
    ['-a', 'on-failure'],
    ['-c', 'novalue'],
    ['--profile'],
    ['--yolo=1'],
  ];
  for (const args of bad) {
    it(`rejects ${args.join(' ')} as Codex's CLI does`, () => {
      assert.throws(() => parseLaunchArgs(args), UsageError);
    });
  }
});

describe('-c values', () => {
  const cases: { arg: string; path: string[]; value: unknown }[] = [
    { arg: 'sandbox_mode="read-only"', path: ['sandbox_mode'], value: 'read-only' },
    { arg: 'sandbox_mode=read-only', path: ['sandbox_mode'], value: 'read-only' },
    { arg: 'sandbox_workspace_write.network_access=true', path: ['sandbox_workspace_write', 'network_access'], value: true },
    { arg: 'writable_roots=["a", "b"]', path: ['writable_roots'], value: ['a', 'b'] },
    // Codex splits the key on every dot and keeps quotes (measured), so this names `"/a`, `b/c"`.
    { arg: 'projects."/a.b/c".trust_level=trusted', path: ['projects', '"/a', 'b/c"', 'trust_level'], value: 'trusted' },
    { arg: 'projects./r/repo.trust_level=trusted', path: ['projects', '/r/repo', 'trust_level'], value: 'trusted' },
    { arg: 'x = { a = 1 }', path: ['x'], value: { a: 1 } },
  ];
  for (const c of cases) {
    it(`reads ${c.arg}`, () => {
      const o = parseOverride(c.arg);
      assert.deepEqual(o.path, c.path);
      assert.deepEqual(o.value, c.value);
    });
  }
});

describe('TOML with positions', () => {
  it('locates keys, values and the header that captured a key', () => {
    const p = parseTomlWithPositions('model = "x"\n\n[sandbox_workspace_write]\napproval_policy = "never"\nnetwork_access = true\n');
    assert.ok(p.ok);
    const loc = p.locations.get(pathKey(['sandbox_workspace_write', 'approval_policy']))!;
    assert.equal(loc.key.line, 4);
    assert.equal(loc.value!.column, 19);
    assert.deepEqual(loc.header!.path, ['sandbox_workspace_write']);
    assert.equal(loc.header!.span.line, 3);
    assert.equal(p.locations.get(pathKey(['model']))!.header, undefined);
  });
  it('accepts a BOM, CRLF and TOML 1.1 inline tables, as Codex does', () => {
    for (const text of ['\ufeffa = 1\n', 'a = 1\r\nb = 2\r\n', 'a = { x = 1,\n  y = 2, }\n']) {
      assert.equal(parseTomlWithPositions(text).ok, true, JSON.stringify(text));
    }
  });
  it('rejects a lone CR at line 1 and NUL bytes', () => {
    const cr = parseTomlWithPositions('a = 1\rb = 2\n');
    assert.equal(cr.ok, false);
    assert.equal(!cr.ok && cr.error.line, 1);
    assert.equal(parseTomlWithPositions('a = "\u0000"\n').ok, false);
  });
  it('reports a missing value where Codex does (end of the line)', () => {
    const p = parseTomlWithPositions('a = 1\nb = \n\n\nc = 2\n');
    assert.ok(!p.ok);
    assert.deepEqual([p.error.line, p.error.column], [2, 5]);
  });
});

describe('reading config files defensively', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  it('reads text and reports a missing file as missing', async () => {
    const f = w.write('a.toml', 'a = 1\n');
    assert.equal((await readConfigFile(f)).kind, 'text');
    assert.equal((await readConfigFile(w.path('none.toml'))).kind, 'missing');
  });
  it('refuses a directory, a FIFO, a symlink loop and a huge file with a clear message', async () => {
    const dir = w.mkdir('dir.toml');
    const fifo = w.path('fifo.toml');
    execFileSync('mkfifo', [fifo]);
    const loop = w.path('loop.toml');
    symlinkSync(loop, loop);
    const huge = w.write('huge.toml', Buffer.alloc(MAX_CONFIG_BYTES + 10, 0x61));
    const cases: [string, RegExp][] = [
      [dir, /directory/],
      [fifo, /not a regular file/],
      [loop, /symlink loop/],
      [huge, /not read/],
    ];
    for (const [file, message] of cases) {
      const r = await readConfigFile(file);
      assert.equal(r.kind, 'error', path.basename(file));
      assert.match(r.kind === 'error' ? r.message : '', message);
    }
  });
  it('reports invalid UTF-8 with the byte offset', async () => {
    const f = w.write('bad.toml', Buffer.from([0x61, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]));
    const r = await readConfigFile(f);
    assert.equal(r.kind, 'error');
    assert.equal(r.kind === 'error' && r.byteOffset, 5);
  });
  it('reports an unreadable file as permission denied (when not running as root)', async function () {
    if (process.getuid?.() === 0) {
      // root reads every file; the engine's handling of EACCES is covered by the message table.
      const f = w.write('locked.toml', 'a = 1\n');
      chmodSync(f, 0o000);
      assert.equal((await readConfigFile(f)).kind, 'text');
      return;
    }
    const f = w.write('locked.toml', 'a = 1\n');
    chmodSync(f, 0o000);
    const r = await readConfigFile(f);
    assert.match(r.kind === 'error' ? r.message : '', /permission denied/);
  });
});

describe('launch arguments Codex refuses in combination', () => {
  const bad = [
    ['-s', 'read-only', '-s', 'workspace-write'],
    ['-a', 'never', '-a', 'never'],
    ['--profile', 'a', '-p', 'b'],
    ['--search', '--search'],
    ['--yolo', '--yolo'],
    ['--approve-for-me', '-a', 'never'],
    ['--approve-for-me', '-s', 'read-only'],
    ['--yolo', '-a', 'never'],
  ];
  for (const args of bad) it(`rejects ${args.join(' ')}`, () => assert.throws(() => parseLaunchArgs(args), UsageError));
  it('accepts repeated -c, --enable and --add-dir, and --yolo with -s', () => {
    assert.doesNotThrow(() =>
      parseLaunchArgs([
        '-c',
        'a=1',
        '-c',
        'a=2',
        '--enable',
        'x',
        '--enable',
        'y',
        '--add-dir',
        'a',
        '--add-dir',
        'b',
        '--yolo',
        '-s',
        'read-only',
      ]),
    );
  });
});
