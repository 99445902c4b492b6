// Security review, as tests: where processes are started, with which executable, and
// never through a shell. Read from the TypeScript AST of src/ (the `typescript` package), so a
// comment or a string that mentions `exec(` does not count and an aliased import does.
//
// The analysis is complete only if child_process is reached through static imports, so anything
// else (require, dynamic import, passing execFile around as a value) fails the test by itself.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { absolutePathEntries, locateCodex } from '../../src/core/codex/locate';
import { readGitPostureCli } from '../../src/core/git/gitCli';
import { makeWorld } from '../support/sandbox';

const root = path.resolve(__dirname, '../../..');
const CHILD_PROCESS = new Set(['child_process', 'node:child_process']);
const PROCESS_FUNCTIONS = new Set(['exec', 'execSync', 'execFile', 'execFileSync', 'spawn', 'spawnSync', 'fork']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? tsFiles(path.join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
          ? [path.join(dir, e.name)]
          : [],
    )
    .sort();
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    parsed.set(file, sf);
  }
  return sf;
}

const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
const where = (n: ts.Node): string =>
  `${rel(n.getSourceFile().fileName)}:${n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1}`;

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

interface SpawnSite {
  readonly file: string;
  readonly at: string;
  readonly fn: string;
  readonly call: ts.CallExpression;
}

/** Every call of a child_process function in `file`, plus what escapes the analysis. */
function spawnSites(file: string): { sites: SpawnSite[]; problems: string[] } {
  const sf = parse(file);
  const named = new Map<string, string>(); // local name -> child_process export
  const namespaces = new Set<string>();
  const importNodes = new Set<ts.Node>();
  const problems: string[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && CHILD_PROCESS.has(st.moduleSpecifier.text)) {
      importNodes.add(st);
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) namespaces.add(clause.name.text);
      const b = clause.namedBindings;
      if (b && ts.isNamespaceImport(b)) namespaces.add(b.name.text);
      if (b && ts.isNamedImports(b)) {
        for (const el of b.elements) {
          if (el.isTypeOnly) continue;
          const imported = (el.propertyName ?? el.name).text;
          if (!PROCESS_FUNCTIONS.has(imported))
            problems.push(
              `${where(el)}: imports ${imported} from child_process (types only, or one of ${[...PROCESS_FUNCTIONS].join(', ')})`,
            );
          named.set(el.name.text, imported);
        }
      }
    }
  }
  const sites: SpawnSite[] = [];
  walk(sf, (n) => {
    if (ts.isCallExpression(n)) {
      const arg0 = n.arguments[0];
      const loadsModule =
        (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require')) &&
        arg0 &&
        ts.isStringLiteralLike(arg0) &&
        CHILD_PROCESS.has(arg0.text);
      if (loadsModule) problems.push(`${where(n)}: child_process loaded with ${n.expression.getText()}(): use a static import`);
      const callee = n.expression;
      if (ts.isIdentifier(callee) && named.has(callee.text))
        sites.push({ file: rel(file), at: where(n), fn: named.get(callee.text)!, call: n });
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && namespaces.has(callee.expression.text)) {
        sites.push({ file: rel(file), at: where(n), fn: callee.name.text, call: n });
      }
    }
    // A child_process function used as a value (promisify(execFile), const run = spawn) would start
    // processes at call sites this test cannot see.
    if (
      ts.isIdentifier(n) &&
      (named.has(n.text) || namespaces.has(n.text)) &&
      ![...importNodes].some((i) => n.pos >= i.pos && n.end <= i.end)
    ) {
      const p = n.parent;
      const isCallee = ts.isCallExpression(p) && p.expression === n;
      const isNamespaceAccess =
        ts.isPropertyAccessExpression(p) && p.expression === n && ts.isCallExpression(p.parent) && p.parent.expression === p;
      if (!isCallee && !isNamespaceAccess) problems.push(`${where(n)}: ${n.text} from child_process is used as a value`);
    }
  });
  return { sites, problems };
}

const srcFiles = tsFiles(path.join(root, 'src'));
const all = srcFiles.map(spawnSites);
const sites = all.flatMap((a) => a.sites);

