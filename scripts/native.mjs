// Keeps better-sqlite3's compiled module matched to the runtime about to load it.
//
//   node scripts/native.mjs ensure node|electron [--quiet]
//
// Node and Electron need different builds (NODE_MODULE_VERSION). This checks the
// build by loading it in the target runtime, and rebuilds only on a mismatch, so a
// run with nothing to do costs one short child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project root (the folder holding package.json). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const MODULE = 'better-sqlite3';
const PROBE = `new (require('${MODULE}'))(':memory:').close()`;
const ELECTRON_HEADERS = 'https://electronjs.org/headers';

const require = createRequire(join(ROOT, 'package.json'));

/**
 * Where Electron's binary is, whether it is there, and if not, why — read the way
 * `require('electron')` does (node_modules/electron/path.txt, ELECTRON_OVERRIDE_DIST_PATH).
 */
export function electronBinary(root = ROOT, env = process.env) {
  const dir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) return { path: undefined, exists: false, reason: 'the electron package is not installed' };
  const pathFile = join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  let path;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) path = join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
  else if (executable) path = join(dir, 'dist', executable);
  if (!path)
    return { path: undefined, exists: false, reason: "electron's download step did not run or did not finish (node_modules/electron/path.txt is missing)" };
  if (!existsSync(path)) return { path, exists: false, reason: `${path} is missing` };
  return { path, exists: true, reason: undefined };
}

/** The version of the installed electron package, or undefined. */
export function electronVersion(root = ROOT) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The NODE_MODULE_VERSION an Electron version expects, from node-abi's table when it is installed. */
export function electronAbi(version) {
  if (!version) return undefined;
  try {
    return String(require('node-abi').getAbi(version, 'electron'));
  } catch {
    return undefined;
  }
}

/** Names the runtime family an ABI number belongs to ("Electron (ABI 139)"), as far as node-abi knows. */
export function describeAbi(abi) {
  let runtime;
  try {
    const match = require('node-abi').allTargets.find((t) => String(t.abi) === String(abi));
    if (match) runtime = match.runtime === 'electron' ? 'Electron' : 'Node';
  } catch {
    // node-abi is optional; fall back to the bare number
  }
  return runtime ? `${runtime} (ABI ${abi})` : `ABI ${abi}`;
}

/** Reads "compiled against … NODE_MODULE_VERSION x … requires NODE_MODULE_VERSION y" from a load error. */
export function parseAbiMismatch(text) {
  const m = /NODE_MODULE_VERSION (\d+)\.[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(text ?? '');
  return m ? { built: m[1], wanted: m[2] } : undefined;
}

function cleanEnv(env, extra = {}) {
  const out = { ...env, ...extra };
  for (const key of ['npm_config_runtime', 'npm_config_target', 'npm_config_disturl', 'npm_config_dist_url']) delete out[key];
  if (!extra.ELECTRON_RUN_AS_NODE) delete out.ELECTRON_RUN_AS_NODE;
  return out;
}

/**
 * Loads better-sqlite3 in a child of `command` (Node, or Electron run as Node) and
 * reports whether it worked, the child's ABI, and the error text when it did not.
 */
export function probe(command, { root = ROOT, env = process.env, asElectron = false } = {}) {
  const res = spawnSync(command, ['-e', `${PROBE};process.stdout.write(process.versions.modules)`], {
    cwd: root,
    env: cleanEnv(env, asElectron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const error = res.error ? String(res.error.message) : (res.stderr ?? '');
  return { ok: res.status === 0 && !res.error, abi: res.status === 0 ? res.stdout.trim() : undefined, error, mismatch: parseAbiMismatch(error) };
}

function firstLine(text) {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /Error|error:/.test(l)) ??
    text.trim().split('\n')[0] ??
    'unknown error'
  ).slice(0, 300);
}

function run(command, args, options) {
  const res = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  return res.status === 0 && !res.error;
}

function npm(args, options) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /npm-cli\.js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args], options);
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { ...options, shell: process.platform === 'win32' });
}

function moduleDir(root) {
  return dirname(createRequire(join(root, 'package.json')).resolve(`${MODULE}/package.json`));
}

function rebuildForNode(root, env) {
  return npm(['rebuild', MODULE], { cwd: root, env: cleanEnv(env) });
}

