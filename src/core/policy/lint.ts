// The policy file's problems as lint findings (CP901), so the editor's diagnostics and quick fixes
// treat `.codex-posture.toml` like a Codex config file without a second pipeline.
import * as path from 'node:path';
import { parseTomlWithPositions } from '../config/toml';
import type { LintResult } from '../rules/lint';
import { parsePolicy } from './parse';
import { POLICY_FILE_NAME } from './types';

export function isPolicyFile(fsPath: string): boolean {
  return path.basename(fsPath) === POLICY_FILE_NAME;
}

export function lintPolicyText(text: string, file: string): LintResult {
  const doc = parseTomlWithPositions(text);
  const { problems } = parsePolicy(text, file);
  return {
    parsed: doc.ok,
    doc,
    findings: problems.map((p) => ({
      code: 'CP901',
      severity: p.severity,
      message: p.message,
      span: p.span,
      related: [],
      fixes: p.fix
        ? [{ title: p.fix.title, preferred: true, edits: [{ start: p.fix.start, end: p.fix.end, newText: p.fix.newText }] }]
        : [],
    })),
  };
}
