// Keys that do nothing (CP210, CP211, CP212, unknown keys in permission profiles), broad trust
// (CP414), secrets in files Codex refuses (CP407). What each case expects was measured with codex
// 0.171 (docs/codex-findings.md, section 13); the lint differential re-checks it against the binary.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { repositoriesIn } from '../../src/core/config/repositories';
import { parseAround } from '../../src/core/rules/codes/cp407-literal-secret';
import { applyEdits, lintText, type ConfigFileKind, type LintOptions } from '../../src/core/rules/lint';
import { makeWorld } from '../support/sandbox';

interface Case {
  readonly name: string;
  readonly toml: string;
  readonly kind?: ConfigFileKind;
  readonly opts?: Partial<LintOptions>;
  /** `CODE@line` findings that must be there. */
  readonly want: readonly string[];
  /** Codes that must not be reported at all. */
  readonly not?: readonly string[];
}

const PROJECT_FILE = '/r/repo/.codex/config.toml';

const CASES: Case[] = [
  // --- CP210: a permission profile nothing uses ---
  {
    name: 'default_permissions picks another profile',
    toml: 'default_permissions = "a"\n[permissions.a.network]\nenabled = false\n[permissions.b.network]\nenabled = true\n',
    want: ['CP210@4'],
    not: ['CP403'],
  },
  {
    name: 'a profile reached through extends is used',
    toml: 'default_permissions = "a"\n[permissions.a]\nextends = "b"\n[permissions.b]\nextends = ":workspace"\n',
    want: [],
    not: ['CP210'],
  },
  {
    name: 'sandbox_mode without default_permissions leaves every profile unused',
    toml: 'sandbox_mode = "read-only"\n[permissions.web.network]\nenabled = true\n',
    want: ['CP210@2'],
    not: ['CP403', 'CP008'],
  },
  {
    name: 'the profile default_permissions names is used',
    toml: 'default_permissions = "web"\n[permissions.web.network]\nenabled = true\n',
    want: ['CP403@3'],
    not: ['CP210'],
  },
  {
    name: 'a profile file with only profiles: another layer decides, nothing to say',
    toml: '[permissions.web.network]\nenabled = true\n',
    kind: 'profile',
    want: [],
    not: ['CP210', 'CP008'],
  },
  // --- CP211: sandbox_mode beside default_permissions ---
  {
    name: 'sandbox_mode beside default_permissions, either order; no danger warning for a line that does nothing',
    toml: 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\ndefault_permissions = ":read-only"\n',
    want: ['CP211@1'],
    not: ['CP401', 'CP402'],
  },
  {
    name: 'default_permissions first',
    toml: 'default_permissions = ":workspace"\nsandbox_mode = "read-only"\n',
    want: ['CP211@2'],
  },
  {
    name: 'sandbox_mode alone is the sandbox',
    toml: 'sandbox_mode = "danger-full-access"\n',
    want: ['CP402@1'],
    not: ['CP211'],
  },
  // --- unknown keys in permission profiles (Codex is silent about them) ---
  {
    name: 'a typo of extends, and unknown keys in the profile and its network table',
    toml: 'default_permissions = "web"\n[permissions.web]\nextend = ":workspace"\nfoo = 1\n[permissions.web.network]\nenabled = true\nbar = "x"\n',
    want: ['CP101@3', 'CP101@4', 'CP101@7'],
  },
  {
    name: 'known profile fields, hosts and paths are not unknown keys',
    toml:
      'default_permissions = "web"\n[permissions.web]\nextends = ":workspace"\ndescription = "web"\n[permissions.web.filesystem]\n"/srv" = "read"\nglob_scan_max_depth = 3\n' +
      '[permissions.web.network]\nenabled = true\nmode = "limited"\nallow_local_binding = false\nproxy_url = "http://127.0.0.1:3128"\n[permissions.web.network.domains]\n"example.com" = "allow"\n',
    want: [],
    not: ['CP101'],
  },
  // --- CP212: trust entries in a project's own config ---
  {
    name: 'a project that trusts itself',
    toml: '[projects."/r/repo"]\ntrust_level = "trusted"\n',
    kind: 'project',
    opts: { file: PROJECT_FILE, projectTrusted: true },
    want: ['CP212@2'],
    not: ['CP414'],
  },
  {
    name: 'a project that marks a folder of its own untrusted: information, the entry does something',
    toml: '[projects."/r/repo/sub"]\ntrust_level = "untrusted"\n',
    kind: 'project',
    opts: { file: PROJECT_FILE, projectTrusted: true },
    want: ['CP212@2'],
  },
  {
    name: 'a project that names a folder elsewhere',
    toml: '[projects."/elsewhere"]\ntrust_level = "untrusted"\n',
    kind: 'project',
    opts: { file: PROJECT_FILE, projectTrusted: true },
    want: ['CP212@2'],
  },
  {
    name: 'trust entries in the user config are what trust is made of',
    toml: '[projects."/r/repo"]\ntrust_level = "trusted"\n',
    want: [],
    not: ['CP212', 'CP414'],
  },
  // --- CP414: broad trust ---
  { name: 'trusting /', toml: '[projects."/"]\ntrust_level = "trusted"\n', opts: { home: '/home/me' }, want: ['CP414@2'] },
  {
    name: 'trusting the home folder',
    toml: 'projects."/home/me".trust_level = "trusted"\n',
    opts: { home: '/home/me' },
    want: ['CP414@1'],
  },
  {
    name: 'trusting the folder of home folders',
    toml: '[projects."/home"]\ntrust_level = "trusted"\n',
    opts: { home: '/home/me' },
    want: ['CP414@2'],
  },
  {
    name: 'untrusting the home folder is no risk',
    toml: '[projects."/home/me"]\ntrust_level = "untrusted"\n',
    opts: { home: '/home/me' },
    want: [],
    not: ['CP414'],
  },
  {
    name: 'a folder of repositories, when the caller can count them',
    toml: '[projects."/home/me/src"]\ntrust_level = "trusted"\n[projects."/home/me/src/app"]\ntrust_level = "trusted"\n',
    opts: { home: '/home/me', repositoriesIn: (d) => (d === '/home/me/src' ? 3 : undefined) },
    want: ['CP414@2'],
  },
  {
    name: 'one repository below is not "many"',
    toml: '[projects."/home/me/work"]\ntrust_level = "trusted"\n',
    opts: { home: '/home/me', repositoriesIn: () => 1 },
    want: [],
    not: ['CP414'],
  },
  // --- CP407 in files Codex refuses ---
  {
    name: 'a secret in a file with a bad value',
    toml: 'sandbox_mode = "bogus"\n[mcp_servers.x]\ncommand = "x"\nenv = { TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123" }\n',
    want: ['CP002@1', 'CP407@4'],
  },
  {
    name: 'a secret above a TOML error',
    toml: '[mcp_servers.x]\ncommand = "x"\nenv = { TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123" }\nargs = [\n  "a"\n  "b"\n]\n',
    want: ['CP001@6', 'CP407@3'],
  },
  {
    name: 'a secret in the section after an array left open',
    toml: 'notify = [\n  "notify-send",\n[mcp_servers.x]\ncommand = "x"\nenv = { TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123" }\n',
    want: ['CP001@4', 'CP407@5'],
  },
  {
    name: 'a secret below a TOML error',
    toml: 'model = "gpt\n[model_providers.acme]\nname = "Acme"\nexperimental_bearer_token = "sk-test-abcdefghijklmnopqrstu"\n',
    want: ['CP001@1', 'CP407@4'],
  },
];

