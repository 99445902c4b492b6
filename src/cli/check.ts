// `codex-posture check [--cwd DIR]` with no FILE: the effective posture of DIR (every layer, as
// `status` computes it) against the team policy found for DIR. Exit 0 compliant, 1 on a violation,
// a config Codex refuses, or a policy file with errors; 2 on bad usage.
import * as path from 'node:path';
import { codexHomeOptions } from '../core/config/codexHome';
import { resolvePosture } from '../core/config/resolve';
import { checkPosture, loadPolicyFor, outsidePrograms, POLICY_FILE_NAME, type PolicyViolation } from '../core/policy';
import { loadFailure } from '../core/present/posture';
import { toJson, toSarif, type FileFindings } from '../core/rules/format';
import type { Finding } from '../core/rules/types';
import type { Io } from './args';

export async function checkFolder(
  dir: string,
  format: 'text' | 'json' | 'sarif',
  io: Io,
  version: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const found = await loadPolicyFor(dir);
  if (!found) {
    io.err(`codex-posture: no ${POLICY_FILE_NAME} for ${dir} (looked in it and its parents up to the repository root); nothing to check`);
    if (format !== 'text') io.out(JSON.stringify(format === 'json' ? toJson([]) : toSarif([], version, (p) => p), null, 2));
    return 0;
  }
  // Locations are relative to the folder that holds the policy: the repository root, which is what
  // code scanning resolves SARIF paths against.
  const root = path.dirname(found.file);
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  if (found.readError) {
    io.err(`codex-posture: cannot read ${found.file}: ${found.readError}`);
    return 2;
  }
  const findings: Finding[] = found.problems.map((p) => ({
    code: 'CP901',
    severity: p.severity,
    message: p.message,
    span: p.span,
    related: [],
    fixes: [],
  }));
  const snapshot = await resolvePosture({ cwd: dir, ...codexHomeOptions(env) });
  let violations: PolicyViolation[] = [];
  if (!snapshot.loads) {
    io.err(`codex-posture: ${dir}: ${loadFailure(snapshot)}`);
  } else if (found.policy) {
    violations = checkPosture(snapshot, found.policy, await outsidePrograms(snapshot));
  }
  for (const v of violations) {
    findings.push({
      code: 'CP900',
      severity: 'error',
      message: v.message,
      span: v.ruleSpan,
      related: v.from?.file ? [{ message: `${v.value} is set here`, file: v.from.file }] : [],
      fixes: [],
      // The rule, the value and the file it comes from: stable across edits that only move lines.
      fingerprint: `${v.rule}|${v.value}|${v.from?.file ? rel(v.from.file) : (v.from?.arg ?? v.from?.layer ?? '')}`,
    });
  }
  findings.sort((a, b) => a.span.start - b.span.start);
  const files: FileFindings[] = [{ path: found.file, findings }];
  if (format === 'json') io.out(JSON.stringify(toJson(files), null, 2));
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(files, version, rel), null, 2));
  else {
    for (const f of findings) io.out(`${found.file}:${f.span.line}:${f.span.column}: ${f.severity} ${f.code} ${f.message}`);
    if (snapshot.loads && !findings.some((f) => f.severity === 'error')) io.out(`${dir}: compliant with ${found.file}`);
  }
  return !snapshot.loads || findings.some((f) => f.severity === 'error') ? 1 : 0;
}
