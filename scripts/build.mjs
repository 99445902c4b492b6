// Bundles the extension and the CLI with esbuild, one file each. Type checking is a separate step
// (`tsc`), as in VS Code's esbuild sample: esbuild only strips types.
//   dist/extension.js   what activation loads: the badge, the diagnostics, the enrichers
//                       (`vscode` stays external)
//   dist/session.js     the session playbook (src/features/session), required by path after the
//                       first badge; it gets the extension's stateful services as a parameter
//                       (SessionHost), so plain esbuild suffices: no shared chunks, no linker
//   dist/enrich.js      git state and codex's confirmation (src/features/enrich), the same way
//   dist/cli.js         `codex-posture`
//   dist/worker.js      the worker thread that parses and resolves large config files
//                       (src/worker/index.ts, started by src/host/offHost.ts); a worker has its
//                       own module instances anyway, so it shares nothing with the extension
// The pure code both extension bundles use (src/core) is in each: it holds no state to share.
// Within dist/extension.js, what is set up after the first badge is import()ed
// (src/features/index.ts), so esbuild defers its modules' top-level code.
import * as esbuild from 'esbuild';

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
  metafile: analyze,
};

const results = await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    // For the log line "activated in X ms (...; bundle evaluated in Y ms)": the bundle's top-level
    // code runs before activate() and is not in its timer.
    banner: { js: 'var CODEX_POSTURE_BUNDLE = { start: performance.now(), cpuStart: process.cpuUsage(), end: 0, cpuMs: 0 };' },
    footer: {
      js: 'CODEX_POSTURE_BUNDLE.end = performance.now(); CODEX_POSTURE_BUNDLE.cpuMs = ((c) => (c.user + c.system) / 1000)(process.cpuUsage(CODEX_POSTURE_BUNDLE.cpuStart));',
    },
  }),
  esbuild.build({ ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['src/worker/index.ts'], outfile: 'dist/worker.js' }),
  esbuild.build({ ...common, entryPoints: ['src/features/session/index.ts'], outfile: 'dist/session.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['src/features/enrich/index.ts'], outfile: 'dist/enrich.js', external: ['vscode'] }),
]);
if (analyze) for (const r of results) console.log(await esbuild.analyzeMetafile(r.metafile));
