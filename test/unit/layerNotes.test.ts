// Layer notes (CP206, CP207): the engine resolves a real temp world, the notes read its snapshot.
// The worlds mirror what was checked against codex 0.171.0 (`config/read` origins and layers,
// `debug prompt-input`): an untrusted project's config is ignored whole, a trusted project's value
// overrides the user's, `-s` overrides both.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseLaunchArgs } from '../../src/core/config/launchArgs';
import { resolvePosture } from '../../src/core/config/resolve';
import type { PostureSnapshot } from '../../src/core/config/types';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { lintText } from '../../src/core/rules/lint';
import { layerNotes, softenErrorsOfIgnoredFile, type FolderPosture } from '../../src/core/rules/layerNotes';
import { makeWorld, type TempWorld } from '../support/sandbox';

describe('layer notes: overridden keys and ignored project configs', () => {
  let w: TempWorld;
  let systemDir: string;
  beforeEach(() => {
    w = makeWorld();
    systemDir = w.mkdir('etc-codex');
  });
  afterEach(() => w.dispose());

  const resolve = (cwdRel: string, argv: string[] = [], surface: 'interactive' | 'exec' = 'interactive'): Promise<PostureSnapshot> =>
    resolvePosture({ cwd: w.path(cwdRel), codexHome: w.codexHome, launch: parseLaunchArgs(argv), surface, systemDir });
  const one = async (argv: string[] = [], surface: 'interactive' | 'exec' = 'interactive'): Promise<FolderPosture[]> => [
    { name: 'repo', snapshot: await resolve('repo', argv, surface) },
  ];
  const trust = (level: string) => `[projects."${w.path('repo')}"]\ntrust_level = "${level}"\n`;
  const USER = 'home/.codex/config.toml';
  const PROJECT = 'repo/.codex/config.toml';
  const notesFor = (rel: string, folders: FolderPosture[]) =>
    layerNotes(w.path(rel), parseTomlWithPositions(fs.readFileSync(w.path(rel), 'utf8')), folders);

  it('a trusted project overrides the user sandbox_mode: CP207 on the user key, related to the project line', async () => {
    w.gitInit('repo');
    w.write(USER, 'sandbox_mode = "read-only"\nweb_search = "disabled"\n\n' + trust('trusted'));
    w.write(PROJECT, '# team\nsandbox_mode = "danger-full-access"\n');
    const folders = await one();
    const notes = notesFor(USER, folders);
    assert.deepEqual(
      notes.map((n) => n.code),
      ['CP207'],
    );
    const n = notes[0];
    assert.equal(n.severity, 'information');
    assert.equal(n.span.line, 1);
    assert.equal(n.span.column, 1);
    assert.equal(n.span.endColumn, 'sandbox_mode'.length + 1);
    assert.match(
      n.message,
      /`sandbox_mode` here does not apply: the sandbox is danger-full-access, set by .*repo\/\.codex\/config\.toml:2/,
    );
    assert.deepEqual(
      n.related.map((r) => r.place),
      [{ file: w.path(PROJECT), line: 2 }],
    );
    // The project's own key wins: nothing to say there; web_search is the user's and wins too.
    assert.deepEqual(notesFor(PROJECT, folders), []);
  });

  it('an untrusted project: CP206 on its first key with the trust entry as related, and the user key is not overridden', async () => {
    w.gitInit('repo');
    w.write(USER, 'sandbox_mode = "read-only"\n\n' + trust('untrusted'));
    w.write(PROJECT, '# team settings\n\nsandbox_mode = "danger-full-access"\n');
    const folders = await one();
    const notes = notesFor(PROJECT, folders);
    assert.deepEqual(
      notes.map((n) => n.code),
      ['CP206'],
    );
    assert.equal(notes[0].span.line, 3);
    assert.match(notes[0].message, /Codex ignores this whole file: .*repo is marked untrusted \(.*config\.toml:4\)/);
    assert.deepEqual(
      notes[0].related.map((r) => r.place),
      [{ file: w.path(USER), line: 4 }],
    );
    assert.deepEqual(notesFor(USER, folders), []);
  });

  it('a syntax error in an untrusted project is a warning that says Codex ignores the file for now, not a load error', async () => {
    w.gitInit('repo');
    w.write(USER, trust('untrusted'));
    w.write(PROJECT, 'sandbox_mode = "workspace-write\n');
    const folders = await one();
    assert.equal(folders[0].snapshot.loads, true, 'Codex skips the file before parsing it');
    const text = fs.readFileSync(w.path(PROJECT), 'utf8');
    const notes = notesFor(PROJECT, folders);
    assert.deepEqual(
      notes.map((n) => n.code),
      ['CP206'],
    );
    const lint = lintText(text, { kind: 'project', file: w.path(PROJECT) }).findings;
    assert.ok(
      lint.some((f) => f.severity === 'error'),
      'lint alone calls it fatal',
    );
    const shown = softenErrorsOfIgnoredFile(lint, notes);
    assert.ok(shown.every((f) => f.severity !== 'error'));
    assert.match(
      shown.find((f) => f.code === lint.find((l) => l.severity === 'error')!.code)!.message,
      /^Codex ignores this untrusted project's file for now; once the project is trusted, Codex will refuse to start: /,
    );
    assert.deepEqual(softenErrorsOfIgnoredFile(lint, []), lint, 'a loaded file keeps its errors');
  });

  it('a project with no trust entry (read-only session, no auto-trust): CP206 without related information', async () => {
    w.gitInit('repo');
    w.write(PROJECT, 'web_search = "live"\n');
    const notes = notesFor(PROJECT, await one());
    assert.deepEqual(
      notes.map((n) => n.code),
      ['CP206'],
    );
    assert.match(notes[0].message, /no trust entry covers/);
    assert.deepEqual(notes[0].related, []);
  });

  it('auto-trust loads the project: no CP206, and the project overrides the user', async () => {
    w.gitInit('repo');
    w.write(USER, 'sandbox_mode = "workspace-write"\n');
    w.write(PROJECT, 'sandbox_mode = "danger-full-access"\n');
    const folders = await one();
    assert.deepEqual(notesFor(PROJECT, folders), []);
    assert.deepEqual(
      notesFor(USER, folders).map((n) => n.code),
      ['CP207'],
    );
  });

  it('launch arguments override a file: the related place is the codexPosture.launchArgs setting', async () => {
    w.gitInit('repo');
    w.write(USER, 'sandbox_mode = "read-only"\napproval_policy = "on-request"\n');
    const notes = notesFor(USER, await one(['-s', 'workspace-write']));
    assert.deepEqual(
      notes.map((n) => n.code),
      ['CP207'],
    );
    assert.match(notes[0].message, /set by `-s workspace-write` in codexPosture\.launchArgs/);
    assert.deepEqual(
      notes[0].related.map((r) => r.place),
      [{ setting: 'codexPosture.launchArgs', folder: 'repo' }],
    );
  });

  it('codex exec overrides approval_policy: related to codexPosture.surface', async () => {
    w.gitInit('repo');
    w.write(USER, 'approval_policy = "on-request"\n');
    const notes = notesFor(USER, await one([], 'exec'));
    assert.deepEqual(
      notes.map((n) => [n.code, n.related[0]?.place.setting]),
      [['CP207', 'codexPosture.surface']],
    );
  });

  it('a profile file overrides the user config; without --profile it is no layer and gets nothing', async () => {
    w.gitInit('repo');
    w.write(USER, 'web_search = "disabled"\n[sandbox_workspace_write]\nnetwork_access = false\n');
    w.write(
      'home/.codex/fast.config.toml',
      'web_search = "live"\nsandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\n',
    );
    const withProfile = await one(['--profile', 'fast']);
    const notes = notesFor(USER, withProfile);
    assert.ok(notes.every((n) => n.code === 'CP207'));
    assert.deepEqual(new Set(notes.map((n) => n.span.line)), new Set([1, 3]));
    assert.ok(notes.every((n) => n.related[0].place.file === w.path('home/.codex/fast.config.toml')));
    assert.deepEqual(notesFor('home/.codex/fast.config.toml', await one()), []);
  });

  it('network access decided by a higher sandbox: the reason is in the message', async () => {
    w.gitInit('repo');
    w.write(USER, '[sandbox_workspace_write]\nnetwork_access = true\n\n' + trust('trusted'));
    w.write(PROJECT, 'sandbox_mode = "read-only"\n');
    const notes = notesFor(USER, await one());
    assert.equal(notes.length, 1);
    assert.equal(notes[0].span.line, 2);
    assert.match(notes[0].message, /network access is off, set by .*:1 \(read-only has no network\)/);
  });

  it('several folders: the message names the folders where the key does not apply', async () => {
    w.gitInit('repo');
    w.gitInit('other');
    w.write(USER, 'sandbox_mode = "read-only"\n' + trust('trusted'));
    w.write(PROJECT, 'sandbox_mode = "workspace-write"\n');
    const folders = [
      { name: 'repo', snapshot: await resolve('repo') },
      { name: 'other', snapshot: await resolve('other') },
    ];
    const notes = notesFor(USER, folders);
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /does not apply in repo:/);
  });

  it('a file that is no layer of any folder, or a config that does not load, gets no notes', async () => {
    w.gitInit('repo');
    w.write(USER, 'sandbox_mode = "read-only"\n');
    w.write('elsewhere/.codex/config.toml', 'sandbox_mode = "danger-full-access"\n');
    assert.deepEqual(notesFor('elsewhere/.codex/config.toml', await one()), []);
    w.write(USER, 'sandbox_mode = "full"\n');
    assert.deepEqual(notesFor(USER, await one(['-s', 'read-only'])), []);
  });

  // Measured with codex 0.171 (adv/effect/*): a higher layer's sandbox_mode or default_permissions
  // leaves the user's other permission profiles unread.
  it("CP210: a trusted project picks another of the user's profiles: the user's own pick is unused there", async () => {
    w.gitInit('repo');
    w.write(USER, trust('trusted') + '[permissions.a.network]\nenabled = false\n[permissions.b]\nextends = ":workspace"\n');
    w.write(PROJECT, 'default_permissions = "b"\n');
    const notes = notesFor(USER, await one()).filter((n) => n.code === 'CP210');
    assert.equal(notes.length, 1);
    assert.equal(notes[0].span.line, 3);
    assert.match(notes[0].message, /`permissions\.a` is not used: the permission profile is `b`, set by .*repo\/\.codex\/config\.toml:1/);
    assert.deepEqual(
      notes[0].related.map((r) => r.place),
      [{ file: w.path(PROJECT), line: 1 }],
    );
  });

  it("CP210: a --profile file's sandbox_mode leaves every profile of the user config unused", async () => {
    w.gitInit('repo');
    w.write(USER, trust('trusted') + '[permissions.web.network]\nenabled = true\n');
    w.write('home/.codex/p.config.toml', 'sandbox_mode = "workspace-write"\n');
    const notes = notesFor(USER, await one(['--profile', 'p'])).filter((n) => n.code === 'CP210');
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /the sandbox is workspace-write, set by .*p\.config\.toml:1 \(sandbox_mode decides/);
  });

  it('CP210: no layered note where the file decides itself (the one-file rule says it) or the profile is used', async () => {
    w.gitInit('repo');
    w.write(
      USER,
      'default_permissions = "a"\n' +
        trust('trusted') +
        '[permissions.a]\nextends = ":workspace"\n[permissions.b.network]\nenabled = true\n',
    );
    assert.deepEqual(
      notesFor(USER, await one()).filter((n) => n.code === 'CP210'),
      [],
    );
    w.write(USER, trust('trusted') + '[permissions.a]\nextends = ":workspace"\n');
    w.write(PROJECT, 'default_permissions = "a"\n');
    assert.deepEqual(
      notesFor(USER, await one()).filter((n) => n.code === 'CP210'),
      [],
    );
  });
});
