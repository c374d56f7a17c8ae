import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

// scripts/native.mjs keeps better-sqlite3 built for the runtime that loads it.
// These tests use stand-in project folders, so the real node_modules is never rebuilt.

interface EnsureOptions {
  quiet?: boolean;
  root?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

interface NativeScript {
  ROOT: string;
  electronBinary(root?: string, env?: NodeJS.ProcessEnv): { path?: string; exists: boolean; reason?: string };
  electronAbi(version: string | undefined): string | undefined;
  describeAbi(abi: string): string;
  parseAbiMismatch(text: string): { built: string; wanted: string } | undefined;
  ensureNative(runtime: 'node' | 'electron', options?: EnsureOptions): boolean;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'native.mjs');
const NODE_ABI = process.versions.modules;
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.ELECTRON_OVERRIDE_DIST_PATH;

/** The error Node prints when a native module was compiled for another ABI. */
function abiError(built: string, wanted: string): string {
  return (
    "The module '/x/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\n" +
    `NODE_MODULE_VERSION ${built}. This version of Node.js requires\nNODE_MODULE_VERSION ${wanted}. Please try re-compiling or re-installing\n` +
    'the module (for instance, using `npm rebuild` or `npm install`).'
  );
}

let native: NativeScript;
const dirs: string[] = [];

/** A stand-in project whose better-sqlite3 throws `error` when loaded (or loads, without one). */
function project(options: { error?: string; electron?: string; electronPath?: string } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'apostil-native-'));
  dirs.push(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'stand-in', version: '1.0.0', dependencies: { 'better-sqlite3': '*' } }));
  const mod = join(root, 'node_modules', 'better-sqlite3');
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '0.0.0-stand-in', main: 'index.js' }));
  writeFileSync(join(mod, 'index.js'), options.error ? `throw new Error(${JSON.stringify(options.error)});\n` : 'module.exports = class { close() {} };\n');
  if (options.electron) {
    const electron = join(root, 'node_modules', 'electron');
    mkdirSync(electron, { recursive: true });
    writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: options.electron }));
    if (options.electronPath) {
      writeFileSync(join(electron, 'path.txt'), options.electronPath);
    }
  }
  return root;
}

beforeAll(async () => {
  native = (await import(pathToFileURL(SCRIPT).href)) as NativeScript;
});

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('reading a load failure', () => {
  it('finds both ABI numbers in Node’s mismatch message', () => {
    expect(native.parseAbiMismatch(abiError('139', '115'))).toEqual({ built: '139', wanted: '115' });
    expect(native.parseAbiMismatch('Error: Could not locate the bindings file.')).toBeUndefined();
  });

  it('names the runtime an ABI belongs to', () => {
    expect(native.describeAbi('139')).toBe('Electron (ABI 139)');
    expect(native.describeAbi(NODE_ABI)).toBe(`Node (ABI ${NODE_ABI})`);
    expect(native.describeAbi('99999')).toBe('ABI 99999');
    expect(native.electronAbi('38.8.6')).toBe('139');
  });
});

describe('finding the Electron binary', () => {
  it('explains a missing package, a skipped download and a missing file', () => {
    expect(native.electronBinary(project(), env)).toMatchObject({ exists: false, reason: 'the electron package is not installed' });
    expect(native.electronBinary(project({ electron: '38.8.6' }), env).reason).toMatch(/path\.txt is missing/);
    const root = project({ electron: '38.8.6', electronPath: 'electron' });
    expect(native.electronBinary(root, env)).toMatchObject({ exists: false, path: join(root, 'node_modules', 'electron', 'dist', 'electron') });
  });

  it('finds the binary where path.txt says, or under ELECTRON_OVERRIDE_DIST_PATH', () => {
    const root = project({ electron: '38.8.6', electronPath: 'electron' });
    mkdirSync(join(root, 'node_modules', 'electron', 'dist'));
    writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(native.electronBinary(root, env)).toMatchObject({ exists: true, path: join(root, 'node_modules', 'electron', 'dist', 'electron') });
    const override = mkdtempSync(join(tmpdir(), 'apostil-electron-dist-'));
    dirs.push(override);
    writeFileSync(join(override, 'electron'), '');
    expect(native.electronBinary(root, { ...env, ELECTRON_OVERRIDE_DIST_PATH: override })).toMatchObject({ exists: true, path: join(override, 'electron') });
  });
});

describe('ensure', () => {
  it('does nothing, quickly and quietly, when the module loads in Node', () => {
    const lines: string[] = [];
    const started = Date.now();
    expect(native.ensureNative('node', { quiet: true, root: project(), env, log: (l) => lines.push(l) })).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(lines).toEqual([]);
  });

  it('checks the real project quickly and silently when nothing needs doing', () => {
    const started = Date.now();
    const res = spawnSync(process.execPath, [SCRIPT, 'ensure', 'node', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('accepts an Electron build without the binary when its ABI is Electron’s', () => {
    const lines: string[] = [];
    const root = project({ error: abiError('139', NODE_ABI), electron: '38.8.6' });
    expect(native.ensureNative('electron', { root, env, log: (l) => lines.push(l) })).toBe(true);
    expect(lines.join('\n')).toMatch(/built for Electron 38\.8\.6 \(ABI 139\); its binary is not installed/);
  });

  it('says what it rebuilds, and fails plainly when the rebuild does not help', () => {
    const lines: string[] = [];
    const root = project({ error: abiError('139', NODE_ABI) });
    expect(native.ensureNative('node', { root, env, log: (l) => lines.push(l) })).toBe(false);
    expect(lines[0]).toBe(`better-sqlite3 was built for Electron (ABI 139); rebuilding for Node (ABI ${NODE_ABI})…`);
    expect(lines.at(-1)).toMatch(/^Could not rebuild better-sqlite3 for Node/);
  }, 60_000);

  it('rejects a command it does not know', () => {
    const res = spawnSync(process.execPath, [SCRIPT, 'ensure', 'java'], { cwd: ROOT, encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/Usage: node scripts\/native\.mjs ensure node\|electron/);
  });
});