/** The object literal passed as options (third argument of execFile/spawn with an argv array). */
function optionsOf(site: SpawnSite): ts.ObjectLiteralExpression | undefined {
  const o = site.call.arguments[2];
  return o && ts.isObjectLiteralExpression(o) ? o : undefined;
}
function property(o: ts.ObjectLiteralExpression | undefined, name: string): ts.ObjectLiteralElementLike | undefined {
  return o?.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === name);
}

describe('security: processes (static, over the AST of src/)', () => {
  it('child_process is only reached through static imports and direct calls', () => {
    assert.deepEqual(
      all.flatMap((a) => a.problems),
      [],
    );
  });

  it('every process is started at one of five known sites, by execFile or spawn', () => {
    // Adding a site is a security decision: extend this table in the same change, and make the new
    // site take its executable from PATH or from locateCodex (the machine-scoped setting).
    assert.deepEqual(
      sites.map((s) => [s.file, s.fn, s.call.arguments[0]?.getText()]),
      [
        ['src/core/codex/appServer.ts', 'spawn', 'opts.executable'],
        ['src/core/codex/sandbox.ts', 'execFile', 'file'],
        ['src/core/git/gitCli.ts', 'execFile', "opts.gitPath ?? 'git'"],
        ['src/features/enrich/codexCheck.ts', 'execFile', 'executable'],
        ['src/features/session/session.ts', 'execFile', "'git'"],
      ],
    );
  });

  it('no shell anywhere: no exec/execSync, no shell option other than false, argv is an array', () => {
    for (const s of sites) {
      assert.ok(
        s.fn === 'execFile' || s.fn === 'spawn',
        `${s.at}: ${s.fn} (exec and execSync always run a shell; the sync forms block the host)`,
      );
      const [exe, argv] = s.call.arguments;
      // A command string (template, concatenation) as the executable would be a command line.
      assert.ok(
        ts.isIdentifier(exe) ||
          ts.isStringLiteral(exe) ||
          ts.isPropertyAccessExpression(exe) ||
          (ts.isBinaryExpression(exe) && exe.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken),
        `${s.at}: executable ${exe.getText()}`,
      );
      assert.ok(
        argv && (ts.isArrayLiteralExpression(argv) || ts.isIdentifier(argv)),
        `${s.at}: arguments must be an array, got ${argv?.getText()}`,
      );
      if (ts.isIdentifier(argv)) {
        // An identifier must hold an array: the parameter or constant is declared as one.
        const decl = findDeclaration(s.call, argv.text);
        assert.ok(decl && /\[\]|readonly string\[\]|\[\.\.\./.test(decl), `${s.at}: ${argv.text} is not declared as an array (${decl})`);
      }
      const opts = optionsOf(s);
      assert.ok(opts, `${s.at}: options must be an object literal so the shell option can be checked`);
      const shell = property(opts, 'shell');
      assert.ok(
        !shell || (ts.isPropertyAssignment(shell) && shell.initializer.kind === ts.SyntaxKind.FalseKeyword),
        `${s.at}: ${shell?.getText()}`,
      );
      assert.equal(
        opts!.properties.some((p) => ts.isSpreadAssignment(p)),
        false,
        `${s.at}: a spread could bring in shell: true`,
      );
    }
  });

  it('no shell through VS Code either: no terminals, sendText or ShellExecution in src', () => {
    const found: string[] = [];
    for (const f of srcFiles) {
      walk(parse(f), (n) => {
        if (ts.isIdentifier(n) && ['ShellExecution', 'createTerminal', 'sendText'].includes(n.text)) found.push(`${where(n)}: ${n.text}`);
      });
    }
    assert.deepEqual(found, []);
  });

  it('the CLI starts no process: nothing it imports touches child_process', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const st of parse(file).statements) {
        if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier))
          continue;
        const spec = st.moduleSpecifier.text;
        if (CHILD_PROCESS.has(spec) && !(ts.isImportDeclaration(st) && st.importClause?.isTypeOnly))
          assert.fail(`${rel(file)} (imported by the CLI) imports ${spec}`);
        // A JSON import (package.json for the version) is data: no code to follow.
        if (!spec.startsWith('.') || spec.endsWith('.json')) continue;
        const base = path.resolve(path.dirname(file), spec);
        const next = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => existsSync(c));
        assert.ok(next, `${rel(file)} imports ${spec}, which is not a .ts file`);
        visit(next!);
      }
    };
    visit(path.join(root, 'src/cli/index.ts'));
    assert.ok(seen.size > 5, `followed ${seen.size} files`);
  });
});

