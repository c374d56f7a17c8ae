import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { openStore } from '../app/sync/persistence/open';
import { sha256 } from '../app/sync/persistence/store';
import { invite } from '../app/sync/server';
import { postgresMissing, redisMissing, startPostgres, startRedis, type LocalService } from './services';
import { percentile } from './timing';

const r0 = (x: number) => Math.round(x);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Sizes of one team load run. */
export interface TeamLoadOptions {
  clients: number;
  articles: number;
  notes: number;
  /** Milliseconds of editing. */
  durationMs: number;
  /** Milliseconds between one client's edits. */
  editEveryMs: number;
  /** Server processes (1 without Redis, 2 or more through Redis). */
  processes: number;
  /** SIGKILL the last process halfway; its clients move to the first. */
  kill: boolean;
  /** Documents each client has open (a window of consecutive ones; all when 0 or more than there are). */
  docsPerClient?: number;
}

/** What a team load run measured and found. */
export interface TeamLoadReport {
  store: 'postgres' | 'sqlite';
  processes: number;
  clients: number;
  documents: number;
  duration_s: number;
  edits: number;
  acknowledged: number;
  edits_per_s: number;
  /** p50/p95 ms from an edit to its arrival at a client on another process (on the same process when there is one). */
  propagation_p50_ms: number;
  propagation_p95_ms: number;
  propagation_samples: number;
  /** Largest resident memory of each server process while editing, and per open document above its idle size (connections included). */
  rss_mb: number[];
  rss_per_document_kb: number;
  killed: boolean;
  /** Every client, every server process and the store hold the same documents. */
  identical: boolean;
  /** Acknowledged edits missing anywhere at the end (must be 0). */
  lost: number;
  problems: string[];
}

/** A `ws` socket that always listens for errors (a killed server must not end the process). */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 100_000 && Date.now() < end; i++) {
    if (test()) return true;
    await sleep(25);
  }
  return test();
}

/** One `apostil sync-server` process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
}

/** Starts `apostil sync-server --port 0 ARGS…` (from dist/) and resolves once it prints its address. */
export function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [resolve('dist/cli/apostil.js'), 'sync-server', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), fail(new Error(`sync-server printed no address: ${err}`))), 15_000);
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(ws:\/\/\S+)\n/m.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ url: m[1]!, child });
      }
    });
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`sync-server exited ${code}: ${err}`))));
  });
}

/** Stops a server process with SIGTERM (it stores what it holds), SIGKILL after 10 s. */
export async function stopProcess(p: ServerProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) p.child.kill('SIGKILL');
}

function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A simulated client: its documents, one socket to one server process, and what it edited and saw acknowledged. */
class LoadClient {
  readonly docs = new Map<string, Y.Doc>();
  private socket: HocuspocusProviderWebsocket | undefined;
  private providers: HocuspocusProvider[] = [];
  private readonly lastSeq = new Map<string, number>();
  /** Per document, the keys of edits the server acknowledged. */
  readonly acked = new Map<string, Set<string>>();
  private readonly made = new Map<string, string[]>();
  seq = 0;

  constructor(
    readonly id: string,
    readonly token: string,
    public url: string,
    readonly names: string[],
    readonly onSeen: (client: LoadClient, name: string, key: string, at: number) => void,
  ) {
    for (const n of names) {
      const doc = new Y.Doc();
      this.docs.set(n, doc);
      this.acked.set(n, new Set());
      this.made.set(n, []);
      if (n.includes('/article/'))
        doc.getMap<number>('edits').observe((e) => {
          const now = performance.now();
          if (e.transaction.local) return;
          for (const k of e.keysChanged) this.onSeen(this, n, k, now);
        });
    }
  }

  connect(url = this.url): void {
    this.url = url;
    this.socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: QuietWebSocket, minDelay: 50, maxDelay: 500, maxAttempts: 0 });
    for (const name of this.names) {
      const provider = new HocuspocusProvider({
        name,
        document: this.docs.get(name)!,
        websocketProvider: this.socket,
        token: this.token,
        awareness: null,
        onUnsyncedChanges: ({ number }) => {
          if (number !== 0) return;
          const made = this.made.get(name)!;
          const upTo = this.lastSeq.get(name) ?? 0;
          const acked = this.acked.get(name)!;
          for (let i = acked.size; i < upTo && i < made.length; i++) acked.add(made[i]!);
        },
      });
      provider.attach();
      this.providers.push(provider);
    }
  }

  /** Drops the connection and opens one to `url`, keeping every document as it is. */
  moveTo(url: string): void {
    this.disconnect();
    this.connect(url);
  }

  disconnect(): void {
    for (const p of this.providers) p.destroy();
    this.providers = [];
    this.socket?.destroy();
    this.socket = undefined;
  }

  synced(): boolean {
    return this.providers.length > 0 && this.providers.every((p) => p.isSynced && !p.hasUnsyncedChanges);
  }

  /** One edit: a timestamped key in an article document, or a marker typed into a note. */
  edit(name: string): void {
    const key = `${this.id}:${++this.seq}`;
    const doc = this.docs.get(name)!;
    if (name.includes('/article/')) doc.getMap<number>('edits').set(key, performance.now());
    else {
      const text = doc.getText('body');
      // At either end, so that no marker is typed into the middle of another.
      text.insert(Math.random() < 0.5 ? 0 : text.length, `[${key}]`);
    }
    this.made.get(name)!.push(key);
    this.lastSeq.set(name, this.made.get(name)!.length);
  }
}

