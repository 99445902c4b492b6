// Agent roles in a project's .codex/config.toml against the real codex 0.171: a role whose
// `config_file` is written as `.codex/...` is dropped without a word (Codex resolves it inside
// `.codex/`), and CP209's fix brings it back. Whether a role is in effect is read from
// `debug prompt-input`, which lists the roles (no network, no model). Own HOME and CODEX_HOME.
import * as assert from 'node:assert/strict';
import { applyEdits, lintText } from '../../src/core/rules/lint';
import { makeWorld, type TempWorld } from '../support/sandbox';
import { findCodex } from './oracle';
import { runProc } from './proc';

describe('agent roles: config_file written from the repository root (CP209) vs the real codex', function () {
  this.timeout(120_000);
  const codex = findCodex();
  let w: TempWorld;
  beforeEach(() => (w = makeWorld('cp-agents-')));
  afterEach(() => w.dispose());

  async function roleInPrompt(projectToml: string): Promise<boolean> {
    const repo = w.gitInit('repo');
    w.write('home/.codex/config.toml', `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`);
    w.write('repo/.codex/agents/r.toml', 'model = "codex-posture-role-model"\n');
    w.write('repo/.codex/config.toml', projectToml);
    const r = await runProc(codex, ['debug', 'prompt-input', 'x'], { cwd: repo, env: w.env(), timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.includes('codex-posture-role-model');
  }

  it('".codex/agents/r.toml" drops the role; the fix "agents/r.toml" keeps it', async () => {
    const toml = '[agents.r]\ndescription = "reviewer"\nconfig_file = ".codex/agents/r.toml"\n';
    assert.equal(await roleInPrompt(toml), false, 'codex kept the role');
    const f = lintText(toml, { kind: 'project', file: '/r/repo/.codex/config.toml', projectTrusted: true }).findings.filter(
      (x) => x.code === 'CP209',
    );
    assert.equal(f.length, 1);
    const fixed = applyEdits(toml, f[0].fixes[0].edits);
    w.dispose();
    w = makeWorld('cp-agents-');
    assert.equal(await roleInPrompt(fixed), true, `codex dropped the role after the fix:\n${fixed}`);
    assert.deepEqual(
      lintText(fixed, { kind: 'project', file: '/r/repo/.codex/config.toml', projectTrusted: true }).findings.map((x) => x.code),
      [],
    );
  });
});
