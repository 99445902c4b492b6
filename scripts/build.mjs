// Bundles the extension and the CLI with esbuild. Type checking is a separate step (`tsc`),
// as in VS Code's esbuild sample: esbuild only strips types.
//
// Each program is split into a main bundle and lazy chunks (issue 6: activation must load only what
// the first badge needs; `status` must not load the lint rules):
//   dist/extension.js          activate(), the posture engine, the badge, the posture commands
//   dist/extension.lint.js     lint rules, diagnostics, code actions, the audit report
//   dist/extension.session.js  the session playbook: controller, tree view, sandbox, revoke, summary
//   dist/extension.enrich.js   git state and Codex's confirmation
//   dist/extension.worker.js   the client of the worker thread (dist/worker.js), on the first large config
//   dist/cli.js, dist/cli.lint.js   `status`; `lint` and `check`
//
// Why this design: esbuild splits code only for ESM output, and VS Code loads extensions as
// CommonJS (ESM extensions need a newer VS Code than engines.vscode allows). So each chunk is its own
// CommonJS bundle, and two rules keep the source plain TypeScript that tsc and the unit tests run
// unchanged:
//   1. A chunk is loaded with `import('./features/x')` of its entry module. In the bundles, that
//      import becomes a runtime `require('./<chunk>.js')` (external); under tsc it stays a module.
//   2. A module the main bundle already holds is not copied into a chunk: the main bundle exports
//      those modules (`__chunkShared`), and the chunk takes them from `require('./<main>.js')`, which
//      Node's module cache answers with the instance already running. One copy of the TOML parser
//      and of settings.ts, and `instanceof` (UsageError, ParseError) works across the seam.
// The shared set is computed from a first, unwritten build of each bundle (esbuild's metafile):
// exactly the modules left in the main bundle after tree shaking that chunk code imports. Chunks may still duplicate small modules
// among themselves (e.g. rules/secrets.ts in lint and session); `npm run bench` reports the total.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
/** `--analyze`: print what each bundle is made of (esbuild's metafile). */
const analyze = process.argv.includes('--analyze');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  legalComments: 'none',
};

const PROGRAMS = [
  {
    main: { name: 'extension', entry: 'src/extension.ts' },
    chunks: { 'extension.lint': 'src/features/lintFeatures.ts', 'extension.session': 'src/features/sessionFeatures.ts', 'extension.enrich': 'src/features/enrichers.ts', 'extension.worker': 'src/worker/client.ts' },
    options: { external: ['vscode'] },
    // For the log line "activated in X ms (...; bundle evaluated in Y ms)": the bundle's top-level
    // code runs before activate() and is not in its timer.
    mainOptions: {
      banner: { js: '"use strict";\nvar CODEX_POSTURE_BUNDLE = { start: performance.now(), cpuStart: process.cpuUsage(), end: 0, cpuMs: 0 };' },
      footer: { js: 'CODEX_POSTURE_BUNDLE.end = performance.now(); CODEX_POSTURE_BUNDLE.cpuMs = ((c) => (c.user + c.system) / 1000)(process.cpuUsage(CODEX_POSTURE_BUNDLE.cpuStart));' },
    },
  },
  {
    main: { name: 'cli', entry: 'src/cli.ts' },
    chunks: { 'cli.lint': 'src/lintCommand.ts' },
    options: {},
    mainOptions: { banner: { js: '#!/usr/bin/env node\n"use strict";' } },
  },
];

const root = process.cwd();
const rel = (file) => path.relative(root, file).split(path.sep).join('/');

/** Where a relative import of our own sources lands, repository-relative (e.g. src/core/config/toml.ts). */
function resolveLocal(args) {
  const base = path.resolve(args.resolveDir, args.path);
  for (const ext of ['', '.ts', '/index.ts']) {
    if (existsSync(base + ext) && (base + ext).endsWith('.ts')) return rel(base + ext);
  }
  return undefined;
}

/** Rules 1 and 2 above, for one bundle of a program. */
function chunkPlugin(program, self, shared) {
  const chunkOf = new Map(Object.entries(program.chunks).map(([name, entry]) => [entry, name]));
  const mainFile = `./${program.main.name}.js`;
  return {
    name: 'chunks',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.namespace === 'shared') return { path: args.path, external: true };
        const target = resolveLocal(args);
        if (!target) return undefined;
        const chunk = chunkOf.get(target);
        if (chunk && chunk !== self) return { path: `./${chunk}.js`, external: true };
        if (self !== program.main.name && shared?.has(target)) return { path: target, namespace: 'shared' };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(mainFile)}).__chunkShared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * The main bundle's entry: the program's own exports plus the modules its chunks share. (esbuild
 * writes no "use strict" for this generated entry, so the banners above do.)
 */
function mainEntry(program, shared) {
  const names = [...shared].sort();
  const lines = [`export * from './${program.main.entry}';`];
  names.forEach((file, i) => lines.push(`import * as shared${i} from './${file}';`));
  lines.push(`export const __chunkShared = { ${names.map((file, i) => `${JSON.stringify(file)}: shared${i}`).join(', ')} };`);
  return { contents: lines.join('\n'), resolveDir: root, sourcefile: `${program.main.entry} (with shared modules)`, loader: 'ts' };
}

async function buildProgram(program) {
  const bundles = [[program.main.name, program.main.entry], ...Object.entries(program.chunks)];
  // Pass 1, nothing written: which modules each bundle would contain.
  const metas = await Promise.all(
    bundles.map(([name, entry]) =>
      esbuild.build({ ...common, ...program.options, minify: false, sourcemap: false, entryPoints: [entry], outfile: `dist/${name}.js`, write: false, metafile: true, plugins: [chunkPlugin(program, name)] }),
    ),
  );
  // What the main bundle really holds after tree shaking: a barrel (core/git/index.ts) it only
  // passes through holds nothing, and sharing it would pull all its re-exports into the main bundle.
  const mainOutput = Object.values(metas[0].metafile.outputs).find((o) => o.entryPoint);
  const inMain = new Set(Object.entries(mainOutput.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([file]) => file));
  const shared = new Set();
  for (const m of metas.slice(1)) {
    for (const [file, input] of Object.entries(m.metafile.inputs)) {
      // A module of the chunk's own (not one the main bundle has) that imports a main-bundle module.
      if (inMain.has(file)) continue;
      for (const imp of input.imports) if (inMain.has(imp.path) && imp.path.startsWith('src/')) shared.add(imp.path);
    }
  }
  // Pass 2: the real bundles.
  const results = await Promise.all(
    bundles.map(([name, entry], i) =>
      esbuild.build({
        metafile: analyze,
        ...common,
        ...program.options,
        ...(i === 0 ? { ...program.mainOptions, stdin: mainEntry(program, shared) } : { entryPoints: [entry] }),
        outfile: `dist/${name}.js`,
        plugins: [chunkPlugin(program, name, shared)],
      }),
    ),
  );
  if (analyze) for (const r of results) console.log(await esbuild.analyzeMetafile(r.metafile));
}

// The worker thread (src/worker/index.ts, started by src/features/offHost.ts) is a bundle of its own
// with nothing shared: a worker has its own module instances anyway.
const worker = esbuild.build({ ...common, entryPoints: ['src/worker/index.ts'], outfile: 'dist/worker.js' });
await Promise.all([...PROGRAMS.map(buildProgram), worker]);
