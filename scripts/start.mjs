// `npm start` bootstrap: rebuild the extension bundle when a source is newer than it, bundle
// scripts/start.ts (and the harness modules it uses) with esbuild, then run it. Bundling instead of
// running `tsc` output keeps the launcher independent of type errors elsewhere in the tree; the
// normal `tsc` run still type-checks scripts/start.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time below `p` (a file or a folder), skipping nothing: src/ is small. */
function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

function mtime(p) {
  return fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0;
}

const bundle = path.join(repoRoot, 'dist', 'extension.js');
const inputs = ['src', 'package.json', 'scripts/build.mjs'].map((p) => newest(path.join(repoRoot, p)));
if (Math.max(...inputs) > mtime(bundle)) {
  console.log('[start] building the extension (node scripts/build.mjs)');
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
} else {
  console.log('[start] dist/extension.js is up to date');
}

const launcher = path.join(repoRoot, 'out', 'scripts', 'start.bundle.cjs');
await esbuild.build({
  entryPoints: [path.join(repoRoot, 'scripts', 'start.ts')],
  outfile: launcher,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const { main } = createRequire(import.meta.url)(launcher);
try {
  await main(repoRoot, process.argv.slice(2));
} catch (err) {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
