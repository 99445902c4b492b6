// The editor side of the repository case, without VS Code: the error note on the line that defines
// the repository's program, the edit that marks the project untrusted, and the checklist item.
// The real VS Code test (test/integration/repositoryPrograms.test.ts) shows them on screen.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { resolvePosture } from '../../src/core/config/resolve';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { markUntrustedEdit } from '../../src/core/outside/untrust';
import { DEFAULT_BASELINE } from '../../src/core/present/posture';
import { applyEdits } from '../../src/core/rules/edits';
import { layerNotes } from '../../src/core/rules/layerNotes';
import { evaluateChecklist } from '../../src/core/session/checklist';
import { makeWorld, type TempWorld } from '../support/sandbox';

describe('outside the sandbox: editor and checklist', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  const cloned = async () => {
    w.gitInit('repo');
    w.write('home/.codex/config.toml', 'sandbox_mode = "workspace-write"\n');
    const file = w.write('repo/.codex/config.toml', '# tools\n[mcp_servers.x]\ncommand = "sh"\nargs = ["-c", "echo hi"]\n');
    const s = await resolvePosture({
      cwd: w.path('repo'),
      codexHome: w.codexHome,
      home: w.home,
      systemDir: w.mkdir('etc'),
      env: { PATH: '/bin' },
    });
    return { s, file };
  };

  it('an error note on the line of a repository MCP server that a session would start, naming the project to untrust', async () => {
    const { s, file } = await cloned();
    const notes = layerNotes(file, parseTomlWithPositions(fs.readFileSync(file, 'utf8')), [{ name: 'repo', snapshot: s }], w.home).filter(
      (n) => n.code === 'CP412',
    );
    assert.equal(notes.length, 1);
    assert.equal(notes[0].severity, 'error');
    assert.equal(notes[0].span.line, 3);
    assert.match(
      notes[0].message,
      /^This repository starts `sh -c echo hi` \(MCP server x\) outside the sandbox when a Codex session starts: a Codex session that can write trusts .* by itself \(auto-trust\)\.$/,
    );
    assert.deepEqual(notes[0].untrust, { root: w.path('repo'), userConfig: `${w.codexHome}/config.toml` });
  });

  it('a hook Codex skips until it is trusted gets an information note at its line', async () => {
    w.gitInit('repo');
    const file = w.write(
      'home/.codex/config.toml',
      `[projects."${w.path('repo')}"]\ntrust_level = "trusted"\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "echo"\n`,
    );
    const s = await resolvePosture({ cwd: w.path('repo'), codexHome: w.codexHome, home: w.home, systemDir: w.mkdir('etc'), env: {} });
    const notes = layerNotes(file, parseTomlWithPositions(fs.readFileSync(file, 'utf8')), [{ name: 'repo', snapshot: s }], w.home).filter(
      (n) => n.code === 'CP413',
    );
    assert.deepEqual(
      notes.map((n) => [n.severity, n.span.line]),
      [['information', 6]],
    );
    assert.match(notes[0].message, /^Codex skips this Stop hook: not trusted yet/);
  });

  const tt: { name: string; text: string; want: string | undefined }[] = [
    { name: 'an empty file', text: '', want: '[projects."/r"]\ntrust_level = "untrusted"\n' },
    {
      name: 'after other keys, comments kept',
      text: '# mine\nsandbox_mode = "workspace-write"\n',
      want: '# mine\nsandbox_mode = "workspace-write"\n\n[projects."/r"]\ntrust_level = "untrusted"\n',
    },
    {
      name: 'an existing entry changes its value only',
      text: '[projects."/r"]\ntrust_level = "trusted" # auto\n',
      want: '[projects."/r"]\ntrust_level = "untrusted" # auto\n',
    },
    {
      name: 'a header without trust_level',
      text: '[projects."/r"]\n# nothing yet\n',
      want: '[projects."/r"]\ntrust_level = "untrusted"\n# nothing yet\n',
    },
    { name: 'an inline entry without trust_level: left to the person', text: 'projects = { "/r" = {} }\n', want: undefined },
    { name: 'a file that does not parse: no edit', text: 'sandbox_mode = \n', want: undefined },
  ];
  for (const t of tt) {
    it(`mark untrusted: ${t.name}`, () => {
      const e = markUntrustedEdit(t.text, '/r');
      const out = e && applyEdits(t.text, [e]);
      assert.equal(out, t.want);
      if (out) {
        const p = parseTomlWithPositions(out);
        assert.ok(p.ok && (p.value.projects as Record<string, Record<string, unknown>>)['/r'].trust_level === 'untrusted');
      }
    });
  }

  it('the checklist asks to review the programs, and says when there are none', async () => {
    const { s } = await cloned();
    const input = { now: new Date(), snapshot: s, baseline: DEFAULT_BASELINE, findings: [], gitWarnings: [], expired: [] };
    const item = evaluateChecklist(input).find((i) => i.id === 'outside-reviewed')!;
    assert.equal(item.phase, 'before');
    assert.equal(item.label, 'Programs outside the sandbox reviewed');
    assert.equal(item.state, 'warn');
    assert.equal(item.detail, 'repository MCP server x (sh)');
    const none = await resolvePosture({ cwd: w.mkdir('plain'), codexHome: w.codexHome, home: w.home, systemDir: w.mkdir('etc2'), env: {} });
    assert.equal(evaluateChecklist({ ...input, snapshot: none }).find((i) => i.id === 'outside-reviewed')!.state, 'done');
  });

  it('hostile hooks.json files give a warning or nothing, never a crash', async () => {
    w.mkdir('plain');
    for (const text of [
      '\u0000\u0001binary',
      '{"hooks": ',
      '[1,2,3]',
      '{"hooks": {"SessionStart": "x"}}',
      '{"hooks": {"SessionStart": [{"hooks": [null, 5, {"type": "command"}]}]}}',
      '['.repeat(5000),
    ]) {
      w.write('home/.codex/hooks.json', text);
      const s = await resolvePosture({ cwd: w.path('plain'), codexHome: w.codexHome, home: w.home, systemDir: w.mkdir('etc'), env: {} });
      assert.equal(s.loads, true, text.slice(0, 20));
      assert.ok(
        s.outsideSandbox!.hooks.every((h) => !h.runs),
        text.slice(0, 20),
      );
    }
  });
});
