// What a lint run produces, apart from the rules that produce it: the secret rules and the rule
// modules build findings and fixes, and the engine that runs them must not be their dependency.
import type { Span } from '../config/toml';
import type { Severity } from './catalog';
import type { TextEdit } from './edits';

export type ConfigFileKind = 'user' | 'profile' | 'system' | 'project' | 'requirements' | 'managed';

export interface Fix {
  readonly title: string;
  readonly preferred?: boolean;
  readonly edits: readonly TextEdit[];
  /** A file the fix creates (absolute path), e.g. a profile migrated out of `[profiles.x]`. */
  readonly createFile?: { readonly path: string; readonly content: string };
  /** What the user should do next, shown after the fix is applied. */
  readonly note?: string;
}

export interface Related {
  readonly message: string;
  /** Another file; absent means the same file. */
  readonly file?: string;
  readonly span?: Span;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly Related[];
  readonly fixes: readonly Fix[];
  /** What identifies the finding across edits that move lines (SARIF partialFingerprints); default: code and message. */
  readonly fingerprint?: string;
}

export interface LintOptions {
  readonly kind: ConfigFileKind;
  /** Absolute path, for fixes that create files next to it. */
  readonly file?: string;
  /**
   * What is at a path the file names for Codex to read while loading (`model_instructions_file`,
   * ...); without it those files are not checked. Callers that may touch the disk pass
   * `pathKindSync` (config/readConfigFile.ts).
   */
  readonly pathKind?: (file: string) => 'file' | 'not-file' | 'missing';
  /** Trust of the project a project file belongs to (false: untrusted, null: no entry). */
  readonly projectTrusted?: boolean | null;
  /**
   * The posture the team chose (the `codexPosture.baseline` setting, when someone set it). Network
   * on and live web search are deliberate choices in many teams: warnings only where this baseline
   * excludes them, information otherwise.
   */
  readonly baseline?: { readonly networkAccess: boolean; readonly webSearch: readonly string[] };
  /** The user's home folder (default: $HOME), for trust entries that name it. */
  readonly home?: string;
  /**
   * How many git repositories sit directly in `dir` (undefined: not a folder, or the folder is a
   * repository itself). Given by callers that may read the disk; lint itself reads no folder.
   */
  readonly repositoriesIn?: (dir: string) => number | undefined;
}
