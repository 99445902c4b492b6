// The status-bar badge in a real VS Code: for each posture the test writes into the fixture's
// CODEX_HOME (outside the workspace, as a user's ~/.codex is), the badge's text, screen-reader
// label and background follow within the watcher's latency. The expected values are what Codex
// 0.171 does with each config (see test/differential for the oracle runs behind them).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { badge, userConfigSuite, type BadgeView } from './badgeHelpers';
import { hoverScreenshot, screenshot, statusBarItemSelector, waitFor } from './helpers';

suite('status-bar badge', () => {
  const { f, trust, withConfig } = userConfigSuite();

  const cases: { name: string; toml: string; text: string; label: RegExp; severity: BadgeView['severity'] }[] = [
    {
      name: 'the team baseline: workspace-write, on-request, network off',
      toml: `sandbox_mode = "workspace-write"\n${trust}`,
      text: '$(shield) Workspace · Ask · net off · web cached',
      label: /^Codex posture: sandbox workspace-write, approval on-request, network off, web search cached$/,
      severity: 'ok',
    },
    {
      name: 'network on inside workspace-write',
      toml: `sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\n${trust}`,
      text: '$(warning) Workspace · Ask · net on · web cached',
      label: /^Codex posture: sandbox workspace-write, approval on-request, network on, web search cached\. Warnings: network is on/,
      severity: 'warning',
    },
    {
      name: 'YOLO: danger-full-access and never',
      toml: `sandbox_mode = "danger-full-access"\napproval_policy = "never"\n${trust}`,
      text: '$(error) Codex: YOLO · web live',
      label:
        /^Codex posture: sandbox danger-full-access, approval never, network on, web search live\. Warnings: sandbox is danger-full-access/,
      severity: 'error',
    },
    {
      name: 'approval never alone',
      toml: `approval_policy = "never"\n${trust}`,
      text: '$(error) Workspace · Never ask · net off · web cached',
      label: /approval never.*Warnings: approval is never/,
      severity: 'error',
    },
    {
      name: 'live web search',
      toml: `web_search = "live"\n${trust}`,
      text: '$(warning) Workspace · Ask · net off · web live',
      label: /web search live\. Warnings: web search is live/,
      severity: 'warning',
    },
    {
      name: 'a config Codex refuses to load',
      toml: `sandbox_mode = "sometimes"\n${trust}`,
      text: '$(error) Codex: config error',
      label: /^Codex posture: config will not load\. Warnings: Codex would refuse to start: .*config\.toml:1:16/,
      severity: 'error',
    },
    {
      name: 'no trust entry: read-only, which differs from the baseline',
      toml: '# nothing set\n',
      text: '$(warning) Read Only · Ask · net off · web cached',
      label:
        /sandbox read-only, approval on-request, network off, web search cached\. Warnings: differs from the team baseline: sandbox read-only/,
      severity: 'warning',
    },
    {
      name: 'explicitly untrusted project',
      toml: `[projects.${JSON.stringify(f.workspace)}]\ntrust_level = "untrusted"\n`,
      text: '$(warning) Workspace · Ask unless trusted · net off · web cached',
      label: /approval untrusted/,
      severity: 'warning',
    },
    {
      name: 'approve for me (automatic review)',
      toml: `approvals_reviewer = "auto_review"\n${trust}`,
      text: '$(shield) Workspace · Approve for me · net off · web cached',
      label: /approval on-request with automatic review, network off/,
      severity: 'ok',
    },
    {
      name: 'a permission profile with network',
      toml: `default_permissions = "dev"\n${trust}[permissions.dev]\nextends = ":workspace"\n[permissions.dev.network]\nenabled = true\n`,
      text: '$(warning) Workspace · Ask · net on · web cached',
      label: /network on/,
      severity: 'warning',
    },
  ];

  for (const c of cases) {
    test(`posture: ${c.name}`, async () => {
      const b = await withConfig(c.toml, c.text);
      assert.match(b.label, c.label);
      assert.equal(b.severity, c.severity);
      const expected =
        c.severity === 'error' ? 'statusBarItem.errorBackground' : c.severity === 'warning' ? 'statusBarItem.warningBackground' : undefined;
      assert.equal(b.background, expected);
    });
  }

  test('the tooltip gives provenance as file links and escapes text from files', async () => {
    // A text no earlier case had, so the wait cannot match a stale badge.
    const toml = `sandbox_mode = "workspace-write"\nweb_search = "disabled"\n[sandbox_workspace_write]\nnetwork_access = true\n${trust}`;
    const b = await withConfig(toml, '$(warning) Workspace · Ask · net on · web off');
    assert.match(
      b.tooltip,
      /\| Sandbox \| \*\*workspace\\-write\*\* \| user \[.*config\\\.toml:1\]\(file:\/\/\/.*config\.toml#L1 "Open at line 1"\) \|/,
    );
    assert.match(b.tooltip, /\| Network \| \*\*on\*\* \| user \[.*config\\\.toml:4\]\(file:\/\/.*#L4 "Open at line 4"\)/);
    await screenshot('badge-tooltip');
    assert.doesNotMatch(b.tooltip, /command:/);
  });

  test('the real codex confirms the posture through app-server config/read', async function () {
    this.timeout(60_000);
    const repo = vscode.extensions.getExtension('catlab-kit.codex-posture')!.extensionPath;
    const codex = path.join(repo, 'node_modules', '.bin', 'codex');
    await vscode.workspace.getConfiguration('codexPosture').update('codexPath', codex, vscode.ConfigurationTarget.Global);
    try {
      await withConfig(
        `sandbox_mode = "workspace-write"\napproval_policy = "on-request"\n${trust}`,
        '$(shield) Workspace · Ask · net off · web cached',
      );
      const b = await waitFor(
        async () => {
          const v = await badge();
          return /\*\*Codex:\*\* confirmed by codex 0\\.171\\.0/.test(v.tooltip) ? v : undefined;
        },
        {
          timeoutMs: 45_000,
          what: `codex confirmation (tooltip: ${(await badge()).tooltip.split('\n').find((l) => l.includes('Codex:'))})`,
        },
      );
      assert.equal(b.severity, 'ok');
    } finally {
      await vscode.workspace.getConfiguration('codexPosture').update('codexPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  // The cloned-repository case as a new user meets it: no trust entry, a user config that lets the
  // sandbox write, a repository whose .codex/config.toml asks for YOLO, the real codex on PATH.
  // config/read runs before the session writes the trust entry; the confirmation must compare the
  // session's posture with codex's config as that session reads it, not cry drift.
  test('cloned repository with a YOLO .codex/config.toml: YOLO through auto-trust, confirmed by codex with no drift', async function () {
    this.timeout(90_000);
    const repo = vscode.extensions.getExtension('catlab-kit.codex-posture')!.extensionPath;
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'codex-on-path-'));
    fs.symlinkSync(path.join(repo, 'node_modules', '.bin', 'codex'), path.join(bin, 'codex'));
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
    const dotCodex = path.join(f.workspace, '.codex');
    const projectFile = path.join(dotCodex, 'config.toml');
    try {
      fs.mkdirSync(dotCodex, { recursive: true });
      fs.writeFileSync(projectFile, 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n');
      const b0 = await withConfig('sandbox_mode = "workspace-write"\n', '$(error) Codex: YOLO · web live');
      assert.equal(b0.severity, 'error');
      const line = (t: string) => t.split('\n').find((l) => l.includes('**Codex:**'));
      const b = await waitFor(
        async () => {
          const v = await badge();
          // The first answer may still be the one for the folder before it; wait for this folder's.
          return /\*\*Codex:\*\* (confirmed by codex \S+ \\\(a session start trusts|codex \S+ disagrees)/.test(v.tooltip) ? v : undefined;
        },
        { timeoutMs: 60_000, what: `codex confirmation (tooltip: ${line((await badge()).tooltip)})` },
      );
      assert.match(line(b.tooltip) ?? '', /^\*\*Codex:\*\* confirmed by codex 0\\.171\\.0 \\\(a session start trusts this project/);
      assert.doesNotMatch(b.tooltip, /disagrees/);
      assert.doesNotMatch(b.label, /codex disagrees/);
      // Where YOLO comes from: the project file, which applies because the session start trusts it.
      assert.match(b.tooltip, /\| Sandbox \| \*\*danger\\-full\\-access\*\* \| project \[.*\.codex\/config\\\.toml:1\]/);
      assert.match(b.tooltip, /A session start trusts this project and applies its \.codex\/config\.toml/);
      const shot = await hoverScreenshot('badge-cloned-repo-yolo-confirmed', statusBarItemSelector('codexPosture.badge'));
      if (shot) assert.ok(shot.hovered, shot.error);
      // config/read wrote nothing: the user config still has no trust entry.
      assert.equal(fs.readFileSync(path.join(f.codexHome, 'config.toml'), 'utf8'), 'sandbox_mode = "workspace-write"\n');
    } finally {
      process.env.PATH = savedPath;
      fs.rmSync(dotCodex, { recursive: true, force: true });
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