function codesAt(toml: string, kind: ConfigFileKind, opts: Partial<LintOptions>): string[] {
  return lintText(toml, { kind, ...opts }).findings.map((f) => `${f.code}@${f.span.line}`);
}

describe('keys that do nothing, broad trust, secrets in refused files', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const got = codesAt(c.toml, c.kind ?? 'user', c.opts ?? {});
      for (const w of c.want) assert.ok(got.includes(w), `missing ${w}; got ${got.join(', ')}`);
      for (const n of c.not ?? []) assert.ok(!got.some((g) => g.startsWith(`${n}@`)), `unexpected ${n}; got ${got.join(', ')}`);
    });
  }

  it('CP211 says which profile wins, and its fix removes sandbox_mode and leaves valid TOML', () => {
    const toml = 'sandbox_mode = "danger-full-access"\ndefault_permissions = ":read-only"\n';
    const f = lintText(toml, { kind: 'user' }).findings.find((x) => x.code === 'CP211');
    assert.ok(f);
    assert.match(f.message, /default_permissions = ":read-only" in the same file wins/);
    const fixed = applyEdits(toml, f.fixes[0].edits);
    assert.equal(fixed, 'default_permissions = ":read-only"\n');
    assert.ok(!lintText(fixed, { kind: 'user' }).findings.some((x) => x.code === 'CP211'));
  });

  it('CP212: removing a useless trust entry removes its table and nothing else', () => {
    const toml = 'model = "x"\n[projects."/r/repo"]\ntrust_level = "trusted"\n[tui]\nanimations = false\n';
    const f = lintText(toml, { kind: 'project', file: PROJECT_FILE, projectTrusted: true }).findings.find((x) => x.code === 'CP212');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    const fixed = applyEdits(toml, f.fixes[0].edits);
    assert.equal(fixed, 'model = "x"\n[tui]\nanimations = false\n');
    assert.ok(parseTomlWithPositions(fixed).ok);
  });

  it('CP212: an untrusted entry for the project itself is information, with no fix (it changes the approval default)', () => {
    const f = lintText('[projects."/r/repo"]\ntrust_level = "untrusted"\n', {
      kind: 'project',
      file: PROJECT_FILE,
      projectTrusted: true,
    }).findings.find((x) => x.code === 'CP212');
    assert.ok(f);
    assert.equal(f.severity, 'information');
    assert.match(f.message, /default approval `untrusted`/);
    assert.deepEqual(f.fixes, []);
  });

  it('CP414 says what trusting the home folder measurably means', () => {
    const f = lintText('[projects."/home/me"]\ntrust_level = "trusted"\n', { kind: 'user', home: '/home/me' }).findings.find(
      (x) => x.code === 'CP414',
    );
    assert.ok(f);
    assert.match(f.message, /repositories below it are not trusted/);
    assert.match(f.message, /\.ssh/);
    assert.match(f.message, /git repository, every folder below it/);
  });

  it('CP101 in a permission profile offers the rename and says Codex is silent', () => {
    const toml = 'default_permissions = "web"\n[permissions.web]\nextend = ":workspace"\n';
    const f = lintText(toml, { kind: 'user' }).findings.find((x) => x.code === 'CP101');
    assert.ok(f);
    assert.match(f.message, /did you mean `extends`\?.*not even with --strict-config/);
    assert.equal(applyEdits(toml, f.fixes[0].edits), 'default_permissions = "web"\n[permissions.web]\nextends = ":workspace"\n');
  });

  it('CP407 never shows the secret of a file that does not parse', () => {
    const secret = 'ghp_abcdefghijklmnopqrstuvwxyz0123';
    const r = lintText(`[mcp_servers.x]\nargs = ["--token", "${secret}"]\nx = [\n 1\n 2\n]\n`, { kind: 'user' });
    assert.equal(r.parsed, false);
    const f = r.findings.find((x) => x.code === 'CP407');
    assert.ok(f);
    assert.ok(!JSON.stringify(r.findings).includes(secret));
  });
});

