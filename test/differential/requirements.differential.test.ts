// The exported requirements.toml, loaded by the real codex 0.171: a configured value the policy
// forbids falls back to an allowed one (with a warning), an unlisted MCP server is disabled, and the
// engine says the same. Codex reads requirements only from /etc/codex (and cloud / MDM sources), so
// each run gets a private /etc: a user and mount namespace (`unshare -Urm`) with an overlay over
// /etc whose upper layer is a temp folder. Nothing outside the temp folder is written.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppServerClient } from '../../src/core/codex/appServer';
import { resolvePosture } from '../../src/core/config/resolve';
import { parsePolicy, policyToRequirements } from '../../src/core/policy';
import { makeWorld, type TempWorld } from '../support/sandbox';
import { findCodex } from './oracle';

const POLICY = `allowed_sandbox_modes = ["read-only", "workspace-write"]
allowed_approval_policies = ["on-request"]
allowed_web_search_modes = ["disabled", "cached"]
allow_network_access = false

[mcp_servers.docs.identity]
command = "docs-server"
`;

/** A script that runs codex with `requirements` as /etc/codex/requirements.toml, in its own namespaces. */
function wrapper(w: TempWorld, requirements: string, codex: string): string {
  const up = w.mkdir('etc-overlay/up');
  const work = w.mkdir('etc-overlay/work');
  const req = w.write('etc-overlay/requirements.toml', requirements);
  const script = w.write(
    'codex-with-requirements.sh',
    [
      '#!/bin/sh',
      '# exec keeps one process group, so the app-server client can end everything it started.',
      `exec unshare -Urm sh -c 'mount -t overlay overlay -o lowerdir=/etc,upperdir="$1",workdir="$2" /etc && mkdir -p /etc/codex && cp "$3" /etc/codex/requirements.toml && c="$4" && shift 4 && exec "$c" "$@"' sh ${[up, work, req, codex].map((s) => `'${s}'`).join(' ')} "$@"`,
      '',
    ].join('\n'),
  );
  execFileSync('chmod', ['+x', script]);
  return script;
}

describe('exported requirements.toml in the real codex 0.171', function () {
  this.timeout(120_000);
  let w: TempWorld;
  before(function () {
    const probe = spawnSync('unshare', ['-Urm', 'true'], { stdio: 'ignore' });
    if (probe.status !== 0) this.skip();
  });
  beforeEach(() => (w = makeWorld('cp-req-')));
  afterEach(() => w.dispose());

  it('falls back from forbidden values to allowed ones, and disables an unlisted MCP server', async () => {
    const { policy, problems } = parsePolicy(POLICY, '/repo/.codex-posture.toml');
    assert.deepEqual(problems, []);
    const exported = policyToRequirements(policy!).text;
    const repo = w.gitInit('repo');
    w.write(
      'home/.codex/config.toml',
      'sandbox_mode = "danger-full-access"\napproval_policy = "never"\nweb_search = "live"\n[mcp_servers.docs]\ncommand = "docs-server"\n[mcp_servers.other]\ncommand = "other-server"\n',
    );
    const exe = wrapper(w, exported, findCodex());
    const warnings: string[] = [];
    const started = await AppServerClient.with({ executable: exe, env: w.env(), cwd: repo }, async (c) => {
      c.onNotification((n) => {
        if (n.method === 'configWarning') warnings.push(String((n.params as { summary?: string }).summary ?? ''));
      });
      await c.initialize();
      // Ephemeral, and no MCP server here can start: neither command exists on this machine.
      return c.threadStart({ cwd: repo, ephemeral: true });
    });
    assert.equal(started.sandbox.type, 'readOnly', JSON.stringify(started.sandbox));
    assert.equal(started.approvalPolicy, 'on-request');
    assert.ok(
      warnings.some((x) => /sandbox_mode.*DangerFullAccess.*not in the allowed set.*requirements\.toml/.test(x)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((x) => /web_search_mode.*falling back to required value Cached/.test(x)),
      warnings.join('\n'),
    );

    const list = spawnSync(exe, ['mcp', 'list', '--json'], { env: w.env(), cwd: repo, encoding: 'utf8', timeout: 60_000 });
    // codex prints JSON5-style trailing commas here; compare the lines, not a parse.
    const other = /"name": "other",\s*"enabled": false,\s*"disabled_reason": "requirements \(\/etc\/codex\/requirements\.toml\)"/.test(
      list.stdout,
    );
    const docs = /"name": "docs",\s*"enabled": true/.test(list.stdout);
    assert.ok(other && docs, list.stdout + list.stderr);

    // The engine, pointed at the same requirements, agrees on every fallback.
    const systemDir = path.join(w.root, 'etc-codex');
    mkdirSync(systemDir, { recursive: true });
    writeFileSync(path.join(systemDir, 'requirements.toml'), exported);
    const snap = await resolvePosture({ cwd: repo, codexHome: w.codexHome, systemDir });
    assert.equal(snap.sandbox?.value, 'read-only');
    assert.equal(snap.approval?.value, 'on-request');
    assert.equal(snap.webSearch?.value, 'cached');
  });
});