describe('security: Markdown the extension hands to VS Code (static)', () => {
  /** Calls that escape text from files, git, terminals and codex for Markdown (src/core/present). */
  const ESCAPERS = new Set(['escapeMarkdown', 'markdownText', 'markdownCode', 'codeSpan', 'fileLink', 'tooltipMarkdown', 'reportMarkdown']);
  /** Our own words, not text from outside: checklist labels and action names. */
  const OWN_TEXT = new Set(['i.label', 'actionWords(i.action)']);

  /** Why `e` may carry unescaped outside text into Markdown, or undefined when it cannot. */
  function unescaped(e: ts.Expression): string | undefined {
    if (ts.isParenthesizedExpression(e)) return unescaped(e.expression);
    if (ts.isStringLiteralLike(e)) return undefined;
    if (ts.isTemplateExpression(e)) return e.templateSpans.map((sp) => unescaped(sp.expression)).find(Boolean);
    if (ts.isConditionalExpression(e)) return unescaped(e.whenTrue) ?? unescaped(e.whenFalse);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return unescaped(e.left) ?? unescaped(e.right);
    if (ts.isCallExpression(e) && ESCAPERS.has(e.expression.getText().split('.').pop()!)) return undefined;
    if (OWN_TEXT.has(e.getText())) return undefined;
    return e.getText();
  }

  it('every MarkdownString is built from escaped text, and none is trusted or renders HTML', () => {
    const problems: string[] = [];
    let count = 0;
    for (const f of srcFiles) {
      walk(parse(f), (n) => {
        if (ts.isNewExpression(n) && n.expression.getText().endsWith('MarkdownString')) {
          count++;
          const arg = n.arguments?.[0];
          // The badge passes its view's tooltip, which is tooltipMarkdown()'s output (unit-tested).
          const why = arg && arg.getText() !== 'this.current.tooltip' ? unescaped(arg) : undefined;
          if (why) problems.push(`${where(n)}: ${why} goes into a MarkdownString unescaped`);
        }
        // `md.isTrusted = true` would let command links run; supportHtml renders raw HTML.
        if (
          ts.isBinaryExpression(n) &&
          n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(n.left) &&
          ['isTrusted', 'supportHtml'].includes(n.left.name.text) &&
          n.right.kind !== ts.SyntaxKind.FalseKeyword
        ) {
          problems.push(`${where(n)}: ${n.getText()}`);
        }
        if (ts.isIdentifier(n) && n.text === 'enabledCommands') problems.push(`${where(n)}: enabledCommands`);
      });
    }
    assert.ok(count >= 2, `found ${count} MarkdownStrings`);
    assert.deepEqual(problems, []);
  });
});

/** The text of the parameter or variable named `name` in the innermost function around `at` that declares it. */
function findDeclaration(at: ts.Node, name: string): string | undefined {
  for (let fn: ts.Node | undefined = at.parent; fn; fn = fn.parent) {
    if (!ts.isFunctionLike(fn)) continue;
    let out: string | undefined;
    walk(fn, (n) => {
      if ((ts.isParameter(n) || ts.isVariableDeclaration(n)) && ts.isIdentifier(n.name) && n.name.text === name) out ??= n.getText();
    });
    if (out) return out;
  }
  return undefined;
}

