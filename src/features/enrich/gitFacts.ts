// Turns the git posture of a folder into the badge's git facts: warnings judged by the team's
// branch policy, and one summary line for the tooltip.
import * as vscode from 'vscode';
import { describeChanges, evaluateGitPosture, type GitPosture } from '../../core/git';
import type { Enricher, GitFacts } from '../posture/postureService';
import type { GitPostureSource } from './gitPosture';
import { gitRulesFor, loadPolicyFor } from '../../core/policy';
import * as settings from '../../host/settings';

export function gitSummary(g: GitPosture): string {
  if (g.kind === 'no-repository') return 'no git repository';
  if (g.kind === 'unknown') return `unknown${g.reason ? ` (${g.reason})` : ''}`;
  const where = g.detached ? `detached HEAD${g.head ? ` at ${g.head.slice(0, 8)}` : ''}` : (g.branch ?? '(no branch)');
  return `${where} · ${describeChanges(g) || 'clean'}`;
}

export function gitEnricher(source: GitPostureSource): Enricher<GitFacts> {
  return {
    onDidChange: source.onDidChange,
    async describe(folder: vscode.WorkspaceFolder): Promise<GitFacts> {
      const g = await source.get(folder.uri);
      // The repository's [git] rules win over the personal settings where the policy sets them.
      const warnings = evaluateGitPosture(
        g,
        gitRulesFor(
          await loadPolicyFor(folder.uri.fsPath).catch(() => undefined),
          settings.protectedBranches(folder),
          settings.featureBranchPattern(folder),
        ),
      );
      return {
        posture: g,
        summary: gitSummary(g),
        findings: warnings.map((w) => ({ severity: 'warning' as const, code: w.code, message: w.message })),
      };
    },
  };
}
