// The worker hands the extension host bounded lists of what runs outside the sandbox; every count
// the badge, the tooltip, the findings and the checklist show must be the same as from the full
// lists. Checked on a real resolve (a repository with many servers under auto-trust) and on random lists.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as v8 from 'node:v8';
import type { HookInfo, McpServerInfo, OutsideSandbox, PostureSnapshot } from '../../src/core/config/types';
import { resolvePosture } from '../../src/core/config/resolve';
import { boundOutside, omittedCount, outsideTally } from '../../src/core/outside/tally';
import { badgeText, DEFAULT_BASELINE, outsideCount, outsideFindings } from '../../src/core/present/posture';
import { outsideLines } from '../../src/core/present/tooltip';
import { evaluateChecklist } from '../../src/core/session/checklist';
import { makeWorld, type TempWorld } from '../support/sandbox';

function servers(prefix: string, n: number, extra: string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += `[mcp_servers.${prefix}${i}]\n${extra}\n`;
  return out;
}

describe('outside the sandbox: bounded lists, exact counts', () => {
  let w: TempWorld;
  beforeEach(() => (w = makeWorld()));
  afterEach(() => w.dispose());

  async function cloned(): Promise<PostureSnapshot> {
    w.gitInit('repo');
    w.write(
      'home/.codex/config.toml',
      `sandbox_mode = "workspace-write"\n${servers('u', 250, 'command = "node"')}${servers('off', 30, 'command = "node"\nenabled = false')}`,
    );
    w.write('repo/.codex/config.toml', `${servers('r', 40, 'command = "sh"')}${servers('h', 12, 'url = "https://example.test/mcp"')}`);
    return resolvePosture({ cwd: w.path('repo'), codexHome: w.codexHome, home: w.home, systemDir: w.mkdir('etc'), env: { PATH: '/bin' } });
  }

  it('the badge, the findings, the counts, the tooltip totals and the checklist say the same from 50 entries as from 332', async () => {
    const full = await cloned();
    const o = full.outsideSandbox!;
    assert.equal(o.mcpServers.length, 332);
    const bounded = { ...full, outsideSandbox: boundOutside(o, 50) };
    const b = bounded.outsideSandbox!;
    assert.equal(b.mcpServers.length, 50);
    // The repository's own servers come first: they are what the error is about.
    assert.equal(b.mcpServers.filter((m) => m.projectSupplied).length, 50);
    assert.deepEqual(outsideTally(b), outsideTally(o));
    assert.deepEqual(outsideTally(o), {
      mcpStarting: 302,
      mcpNotStarting: 30,
      repositoryStdio: 40,
      repositoryHttp: 12,
      hooksRunning: 0,
      hooksSkipped: 0,
      repositoryHooks: 0,
    });
    assert.deepEqual(omittedCount(b), { mcpServers: 282, hooks: 0 });
    assert.equal(badgeText(bounded, 'error'), badgeText(full, 'error'));
    assert.match(badgeText(full, 'error'), / · 302 outside$/);
    assert.deepEqual(outsideFindings(b), outsideFindings(o));
    assert.equal(outsideCount(b), outsideCount(o));
    // The tooltip shows 8 starting servers either way and the same total; the servers that do not
    // start were all left out of the bounded list, so they are only counted.
    const more = (lines: string[]) => lines.filter((l) => l.startsWith('- … '));
    assert.deepEqual(more(outsideLines(o, w.home)), ['- … 294 more MCP servers', '- … 22 more MCP servers not started']);
    assert.deepEqual(more(outsideLines(b, w.home)), ['- … 294 more MCP servers', '- … 30 more MCP servers not started']);
    // The report lists what it has and counts the rest.
    assert.ok(outsideLines(b, w.home, 'document').includes('- … 252 more MCP servers'));
    const item = (s: PostureSnapshot) =>
      evaluateChecklist({ now: new Date(), snapshot: s, baseline: DEFAULT_BASELINE, findings: [], gitWarnings: [], expired: [] }).find(
        (i) => i.id === 'outside-reviewed',
      )!;
    assert.equal(item(bounded).state, item(full).state);
    assert.equal(item(bounded).state, 'warn');
    assert.match(item(bounded).detail, /; and 282 more$/);
  });

  it('a list within the bound is handed over as it is', async () => {
    const o = (await cloned()).outsideSandbox!;
    const small = { ...o, mcpServers: o.mcpServers.slice(0, 10) };
    assert.equal(boundOutside(small, 50), small);
  });

  it('200,000 servers cross the thread as a few hundred KB, not 58 MB', async () => {
    const o = (await cloned()).outsideSandbox!;
    const one = o.mcpServers[0];
    const many: OutsideSandbox = { ...o, mcpServers: Array.from({ length: 200_000 }, (_, i) => ({ ...one, name: `s${i}` })) };
    const bytes = v8.serialize(boundOutside(many)).length;
    assert.ok(bytes < 500_000, `${bytes} bytes`);
    assert.equal(outsideTally(boundOutside(many)).mcpStarting, outsideTally(many).mcpStarting);
  });

  it('for any lists, bounding keeps every count and never more than the bound of each kind', () => {
    const from = { layer: 'user' as const, file: '/c.toml', line: 1 };
    const mcp = fc.record({ starts: fc.boolean(), projectSupplied: fc.boolean(), http: fc.boolean() }).map((r): McpServerInfo => ({
      name: 'm',
      enabled: true,
      starts: r.starts,
      widens: [],
      projectSupplied: r.projectSupplied,
      from,
      transport: r.http ? 'http' : 'stdio',
      envNames: [],
    }));
    const hook = fc
      .record({ runs: fc.boolean(), projectSupplied: fc.boolean() })
      .map((r): HookInfo => ({ event: 'Stop', command: 'echo', key: 'k', hash: 'h', trust: 'trusted', from, ...r }));
    fc.assert(
      fc.property(fc.array(mcp, { maxLength: 60 }), fc.array(hook, { maxLength: 60 }), fc.integer({ min: 1, max: 30 }), (m, h, max) => {
        const o = { mcpServers: m, hooks: h, notify: null, requirements: [], environment: undefined } as unknown as OutsideSandbox;
        const b = boundOutside(o, max);
        assert.deepEqual(outsideTally(b), outsideTally(o));
        assert.ok(b.mcpServers.length <= max || m.length <= max);
        assert.ok(b.hooks.length <= max || h.length <= max);
        // The repository's own running programs are kept before anything else.
        const repoMcp = m.filter((x) => x.starts && x.projectSupplied).length;
        assert.equal(b.mcpServers.filter((x) => x.starts && x.projectSupplied).length, Math.min(repoMcp, b.mcpServers.length));
      }),
    );
  });
});