describe('parseAround: the parts of a broken file that still parse', () => {
  const merged = (text: string) => Object.assign({}, ...parseAround(text).map((p) => p.value)) as Record<string, unknown>;
  const table: [string, string, Record<string, unknown>][] = [
    ['a broken line in the middle', 'a = 1\nb = \nc = 3\n', { a: 1, c: 3 }],
    ['a stray comma in an array keeps the array', 'a = [\n  1,\n  ,\n  2,\n]\nb = 1\n', { a: [1, 2], b: 1 }],
    ['garbage after the ] keeps the array', 'a = [\n  1\n] junk\nb = 2\n', { a: [1], b: 2 }],
    ['an array left open cannot swallow the next section', 'a = [\n  1,\n[t]\nb = 2\n', { t: { b: 2 } }],
    ['a lone CR', 'a = "x"\rb = 1\nc = 2\n', { c: 2 }],
    ['every line broken', '=\n=\n=\n', {}],
  ];
  for (const [name, text, want] of table) {
    it(name, () => {
      assert.deepEqual(merged(text), want);
      // Offsets are the original text's: blanking keeps every character's place.
      for (const p of parseAround(text)) assert.equal(p.text.length, text.length);
    });
  }
});

describe('repositoriesIn (for CP414)', () => {
  it('counts the repositories directly in a folder, as Codex recognises them', () => {
    const w = makeWorld();
    try {
      w.gitInit('src/a');
      w.gitInit('src/b');
      w.write('src/c/.git', 'gitdir: /elsewhere\n'); // a linked worktree or submodule: a .git file
      w.mkdir('src/d/.git'); // an empty .git (no HEAD) is no repository (measured)
      w.write('src/readme.txt', 'x');
      assert.equal(repositoriesIn(w.path('src')), 3);
      assert.equal(repositoriesIn(w.path('src/a')), undefined, 'a repository itself');
      assert.equal(repositoriesIn(w.path('nope')), undefined);
      assert.equal(repositoriesIn(w.path('src/readme.txt')), undefined);
      assert.ok(fs.existsSync(w.path('src/d/.git')));
    } finally {
      w.dispose();
    }
  });
});
