// `codex-posture lint` and `codex-posture check`: the lint rules over files named on the command
// line, for CI and pre-commit hooks. Exit 0: no error-severity finding; 1: at least one; 2: usage.
import * as os from 'node:os';
import * as path from 'node:path';
import { directoryArg, parseCommandLine, type Io, type Options } from './args';
import { codexHomeOptions } from '../core/config/codexHome';
import { UsageError } from '../core/config/launchArgs';
import { resolvePosture } from '../core/config/resolve';
import { pathKindSync, readConfigFile } from '../core/config/readConfigFile';
import { toJson, toSarif, toText, type FileFindings } from '../core/rules/format';
import { layerNotes, softenErrorsOfIgnoredFile, type FolderPosture } from '../core/rules/layerNotes';
import { repositoriesIn } from '../core/config/repositories';
import { inferKind, lintText, type Finding } from '../core/rules/lint';
import { DEFAULT_POLICY, parseForbid, policyFindings, type PolicyRule } from '../core/rules/policy';
import { spanOf } from '../core/rules/edits';
import { checkFolder } from './check';

const LINT_OPTIONS = {
  format: { type: 'string' },
  forbid: { type: 'string', multiple: true },
  cwd: { type: 'string' },
} as const satisfies Options;

export async function lintCommand(
  command: 'lint' | 'check',
  args: string[],
  io: Io,
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  // Files are positionals, in order; after `--` every argument is a file, even `-h`.
  const { values, positionals: files } = parseCommandLine(args, LINT_OPTIONS, true, (name) => `unknown option '${name}' for ${command}`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif')
    throw new UsageError(`--format takes text, json or sarif, not '${format}'`);
  const policy: PolicyRule[] = command === 'check' ? [...DEFAULT_POLICY] : [];
  for (const v of values.forbid ?? []) {
    const rule = parseForbid(v);
    if (!rule) throw new UsageError(`--forbid takes sandbox=MODE, approval=POLICY, web_search=MODE or network, not '${v}'`);
    policy.push(rule);
  }
  const sessionDir = values.cwd;
  // `check` with no FILE checks a folder's effective posture against the repository's policy.
  if (command === 'check' && files.length === 0) return checkFolder(await directoryArg(sessionDir ?? '.'), format, io, version, env);
  if (files.length === 0) throw new UsageError(`${command} needs at least one FILE`);
  // With --cwd, the findings only the layered posture knows, for a session started there (as the
  // editor shows them): keys another layer overrides (CP207), an ignored untrusted project (CP206).
  // Opt-in: a CI machine has no trust table, so every project config would read as ignored.
  const folders: FolderPosture[] = [];
  if (sessionDir !== undefined) {
    const dir = await directoryArg(sessionDir);
    folders.push({ name: path.basename(dir), snapshot: await resolvePosture({ cwd: dir, ...codexHomeOptions(env) }) });
  }
  const results: FileFindings[] = [];
  let unreadable = false;
  for (const f of files) {
    // The engine's reader: bounded size, no blocking on a FIFO, clear words for a symlink loop,
    // a directory or bytes that are not UTF-8.
    const read = await readConfigFile(f);
    let text = '';
    let notUtf8: string | undefined;
    if (read.kind === 'text') text = read.text;
    else if (read.kind === 'error' && read.byteOffset !== undefined) notUtf8 = read.message;
    else {
      io.err(`codex-posture: cannot read ${f}: ${read.kind === 'missing' ? 'no such file' : read.message}`);
      unreadable = true;
      continue;
    }
    const kind = inferKind(path.resolve(f));
    const lint =
      notUtf8 === undefined
        ? lintText(text, { kind, file: path.resolve(f), pathKind: pathKindSync, home: env.HOME || os.homedir(), repositoriesIn })
        : undefined;
    const notes = lint && folders.length ? layerNotes(path.resolve(f), lint.doc, folders, env.HOME || os.homedir()) : [];
    const all: Finding[] = [
      ...softenErrorsOfIgnoredFile(lint?.findings ?? [], notes),
      ...notes.map((n) => ({ code: n.code, severity: n.severity, message: n.message, span: n.span, related: [], fixes: [] })),
      ...(lint && kind !== 'requirements' ? policyFindings(lint.doc, policy) : []),
    ];
    if (notUtf8 !== undefined) {
      all.push({
        code: 'CP001',
        severity: 'error',
        message: `The file ${notUtf8}; Codex refuses to load it.`,
        span: spanOf('', 0, 0),
        related: [],
        fixes: [],
      });
    }
    all.sort((a, b) => a.span.start - b.span.start);
    results.push({ path: f, findings: all });
  }
  const cwd = process.cwd();
  if (format === 'json') io.out(JSON.stringify(toJson(results), null, 2));
  else if (format === 'sarif')
    io.out(
      JSON.stringify(
        toSarif(results, version, (p) => path.relative(cwd, path.resolve(p)).split(path.sep).join('/')),
        null,
        2,
      ),
    );
  else io.out(toText(results));
  if (unreadable) return 2;
  return results.some((r) => r.findings.some((x) => x.severity === 'error')) ? 1 : 0;
}
