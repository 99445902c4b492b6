// Restricted Mode: the badge still shows the posture (files are only read and parsed), says so in
// its tooltip, and the extension starts no process at all.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { badge } from './badgeHelpers';
import { activateExtension, settle, waitFor } from './helpers';


/** `pid:command` of every descendant of a process, from /proc. */
function childrenOf(root: number): string[] {
  const parent = new Map<number, { ppid: number; comm: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      parent.set(Number(entry), { ppid: Number(stat.slice(close + 2).split(' ')[1]), comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // The process ended while it was being read.
    }
  }
  const out: string[] = [];
  for (const [pid, p] of parent) {
    for (let up = p.ppid, hops = 0; up > 1 && hops < 64; up = parent.get(up)?.ppid ?? 0, hops++) {
      if (up === root) {
        out.push(`${pid}:${p.comm}`);
        break;
      }
    }
  }
  return out;
}

suite('badge in Restricted Mode', () => {
  test('shows the posture, says Restricted Mode, and spawns nothing', async () => {
    // Node's child_process functions cannot be wrapped (non-configurable getters), so /proc is
    // sampled for children of this extension host while the extension refreshes; the tooltip must
    // also say that neither git nor codex was asked.
    const before = new Set(childrenOf(process.pid));
    const seen = new Set<string>();
    const sampler = setInterval(() => {
      for (const c of childrenOf(process.pid)) if (!before.has(c)) seen.add(c);
    }, 20);
    try {
      await activateExtension();
      await vscode.commands.executeCommand('codexPosture.refresh');
      const b = await waitFor(async () => {
        const v = await badge();
        return /Restricted Mode/.test(v.tooltip) && /^Codex posture: sandbox/.test(v.label) ? v : undefined;
      }, { timeoutMs: 15_000, what: 'badge with the Restricted Mode note' });
      assert.match(b.text, /Workspace|Read Only|Full Access|YOLO/);
      await settle(2000);
      assert.match(b.tooltip, /\*\*Codex:\*\* not asked \\\(Restricted Mode starts no process/);
      assert.match(b.tooltip, /\*\*Git:\*\* unknown \\\(Restricted Mode/);
      // VS Code's own helpers (ripgrep for workspace.findFiles, shells it starts) may appear; what
      // the extension itself could start is git or codex, and neither may.
      assert.deepEqual([...seen].filter((c) => /:(git|codex)$/.test(c)), [], `no git or codex process (children seen: ${[...seen].join(', ') || 'none'})`);
    } finally {
      clearInterval(sampler);
    }
  });
});