/** The content of a document that must be identical everywhere. */
function contentOf(doc: Y.Doc): string {
  return JSON.stringify({ edits: Object.keys(doc.getMap('edits').toJSON()).sort(), body: doc.getText('body').toString() });
}

/** Runs `clients` simulated clients over server processes (and Redis when more than one), checks the end state and measures. */
export async function teamLoad(o: TeamLoadOptions): Promise<TeamLoadReport> {
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'apostil-team-'));
  const services: LocalService[] = [];
  const procs: ServerProcess[] = [];
  const clients: LoadClient[] = [];
  try {
    const usePg = !postgresMissing();
    if (o.processes > 1 && redisMissing()) throw new Error(redisMissing());
    const pg = usePg ? await startPostgres() : undefined;
    if (pg) services.push(pg);
    const redis = o.processes > 1 ? await startRedis() : undefined;
    if (redis) services.push(redis);
    const where = pg ? { postgres: pg.url } : { dataDir: join(dir, 'server') };
    const args = [...(pg ? ['--postgres', pg.url] : ['--data', where.dataDir!]), ...(redis ? ['--redis', redis.url] : [])];
    const store = await openStore(where);
    const tokens: string[] = [];
    for (let i = 0; i < o.clients; i++) tokens.push((await invite(store, { library: 'team', role: 'editor', name: `c${i}` })).token);
    await store.close();
    for (let i = 0; i < o.processes; i++) procs.push(await startServerProcess(args));
    await sleep(300);
    const idleRss = procs.map((p) => rssMb(p.child.pid));
    const names = [
      ...Array.from({ length: o.articles }, (_, i) => `team/article/${sha256(`article ${i}`)}`),
      ...Array.from({ length: o.notes }, () => `team/note/${randomUUID()}`),
    ];

    // Propagation: edits seen by a client on another process than the editor's (or the same one with one process).
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const procOf = (c: LoadClient) => procs.findIndex((p) => p.url === c.url);
    const onSeen = (client: LoadClient, _name: string, key: string, at: number) => {
      const t = sentAt.get(key);
      if (t === undefined) return;
      const editor = clients[Number(key.slice(1, key.indexOf(':')))]!;
      if (editor === client) return;
      if (o.processes > 1 && procOf(editor) === procOf(client)) return;
      if (latencies.length < 200_000) latencies.push(at - t);
    };
    for (let i = 0; i < o.clients; i++) {
      const per = o.docsPerClient && o.docsPerClient < names.length ? o.docsPerClient : names.length;
      // Client i opens window i / 2 of `per` documents: two neighbours (one on each process) share it, and so does every pair a full turn later.
      const mine = Array.from({ length: per }, (_, k) => names[(Math.floor(i / 2) * per + k) % names.length]!);
      const c = new LoadClient(`c${i}`, tokens[i]!, procs[i % procs.length]!.url, mine, onSeen);
      clients.push(c);
      c.connect();
    }
    if (!(await until(() => clients.every((c) => c.synced()), 30_000))) problems.push('not every client synced at the start');

    // Editing: every client edits a random document every editEveryMs (jittered), for durationMs.
    let edits = 0;
    const start = performance.now();
    let killed = false;
    const editTimers = clients.map((c) =>
      setInterval(
        () => {
          const name = c.names[Math.floor(Math.random() * c.names.length)]!;
          c.edit(name);
          sentAt.set(`${c.id}:${c.seq}`, performance.now());
          edits++;
        },
        o.editEveryMs * (0.8 + Math.random() * 0.4),
      ),
    );
    // Each process's resident memory, at its largest while editing (sampled every 500 ms).
    const loadedRss = procs.map(() => 0);
    const sampler = setInterval(() => procs.forEach((p, i) => (loadedRss[i] = Math.max(loadedRss[i]!, rssMb(p.child.pid)))), 500);
    try {
      if (o.kill && procs.length > 1) {
        await sleep(o.durationMs / 2);
        const victim = procs[procs.length - 1]!;
        victim.child.kill('SIGKILL');
        killed = true;
        for (const c of clients) if (c.url === victim.url) c.moveTo(procs[0]!.url);
        await sleep(o.durationMs / 2);
      } else await sleep(o.durationMs);
    } finally {
      clearInterval(sampler);
      for (const t of editTimers) clearInterval(t);
    }
    const elapsed = (performance.now() - start) / 1000;
    if (!(await until(() => clients.every((c) => c.synced()), 30_000))) problems.push('not every client settled after editing');
    // Let the processes relay the last updates to each other.
    const holders = new Map(names.map((n) => [n, clients.filter((c) => c.docs.has(n))]));
    for (const [n, h] of holders) if (h.length < 2) problems.push(`document ${n} is open on fewer than two clients`);
    const same = () => names.every((n) => holders.get(n)!.every((c) => contentOf(c.docs.get(n)!) === contentOf(holders.get(n)![0]!.docs.get(n)!)));
    if (!(await until(same, 30_000))) problems.push('clients hold different documents');

    // A killed process comes back on the same store and Redis; every process must then serve the same documents.
    if (killed) procs[procs.length - 1] = await startServerProcess(args);
    const verifiers = procs.map((p, i) => new LoadClient(`v${i}`, tokens[0]!, p.url, names, () => undefined));
    for (const v of verifiers) v.connect();
    if (!(await until(() => verifiers.every((v) => v.synced()), 20_000))) problems.push('a verification client did not sync');
    const reference = new Map(names.map((n) => [n, contentOf(holders.get(n)![0]!.docs.get(n)!)]));
    const serversSame = () => verifiers.every((v) => names.every((n) => contentOf(v.docs.get(n)!) === reference.get(n)));
    if (!(await until(serversSame, 10_000))) problems.push('a server process serves different documents than the clients hold');
    for (const v of verifiers) v.disconnect();

    // Stop the processes (they store what they hold) and read the store itself.
    for (const c of clients) c.disconnect();
    for (const p of procs) await stopProcess(p);
    const check = await openStore(where);
    const stored = new Map<string, Y.Doc>();
    for (const n of names) {
      const doc = new Y.Doc();
      const state = await check.fetchDocument(n);
      if (state) Y.applyUpdate(doc, state);
      stored.set(n, doc);
    }
    await check.close();
    const storeSame = names.every((n) => contentOf(stored.get(n)!) === reference.get(n));
    if (!storeSame) problems.push('the store holds different documents than the clients');

    let lost = 0;
    let acknowledged = 0;
    for (const c of clients)
      for (const n of c.names)
        for (const key of c.acked.get(n)!) {
          acknowledged++;
          const doc = stored.get(n)!;
          if (n.includes('/article/') ? !doc.getMap('edits').has(key) : !doc.getText('body').toString().includes(`[${key}]`)) lost++;
        }
    if (lost) problems.push(`${lost} acknowledged edits are missing from the store`);
    if (acknowledged < edits * 0.5) problems.push(`only ${acknowledged} of ${edits} edits were acknowledged`);

    const docsOpen = names.length;
    const perDoc = loadedRss.reduce((s, r, i) => s + Math.max(0, r - (idleRss[i] ?? 0)), 0) / Math.max(1, loadedRss.length) / docsOpen;
    return {
      store: pg ? 'postgres' : 'sqlite',
      processes: o.processes,
      clients: o.clients,
      documents: docsOpen,
      duration_s: r1(elapsed),
      edits,
      acknowledged,
      edits_per_s: r0(edits / elapsed),
      propagation_p50_ms: r1(percentile(latencies, 50)),
      propagation_p95_ms: r1(percentile(latencies, 95)),
      propagation_samples: latencies.length,
      rss_mb: loadedRss.map((r) => r1(r)),
      rss_per_document_kb: r0(perDoc * 1024),
      killed,
      identical: problems.every((p) => !/different/.test(p)),
      lost,
      problems,
    };
  } finally {
    for (const c of clients) c.disconnect();
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The propagation target: across processes through Redis at most this many times the single-process p95. */
export const TEAM_RATIO_TARGET = 2;

/** What `bench team` reports. */
export interface TeamBenchReport {
  single: TeamLoadReport;
  redis: TeamLoadReport;
  /** p95 through Redis / p95 on one process. */
  propagation_ratio: number;
  target_ratio: number;
}

/** The same load on one process and on two processes through Redis (killing one halfway), in one run. */
export async function teamBench(o: Partial<TeamLoadOptions> = {}): Promise<TeamBenchReport> {
  const base: TeamLoadOptions = {
    clients: 50,
    articles: 20,
    notes: 5,
    durationMs: 20_000,
    editEveryMs: 250,
    processes: 1,
    kill: false,
    docsPerClient: 5,
    ...o,
  };
  const single = await teamLoad({ ...base, processes: 1, kill: false });
  const redis = await teamLoad({ ...base, processes: 2, kill: o.kill ?? true });
  return { single, redis, propagation_ratio: r2(redis.propagation_p95_ms / Math.max(0.1, single.propagation_p95_ms)), target_ratio: TEAM_RATIO_TARGET };
}
