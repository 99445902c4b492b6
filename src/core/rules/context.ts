// The one file a lint run looks at, with what several rules need from it: positions, the table
// Codex uses, the load problems the engine's loader finds, and edits that leave valid TOML. Each
// rule gets it as `ctx` and reports through it.
import * as path from 'node:path';
import { getPath, pathKey, type KeyLocation, type ParsedToml, type Span, type TomlTable } from '../config/toml';
import {
  checkActivePermissions,
  checkFile,
  checkFilesReadAtLoad,
  checkMerged,
  checkModelProvider,
  filesReadAtLoad,
  type ConfigProblem,
} from '../config/validate';
import { ruleInfo, type Severity } from './catalog';
import { eol, removeKeyValue, tableBlock, topLevelInsert, type TextEdit } from './edits';
import type { ConfigFileKind, Finding, Fix, LintOptions, Related } from './types';

export interface ReportExtra {
  readonly related?: Related[];
  readonly fixes?: Fix[];
  readonly severity?: Severity;
}

/** A key path as a person writes it: `mcp_servers.docs.env`, quoting segments that need it. */
export function dotted(p: readonly (string | number)[]): string {
  return p.map((s) => (typeof s === 'string' && /^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s))).join('.');
}

const NO_LOCATIONS: ReadonlyMap<string, KeyLocation> = new Map();

export class LintContext {
  readonly text: string;
  readonly kind: ConfigFileKind;
  readonly isProject: boolean;
  /** The file as written (empty when it does not parse). */
  readonly table: TomlTable;
  /** What Codex uses: a project file without the keys it strips. */
  readonly effective: TomlTable;
  /** The denylisted keys a project file holds. */
  readonly stripped: readonly string[][];
  /** Why Codex refuses this file: the engine's loader's own checks (config/validate.ts). */
  readonly loadProblems: readonly ConfigProblem[];
  readonly locs: ReadonlyMap<string, KeyLocation>;
  /** The file's line ending, for text that fixes insert. */
  readonly nl: string;
  /** The rule that is reporting: rules run one at a time, and synchronously. */
  private code = '';
  // Only fixes need the header offsets; most files have few findings, so collect them on demand.
  private headerStartsMemo?: number[];
  private readonly shared = new Map<string, unknown>();

  constructor(
    readonly parsed: ParsedToml,
    readonly opts: LintOptions,
    private readonly findings: Finding[],
  ) {
    this.text = parsed.text;
    this.kind = opts.kind;
    this.isProject = opts.kind === 'project';
    this.table = parsed.ok ? parsed.value : {};
    this.locs = parsed.ok ? parsed.locations : NO_LOCATIONS;
    this.nl = eol(this.text);
    if (!parsed.ok || opts.kind === 'requirements') {
      this.effective = this.table;
      this.stripped = [];
      this.loadProblems = [];
      return;
    }
    const single = opts.kind === 'project' || opts.kind === 'profile';
    const check = checkFile(this.table, {
      isProject: this.isProject,
      integralFloats: parsed.integralFloats,
      // `[permissions]` without `default_permissions` depends on the other layers; judge it only in
      // the files where Codex's own single-file view applies.
      merged: (t) => [
        ...checkMerged(t).filter((p) => {
          if (p.code === 'CP008' && single) return false;
          return !(p.code === 'CP009' && single && !String(getPath(t, ['default_permissions'])).startsWith(':'));
        }),
        // Only the user file is judged alone: a profile, system or managed file may name a
        // provider the user config defines, which lint does not see.
        ...(opts.kind === 'user' ? [checkModelProvider(t)].filter((p) => p !== undefined) : []),
        ...[checkActivePermissions(t)].filter((p) => p !== undefined),
        // Only a file on disk has a folder relative paths resolve against (not an untitled one).
        ...(opts.pathKind && opts.file && path.isAbsolute(opts.file)
          ? [checkFilesReadAtLoad(filesReadAtLoad(t, path.dirname(opts.file)), opts.pathKind)].filter((p) => p !== undefined)
          : []),
      ],
    });
    this.effective = check.effective;
    this.stripped = check.stripped;
    this.loadProblems = check.problems;
  }

  /** Called by the engine before each rule runs. */
  forRule(code: string): void {
    this.code = code;
  }

  report(message: string, span: Span, extra: ReportExtra = {}): void {
    this.findings.push({
      code: this.code,
      severity: extra.severity ?? ruleInfo(this.code).severity,
      message,
      span,
      related: extra.related ?? [],
      fixes: extra.fixes ?? [],
    });
  }

  /**
   * A result several rules derive from one pass over the file (the unknown-key walk), computed by
   * the first rule that asks.
   */
  once<T>(key: string, compute: () => T): T {
    if (!this.shared.has(key)) this.shared.set(key, compute());
    return this.shared.get(key) as T;
  }

  loc(p: readonly (string | number)[]): KeyLocation | undefined {
    return this.locs.get(pathKey(p));
  }

  keySpan(l: KeyLocation): Span {
    return l.key;
  }

  valueSpan(l: KeyLocation): Span {
    return l.value ?? l.key;
  }

  headerStarts(): number[] {
    if (!this.headerStartsMemo) {
      const seen = new Set<number>();
      for (const l of this.locs.values()) if (l.header) seen.add(l.header.span.start);
      this.headerStartsMemo = [...seen];
    }
    return this.headerStartsMemo;
  }

  topInsert(line: string): TextEdit {
    return topLevelInsert(this.text, this.headerStarts(), line);
  }

  // Removing "a key" must leave valid TOML whatever form it was written in: a `[table]` header
  // goes with its block, the implied parent of a dotted key (`a.b = 1` for `a`) with that line.
  removeEdit(l: KeyLocation): TextEdit {
    if (l.isHeader) {
      const b = tableBlock(this.text, l.key.start, this.headerStarts());
      return { start: b.start, end: b.end, newText: '' };
    }
    if (!l.value) {
      for (const x of this.locs.values()) if (x.value && x.key === l.key) return removeKeyValue(this.text, x);
    }
    return removeKeyValue(this.text, l);
  }

  moveToTop(l: KeyLocation, key: string, preferred: boolean, valueText?: string): Fix {
    const title = `Move ${key} above the first [table] header (top level)`;
    if (!l.value && !l.isHeader) {
      // The implied parent of a dotted key (`tools.web_search = true` below a header): move that line.
      for (const x of this.locs.values()) {
        if (x.value && x.key === l.key)
          return { title, preferred, edits: [this.removeEdit(x), this.topInsert(this.text.slice(x.key.start, x.value.end))] };
      }
    }
    const v = valueText ?? this.text.slice(this.valueSpan(l).start, this.valueSpan(l).end);
    return { title, preferred, edits: [this.removeEdit(l), this.topInsert(`${key} = ${v}`)] };
  }
}
