import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A service started for a test or a benchmark on a loopback port, and how to stop it. */
export interface LocalService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the system, then released). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Waits until something accepts TCP connections on 127.0.0.1:`port`, for at most `timeoutMs`. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < end; i++) {
    const ok = await new Promise<boolean>((done) => {
      const s = new Socket();
      s.once('connect', () => (s.destroy(), done(true)));
      s.once('error', () => (s.destroy(), done(false)));
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** The folder of PostgreSQL's server programs: on the PATH, or Debian's /usr/lib/postgresql/N/bin (newest). */
function postgresBin(): string | undefined {
  const onPath = which('initdb');
  if (onPath && which('pg_ctl')) return join(onPath, '..');
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** Why PostgreSQL cannot be started here, or undefined when it can (`initdb` and `pg_ctl` found). */
export function postgresMissing(): string | undefined {
  return postgresBin() ? undefined : 'initdb/pg_ctl are not installed (Debian package postgresql)';
}

/** Why Redis cannot be started here, or undefined when it can. */
export function redisMissing(): string | undefined {
  return which('redis-server') ? undefined : 'redis-server is not installed (Debian package redis-server)';
}

const exitHooks = new Set<() => void>();
process.once('exit', () => {
  for (const hook of exitHooks) hook();
});

/**
 * Starts a throwaway PostgreSQL in a temporary folder on a loopback port (as the `postgres`
 * user when running as root, since PostgreSQL refuses root), trusting loopback connections.
 */
export async function startPostgres(): Promise<LocalService> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'apostil-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
    chownSync(dir, Number(id.stdout), Number(gid.stdout));
  }
  chmodSync(dir, 0o700);
  const bin = postgresBin()!;
  const run = ([cmd, ...rest]: string[]) => {
    const args = [join(bin, cmd!), ...rest];
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', cwd: dir })
      : spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  };
  const data = join(dir, 'data');
  const port = await freePort();
  run(['initdb', '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const pgCtl = join(bin, 'pg_ctl');
  const stopNow = () =>
    spawnSync(asRoot ? 'runuser' : pgCtl, [...(asRoot ? ['-u', 'postgres', '--', pgCtl] : []), 'stop', '-D', data, '-m', 'immediate'], {
      cwd: dir,
      stdio: 'ignore',
    });
  exitHooks.add(stopNow);
  try {
    run([
      'pg_ctl',
      'start',
      '-D',
      data,
      '-w',
      '-t',
      '30',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    ]);
  } catch (e) {
    exitHooks.delete(stopNow);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      stopNow();
      exitHooks.delete(stopNow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a throwaway redis-server on a loopback port, with nothing saved to disk. */
export async function startRedis(): Promise<LocalService> {
  const missing = redisMissing();
  if (missing) throw new Error(missing);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'apostil-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { stdio: 'ignore' },
  );
  const kill = () => child.kill('SIGKILL');
  exitHooks.add(kill);
  try {
    await waitForPort(port, 10_000);
  } catch (e) {
    kill();
    exitHooks.delete(kill);
    throw e;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        child.kill('SIGKILL');
      }
      exitHooks.delete(kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
