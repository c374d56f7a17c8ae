import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, redisMissing, startPostgres, startRedis, type LocalService } from '../../bench/services';
import { startServerProcess, stopProcess, teamLoad, type ServerProcess } from '../../bench/team';
import { openStore } from '../../app/sync/persistence/open';
import { invite } from '../../app/sync/server';
import { RawClient } from './sync-team-harness';
import { tempDir } from './helpers';

const missing = redisMissing();
/** APOSTIL_TEAM_LOAD=full runs the issue's size: 50 clients, 20 articles and 5 notes, 30 s of editing. */
const FULL = process.env.APOSTIL_TEAM_LOAD === 'full';

describe.skipIf(missing !== undefined)(`several server processes through Redis${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const services: LocalService[] = [];
  const procs: ServerProcess[] = [];
  const raws: RawClient[] = [];
  let args: string[] = [];
  let where: { postgres?: string; dataDir?: string } = {};
  beforeAll(async () => {
    const pg = postgresMissing() ? undefined : await startPostgres();
    if (pg) services.push(pg);
    const redis = await startRedis();
    services.push(redis);
    where = pg ? { postgres: pg.url } : { dataDir: `${tempDir()}/server` };
    args = [...(pg ? ['--postgres', pg.url] : ['--data', where.dataDir!]), '--redis', redis.url];
  }, 60_000);
  afterAll(async () => {
    for (const r of raws.splice(0)) r.destroy();
    for (const p of procs.splice(0)) await stopProcess(p);
    for (const s of services.splice(0).reverse()) await s.stop();
  });

  it('shows clients on two processes each other’s edits live, and a revocation closes connections on both', async () => {
    const store = await openStore(where);
    const a = await invite(store, { library: 'team', role: 'editor', name: 'Ana' });
    const b = await invite(store, { library: 'team', role: 'editor', name: 'Ben' });
    procs.push(await startServerProcess(args), await startServerProcess(args));
    const [one, two] = procs as [ServerProcess, ServerProcess];
    const ca = new RawClient(one.url, 'team/library', a.token);
    const cb = new RawClient(two.url, 'team/library', b.token);
    const cb2 = new RawClient(one.url, 'team/library', b.token);
    raws.push(ca, cb, cb2);
    await ca.until(() => ca.provider.isSynced && cb.provider.isSynced && cb2.provider.isSynced, 10_000, 'all synced');
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      ca.doc.getMap('m').set(`a${i}`, i);
      await cb.until(() => cb.doc.getMap('m').get(`a${i}`) === i, 2000, `edit a${i} on the other process`);
      cb.doc.getMap('m').set(`b${i}`, i);
      await ca.until(() => ca.doc.getMap('m').get(`b${i}`) === i, 2000, `edit b${i} on the other process`);
      expect(Date.now() - t).toBeLessThan(2000);
    }
    // Ben's token is revoked: his connections on both processes close.
    await store.revoke(b.tokenId);
    await store.close();
    await cb.until(() => cb.closed > 0 && cb2.closed > 0, 3000, 'both of Ben’s connections to close');
  }, 40_000);

  it(
    `holds ${FULL ? '50' : '10'} clients editing over two processes, one SIGKILLed halfway, with identical documents and nothing acknowledged lost`,
    async () => {
      const report = await teamLoad(
        FULL
          ? { clients: 50, articles: 20, notes: 5, durationMs: 30_000, editEveryMs: 250, processes: 2, kill: true }
          : { clients: 10, articles: 4, notes: 2, durationMs: 4000, editEveryMs: 150, processes: 2, kill: true },
      );
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ killed: true, identical: true, lost: 0 });
      expect(report.acknowledged).toBeGreaterThan(report.edits * 0.5);
      expect(report.propagation_samples).toBeGreaterThan(0);
    },
    FULL ? 120_000 : 60_000,
  );
});
