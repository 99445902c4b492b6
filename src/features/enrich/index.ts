// The enricher chunk (dist/extension.enrich.js, see scripts/build.mjs): git state and Codex's own
// confirmation. Both arrive after the posture anyway (postureService.ts), so their code loads on
// the first enrichment, once the first badge is up.
import * as vscode from 'vscode';
import { CodexCheck } from './codexCheck';
import { gitEnricher } from './gitFacts';
import { GitPostureSource } from './gitPosture';
import type { CodexFacts, Enricher, GitFacts } from '../posture/postureService';

export function createEnrichers(log: vscode.LogOutputChannel): { git: Enricher<GitFacts>; codex: Enricher<CodexFacts>; disposable: vscode.Disposable } {
  const source = new GitPostureSource(log, { isTrusted: () => vscode.workspace.isTrusted });
  return { git: gitEnricher(source), codex: new CodexCheck(log), disposable: source };
}
