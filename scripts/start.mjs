// `npm start [-- --db FILE --port N]`: builds, then opens the desktop app, or — when
// Electron's binary is not installed and cannot be fetched — serves the same UI from
// the loopback web host and prints its URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, electronBinary, ensureNative } from './native.mjs';

const INSTALL_TIMEOUT_MS = 120_000;

/** Runs `command` with the terminal attached, passing SIGINT/SIGTERM on, and exits with its status. */
function handOver(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      // A terminal's Ctrl+C reaches the child too; forward only if it is still running after that.
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      }, 300);
    });
  }
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** One attempt at electron's own download step; returns why it failed, or undefined. */
function fetchElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  const installer = join(ROOT, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return 'the electron package is not installed';
  console.log("Electron's binary is not installed; trying to download it once…");
  const res = spawnSync(process.execPath, [installer], { cwd: ROOT, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.error?.code === 'ETIMEDOUT') return `its download did not finish within ${INSTALL_TIMEOUT_MS / 1000} s`;
  if (res.status !== 0 || res.error) {
    const line = `${res.stderr ?? ''}\n${res.stdout ?? ''}`
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean);
    return `its download failed: ${line ?? res.error?.message ?? `exit status ${res.status}`}`;
  }
  return undefined;
}

const args = process.argv.slice(2);

const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

let electron = electronBinary();
let reason = electron.reason;
if (!electron.exists) {
  reason = fetchElectron() ?? reason;
  electron = electronBinary();
}

function serveInBrowser(why) {
  console.log(`${why}. Serving Apostil in your browser instead:`);
  if (!ensureNative('node', { quiet: true })) process.exit(1);
  handOver(process.execPath, [join(ROOT, 'dist', 'cli', 'apostil.js'), 'serve', ...args]);
}

if (!electron.exists) {
  serveInBrowser(`Electron's binary is not installed (${reason})`);
} else if (!ensureNative('electron', { quiet: true })) {
  serveInBrowser('better-sqlite3 could not be built for Electron');
} else {
  handOver(electron.path, ['.', ...args]);
}