function rebuildForElectron(root, env, version) {
  const dir = moduleDir(root);
  const local = createRequire(join(dir, 'package.json'));
  const base = cleanEnv(env);
  delete base.npm_config_nodedir;
  try {
    const prebuild = local.resolve('prebuild-install/bin.js');
    if (
      run(process.execPath, [prebuild, '--runtime', 'electron', '--target', version, '--arch', process.arch, '--platform', process.platform], {
        cwd: dir,
        env: base,
      })
    ) {
      return true;
    }
    console.error(`No prebuilt ${MODULE} for Electron ${version} could be fetched; building it from source…`);
  } catch {
    // prebuild-install is not installed: build from source
  }
  let gyp;
  try {
    gyp = local.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmCli = env.npm_execpath;
    const bundled = npmCli && join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (!bundled || !existsSync(bundled)) return false;
    gyp = bundled;
  }
  const target = ['--runtime=electron', `--target=${version}`, `--dist-url=${ELECTRON_HEADERS}`];
  // Fetch the headers first: `rebuild` cleans build/ before it finds out they cannot be had.
  if (!run(process.execPath, [gyp, 'install', ...target], { cwd: dir, env: base })) return false;
  return run(process.execPath, [gyp, 'rebuild', '--release', ...target], { cwd: dir, env: base });
}

/** Runs `rebuild`, and if it fails puts the previous compiled module back, so a failed attempt never leaves none. */
function keepingPrevious(root, rebuild) {
  const binary = join(moduleDir(root), 'build', 'Release', 'better_sqlite3.node');
  const saved = existsSync(binary) ? readFileSync(binary) : undefined;
  if (rebuild()) return true;
  if (saved && !existsSync(binary)) {
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(binary, saved, { mode: 0o755 });
    console.error(`Restored the previous ${MODULE} build.`);
  }
  return false;
}

/**
 * Makes sure better-sqlite3 loads in `runtime` ('node' or 'electron'), rebuilding it
 * when it was built for the other one or does not load at all. Returns true on success.
 */
export function ensureNative(runtime, { quiet = false, root = ROOT, env = process.env, log = console.error } = {}) {
  const nodeAbi = process.versions.modules;
  if (runtime === 'node') {
    const first = probe(process.execPath, { root, env });
    if (first.ok) {
      if (!quiet) log(`${MODULE} loads in Node (ABI ${nodeAbi}); nothing to rebuild.`);
      return true;
    }
    log(
      first.mismatch
        ? `${MODULE} was built for ${describeAbi(first.mismatch.built)}; rebuilding for Node (ABI ${nodeAbi})…`
        : `${MODULE} does not load in Node (${firstLine(first.error)}); rebuilding for Node (ABI ${nodeAbi})…`,
    );
    const after = keepingPrevious(root, () => rebuildForNode(root, env)) ? probe(process.execPath, { root, env }) : undefined;
    if (after?.ok) {
      log(`${MODULE} rebuilt for Node (ABI ${nodeAbi}).`);
      return true;
    }
    log(`Could not rebuild ${MODULE} for Node${after ? `: ${firstLine(after.error)}` : ''}. Try \`npm rebuild ${MODULE}\` and read its output.`);
    return false;
  }

  if (runtime !== 'electron') throw new Error(`unknown runtime ${runtime}; use node or electron`);
  const version = electronVersion(root);
  if (!version) {
    log('The electron package is not installed; cannot build for Electron.');
    return false;
  }
  const wanted = electronAbi(version);
  const bin = electronBinary(root, env);
  const check = () => {
    if (bin.exists) return probe(bin.path, { root, env, asElectron: true });
    const viaNode = probe(process.execPath, { root, env });
    const ok = !viaNode.ok && viaNode.mismatch !== undefined && wanted !== undefined && viaNode.mismatch.built === wanted;
    return { ...viaNode, ok, unchecked: true };
  };
  const first = check();
  if (first.ok) {
    if (!quiet)
      log(
        `${MODULE} is built for Electron ${version} (ABI ${bin.exists ? first.abi : wanted})${first.unchecked ? '; its binary is not installed, so it was not load-tested' : ''}; nothing to rebuild.`,
      );
    return true;
  }
  const target = `Electron ${version}${wanted ? ` (ABI ${wanted})` : ''}`;
  const builtFor = first.mismatch ? describeAbi(first.mismatch.built) : first.unchecked && first.abi ? `Node (ABI ${first.abi})` : undefined;
  log(
    builtFor
      ? `${MODULE} was built for ${builtFor}; rebuilding for ${target}…`
      : `${MODULE} does not load (${firstLine(first.error)}); rebuilding for ${target}…`,
  );
  if (keepingPrevious(root, () => rebuildForElectron(root, env, version)) && check().ok) {
    log(`${MODULE} rebuilt for ${target}.`);
    return true;
  }
  log(`Could not rebuild ${MODULE} for ${target}. It needs Electron's headers from ${ELECTRON_HEADERS} (or a prebuilt binary) and a C++ toolchain.`);
  return false;
}

function main(argv) {
  const [command, runtime, ...rest] = argv;
  const unknown = rest.filter((a) => a !== '--quiet');
  if (command !== 'ensure' || (runtime !== 'node' && runtime !== 'electron') || unknown.length) {
    console.error('Usage: node scripts/native.mjs ensure node|electron [--quiet]');
    return 2;
  }
  return ensureNative(runtime, { quiet: rest.includes('--quiet') }) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
