// Output formats of `codex-posture lint`: text for people, JSON (a contract other tools read) and
// SARIF 2.1.0 for GitHub code scanning. Findings never carry secret values (see secrets.ts).
import { createHash } from 'node:crypto';
import { RULES, ruleAnchor } from './catalog';
import type { Finding } from './lint';

export interface FileFindings {
  readonly path: string;
  readonly findings: readonly Finding[];
}

const README_URL = 'https://github.com/catlab-kit/codex-posture/blob/main/README.md';

export function toJson(files: readonly FileFindings[]): object {
  return {
    files: files.map((f) => ({
      path: f.path,
      findings: f.findings.map((x) => ({
        code: x.code,
        severity: x.severity,
        message: x.message,
        line: x.span.line,
        column: x.span.column,
        endLine: x.span.endLine,
        endColumn: x.span.endColumn,
      })),
    })),
  };
}

export function toText(files: readonly FileFindings[]): string {
  const lines: string[] = [];
  let errors = 0;
  let others = 0;
  for (const f of files) {
    for (const x of f.findings) {
      if (x.severity === 'error') errors++;
      else others++;
      lines.push(`${f.path}:${x.span.line}:${x.span.column}: ${x.severity} ${x.code} ${x.message}`);
    }
  }
  lines.push(
    `${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${others} other finding${others === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}

function sarifLevel(sev: Finding['severity']): 'error' | 'warning' | 'note' {
  return sev === 'error' ? 'error' : sev === 'warning' ? 'warning' : 'note';
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** SARIF 2.1.0; `uriBase` makes locations relative (GitHub wants repository-relative paths). */
export function toSarif(files: readonly FileFindings[], version: string, toUri: (p: string) => string): object {
  const used = new Set(files.flatMap((f) => f.findings.map((x) => x.code)));
  const rules = RULES.filter((r) => used.has(r.code));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'codex-posture',
            version,
            informationUri: README_URL,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              // Code scanning shows fullDescription and help on the alert page (GitHub's GH2012).
              fullDescription: { text: r.summary },
              help: {
                text: `${r.summary} See ${README_URL}#${ruleAnchor(r.code)}`,
                markdown: `${r.summary}\n\n[${r.code} in the Codex Posture README](${README_URL}#${ruleAnchor(r.code)})`,
              },
              helpUri: `${README_URL}#${ruleAnchor(r.code)}`,
              defaultConfiguration: { level: sarifLevel(r.severity) },
            })),
          },
        },
        results: files.flatMap((f) =>
          f.findings.map((x) => ({
            ruleId: x.code,
            ruleIndex: rules.findIndex((r) => r.code === x.code),
            level: sarifLevel(x.severity),
            message: { text: x.message },
            // Code scanning matches results across runs by this, not by line: a finding that moves
            // with an edit above it stays the same alert.
            partialFingerprints: { 'codexPosture/v1': fingerprint(x.code, toUri(f.path), x.fingerprint ?? x.message) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(f.path) },
                  region: { startLine: x.span.line, startColumn: x.span.column, endLine: x.span.endLine, endColumn: x.span.endColumn },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