describe('security: executables come from the machine-scoped setting or PATH', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('codexPosture.codexPath is machine-scoped and a restricted configuration', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string; type?: string }>;
    assert.equal(props['codexPosture.codexPath'].scope, 'machine');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('codexPosture.codexPath'));
    // No other setting may name an executable: only codexPath is a path to something we run.
    const pathish = Object.keys(props).filter((k) => /path|executable|command|binary/i.test(k));
    assert.deepEqual(pathish, ['codexPosture.codexPath']);
  });

  it('settings.codexPath() reads the user (machine) value only, never a workspace value', () => {
    const sf = parse(path.join(root, 'src/host/settings.ts'));
    let body: string | undefined;
    walk(sf, (n) => {
      if (ts.isFunctionDeclaration(n) && n.name?.text === 'codexPath') body = n.body?.getText();
    });
    assert.ok(body, 'settings.ts has function codexPath()');
    assert.match(body!, /\.inspect<string>\('codexPath'\)/);
    assert.match(body!, /\.globalValue\b/);
    assert.doesNotMatch(body!, /workspaceValue|workspaceFolderValue|\.get\b|\bget</);
    // And nothing else reads the setting by name.
    const readers = srcFiles.filter((f) => f !== sf.fileName && /['"](codexPosture\.)?codexPath['"]/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(readers.map(rel), []);
  });

  it('every codex executable comes from locateCodex(settings.codexPath(), process.env.PATH)', () => {
    const calls: string[] = [];
    const declarations: string[] = [];
    for (const f of srcFiles) {
      walk(parse(f), (n) => {
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'locateCodex')
          calls.push(`${rel(f)}: ${n.arguments.map((a) => a.getText()).join(', ')}`);
        // The variables that carry the executable into the spawn sites (codexCheck -> appServer and
        // codexVersion, sandboxVerify -> sandbox.ts) are all initialised by locateCodex.
        if (
          rel(f).startsWith('src/features/') &&
          ts.isVariableDeclaration(n) &&
          ts.isIdentifier(n.name) &&
          /^(executable|codexPath)$/.test(n.name.text)
        ) {
          declarations.push(`${rel(f)}: ${n.getText()}`);
        }
      });
    }
    assert.deepEqual(calls, [
      'src/features/enrich/codexCheck.ts: settings.codexPath(), process.env.PATH',
      'src/features/session/sandboxVerify.ts: settings.codexPath(), process.env.PATH',
    ]);
    assert.deepEqual(declarations, [
      'src/features/enrich/codexCheck.ts: executable = await locateCodex(settings.codexPath(), process.env.PATH)',
      'src/features/session/sandboxVerify.ts: codexPath = await locateCodex(settings.codexPath(), process.env.PATH)',
    ]);
  });

  it('nobody hands git a path: gitPath is plumbing with no value set anywhere', () => {
    const setters: string[] = [];
    for (const f of srcFiles) {
      walk(parse(f), (n) => {
        if ((ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) && ts.isIdentifier(n.name) && n.name.text === 'gitPath')
          setters.push(`${where(n)}: ${n.getText()}`);
      });
    }
    // gitPosture.ts forwards its own optional gitPath() to the CLI reader; no constructor call in
    // src gives one (that would be a `gitPath:` property, and there is no other).
    assert.deepEqual(
      setters.map((s) => s.replace(/:\d+:/, ':')),
      ['src/features/enrich/gitPosture.ts: gitPath: this.opts.gitPath?.()'],
    );
  });

  it('locateCodex takes only absolute PATH entries, and a configured path only if executable', async () => {
    const w = makeWorld('cp-locate-');
    try {
      const here = w.write('proj/codex', '#!/bin/sh\necho planted\n');
      chmodSync(here, 0o755);
      const cwd = process.cwd();
      process.chdir(w.path('proj'));
      try {
        // '', '.' and '../proj' all name the folder holding a codex; none is absolute.
        assert.equal(
          await locateCodex(undefined, `:.:../proj:${w.path('empty')}`),
          undefined,
          'relative entries resolve against the workspace',
        );
      } finally {
        process.chdir(cwd);
      }
      assert.equal(await locateCodex(undefined, `.${path.delimiter}${w.path('proj')}`), here);
      const notExec = w.write('bin/codex', 'not executable');
      assert.equal(await locateCodex(notExec, w.path('proj')), undefined, 'a configured path that cannot run is not replaced by PATH');
      assert.equal(absolutePathEntries(`:.:bin:/usr/bin::${w.root}`), `/usr/bin:${w.root}`);
    } finally {
      w.dispose();
    }
  });

  it('regression: a `git` file in the repository never runs, even with `.` or an empty entry on PATH', async () => {
    const w = makeWorld('cp-gitpath-');
    try {
      const repo = w.gitInit('repo');
      const marker = w.path('PLANTED-git-ran');
      chmodSync(w.write('repo/git', `#!/bin/sh\ntouch '${marker}'\n`), 0o755);
      const g = await readGitPostureCli(repo, { env: { ...w.env(), PATH: `.${path.delimiter}${path.delimiter}${process.env.PATH}` } });
      assert.equal(g.source, 'git-cli');
      assert.notEqual(g.kind, 'unknown', g.reason);
      assert.equal(existsSync(marker), false, 'the repository file named git ran');
    } finally {
      w.dispose();
    }
  });
});
