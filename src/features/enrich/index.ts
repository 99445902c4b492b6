// Git state and Codex's own confirmation, which enrich the posture after it is shown
// (postureService.ts): set up on the first enrichment, once the first badge is up.
import * as vscode from 'vscode';
import type { CodexFacts, Enricher, GitFacts } from '../posture/postureService';
import { CodexCheck } from './codexCheck';
import { gitEnricher } from './gitFacts';
import { GitPostureSource } from './gitPosture';

export interface Enrichers extends vscode.Disposable {
  readonly git: Enricher<GitFacts>;
  readonly codex: Enricher<CodexFacts>;
}

export function createEnrichers(log: vscode.LogOutputChannel): Enrichers {
  const source = new GitPostureSource(log, { isTrusted: () => vscode.workspace.isTrusted });
  const codex = new CodexCheck(log);
  return {
    git: gitEnricher(source),
    codex,
    dispose: () => {
      source.dispose();
      codex.dispose();
    },
  };
}
