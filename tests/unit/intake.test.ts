import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportJobs, type ImportJobStatus } from '../../app/api/importJobs';
import { Service } from '../../app/api/service';
import { ApostilError } from '../../app/core/errors';
import { OPEN_POLICY, PUBLIC_POLICY, type FetchPolicy } from '../../app/core/fetchPage';
import { importFile, readArticle } from '../../app/core/import';
import { readUrl } from '../../app/core/import/fromUrl';
import { readPage } from '../../app/core/import/mainText';
import type { Library } from '../../app/core/library';
import { checkForNewVersions, Watches } from '../../app/core/watch';
import { MIGRATIONS, openLibrary, tempDir } from './helpers';
import { INTAKE, startPageServer, type PageServer } from './pageServer';

const fixture = (name: string) => readFileSync(resolve(INTAKE, 'pages', name), 'utf8');
/** The CLI's and the desktop's policy, with a short time limit so the slow page costs the tests little. */
const QUICK: FetchPolicy = { ...OPEN_POLICY, timeoutMs: 400 };

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});

/** Fetches an address and imports it as the worker does. */
async function importUrl(lib: Library, url: string, policy = QUICK) {
  return importFile(lib, await readUrl(url, policy));
}

async function refusal(promise: Promise<unknown>): Promise<ApostilError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApostilError);
  return err as ApostilError;
}

const articleCount = (lib: Library) => lib.store.stmt<{ n: number }>('SELECT count(*) AS n FROM articles').get()!.n;

describe('main text of a web page', () => {
  it('a cluttered zh-Hant news page gives its article only, with headings, paragraphs and its source', () => {
    const { parsed, source } = readPage('news.html', fixture('news-zh-hant.html'));
    expect(parsed.body.split('\n\n')).toEqual([
      '習近平會見李在明 搶在日韓峰會前拉攏首爾',
      '記者王小明、陳美玲／台北報導 2026年3月5日',
      '中國國家主席習近平5日在北京人民大會堂會見南韓總統李在明，雙方就半導體、稀土供應以及朝鮮半島局勢交換意見。這是李在明就任後首度訪問中國。',
      '習近平表示：「中韓兩國是搬不走的近鄰，也是分不開的合作夥伴。」李在明則回應，南韓願意在互相尊重的基礎上，與中國深化經貿往來。',
      '搶在日韓峰會前 中國意在拉攏首爾',
      '分析人士指出，這次會談的時機耐人尋味。日韓兩國預定下週舉行峰會，北京希望在此之前穩住與首爾的關係，避免南韓在美中之間更加傾向華府。',
      '不過，南韓國內對於此行也有不同聲音。在野黨批評政府「過於急躁」，要求公開會談的具體內容（包括稀土出口管制的部分）。',
    ]);
    expect(parsed.body).not.toMatch(/國際|政治|優惠|廣告|相關新聞|網友|熱門|版權|隱私|cookie/);
    expect(parsed).toMatchObject({ title: '習近平會見李在明 搶在日韓峰會前拉攏首爾', date: '2026-03-05', lang: 'zh-Hant' });
    expect(source).toEqual({
      type: 'article-newspaper',
      title: '習近平會見李在明 搶在日韓峰會前拉攏首爾',
      author: [{ literal: '王小明' }, { literal: '陳美玲' }],
      'container-title': '測試新聞網',
      issued: { 'date-parts': [[2026, 3, 5]] },
      URL: 'https://news.example.tw/world/2026/03/05/xi-lee',
      language: 'zh-Hant',
    });
  });

  it('ruby keeps its base text only, and wrapped Japanese lines join without a space', () => {
    const { parsed, source } = readPage('ruby.html', fixture('ruby-ja.html'));
    expect(parsed.body).toContain('神保町の古書店街には、今年も多くの人が訪れた。店主の一人は「紙の本を手に取る若い人が増えている」と話す。');
    expect(parsed.body).toContain('漢字の読み方を覚えるのは、今も昔も楽しい作業だ。');
    expect(parsed.body).not.toMatch(/じんぼう|こしょ|かん|おぼ|[（(]|シェア|ログイン/);
    expect(source).toMatchObject({
      type: 'webpage',
      author: [{ literal: '山田 花子' }],
      'container-title': 'テスト新聞',
      issued: { 'date-parts': [[2026, 4, 1]] },
    });
    expect(parsed.lang).toBe('ja');
  });

  it('a vertical-text page reads in order, numbers set upright kept in place', () => {
    const { parsed } = readPage('vertical.html', fixture('vertical.html'));
    expect(parsed.body.split('\n\n')).toEqual([
      '縦書きの随筆',
      '春の朝、窓を開けると、10年前と同じ鳥の声が聞こえた。庭の桜は3分咲きで、風が吹くたびに花びらが一枚ずつ落ちていく。',
      '縦に書かれた文字を右から左へ読んでいくと、時間の流れまでゆっくりになるような気がする。この感覚は、横書きの画面ではなかなか味わえない。',
      '最後の段落では、読み終えた本を閉じて、もう一度最初の頁に戻ることにした。',
    ]);
  });

  it('a short page is read whole; a long page without an article is refused, offering the whole page, which then imports', () => {
    expect(readPage('short.html', '<p>Hello <b>there</b>.</p>').parsed.body).toBe('Hello there.');
    const links = Array.from({ length: 60 }, (_, i) => `<li><a href="/n${i}">第${i}則新聞標題：颱風、股市與選舉的最新消息</a></li>`).join('');
    const portal = `<html><body><nav><ul>${links}</ul></nav><div class="sidebar"><ul>${links}</ul></div></body></html>`;
    const lib = openLibrary();
    expect(() => importFile(lib, { name: 'portal.html', text: portal })).toThrow(
      /could not tell the article's main text .* in portal\.html\. You can import the whole page's text instead/,
    );
    expect(articleCount(lib)).toBe(0);
    const whole = importFile(lib, { name: 'portal.html', text: portal.replace('<nav>', '<div>').replace('</nav>', '</div>'), wholePage: true });
    expect(lib.articles.get(whole.articles[0]!.article.id).body).toContain('第59則新聞標題');
  });
});

describe('import from an address', () => {
  it('fetches a page, imports its main text with its source, watches it, and a second import of the same page changes nothing', async () => {
    const lib = openLibrary();
    const report = await importUrl(lib, `${server.origin}/news`);
    expect(report.format).toBe('html');
    const id = report.articles[0]!.article.id;
    expect(lib.articles.get(id).title).toBe('習近平會見李在明 搶在日韓峰會前拉攏首爾');
    expect(lib.sources.get(id)).toMatchObject({ csl: { URL: 'https://news.example.tw/world/2026/03/05/xi-lee', 'container-title': '測試新聞網' } });
    expect(lib.sources.get(id)?.csl.accessed).toBeDefined();
    expect(new Watches(lib.store).get(id)).toMatchObject({ url: `${server.origin}/news`, revisions: 1, lastError: null });
    const again = await importUrl(lib, `${server.origin}/redirect`);
    expect(again.articles).toMatchObject([{ article: { id }, created: false }]);
    expect(articleCount(lib)).toBe(1);
  });

  it('decodes a page in its declared character set', async () => {
    const lib = openLibrary();
    const report = await importUrl(lib, `${server.origin}/big5`);
    expect(lib.articles.get(report.articles[0]!.article.id).body).toBe('中文文字，上行文字。');
  });

  it('tells every failure plainly and imports nothing: 404, not HTML, too large (declared and streamed), too slow, offline, redirect loops', async () => {
    const lib = openLibrary();
    const cases: [string, string, RegExp][] = [
      ['/missing', 'not_found', /\/missing was not found \(HTTP 404\)/],
      ['/image', 'unsupported', /is not a web page or a PDF \(it is image\/png\)/],
      ['/huge', 'too_large', /is larger than 20 MB/],
      ['/endless', 'too_large', /is larger than 20 MB/],
      ['/slow', 'not_found', /did not send the page within 0 s|did not send the page within/],
      ['/loop', 'not_found', /redirects more than 5 times/],
    ];
    for (const [path, code, message] of cases) {
      const err = await refusal(importUrl(lib, `${server.origin}${path}`));
      expect([path, err.code]).toEqual([path, code]);
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/Nothing was imported\.$/);
    }
    const closed = await startPageServer();
    await closed.close();
    const offline = await refusal(importUrl(lib, `${closed.origin}/news`));
    expect(offline.message).toMatch(/^Cannot reach 127\.0\.0\.1:\d+: the connection was refused/);
    const bad = await refusal(importUrl(lib, 'ftp://example.com/x'));
    expect(bad.message).toMatch(/ftp: addresses cannot be imported/);
    expect(articleCount(lib)).toBe(0);
  });

  it('the web host policy refuses file:, loopback and private addresses unless the host was allowed on its command line', async () => {
    const lib = openLibrary();
    for (const url of [`${server.origin}/news`, 'http://[::1]:9/x', 'http://10.0.0.1/x', 'http://192.168.1.1/x', 'http://169.254.169.254/latest/meta-data']) {
      const err = await refusal(readUrl(url, PUBLIC_POLICY));
      expect(err.code).toBe('forbidden');
      expect(err.message).toMatch(/local or private network address/);
    }
    const file = await refusal(readUrl(`file://${resolve(INTAKE, 'pages', 'ruby-ja.html')}`, PUBLIC_POLICY));
    expect(file.message).toMatch(/is a file on this computer; the web host fetches only http and https addresses/);
    await importUrl(lib, `${server.origin}/ruby`, { ...PUBLIC_POLICY, allowHosts: ['127.0.0.1'] });
    await importUrl(lib, `file://${resolve(INTAKE, 'pages', 'vertical.html')}`, OPEN_POLICY);
    expect(articleCount(lib)).toBe(2);
  });
});

describe('checking an article for a new version', () => {
  it('an unchanged page changes nothing; a changed one becomes a revision with its quotes re-anchored; a failure is reported', async () => {
    server.set('/watched', fixture('news-zh-hant.html'));
    const lib = openLibrary();
    const id = (await importUrl(lib, `${server.origin}/watched`)).articles[0]!.article.id;
    const body = lib.articles.body(id);
    const quote = (text: string) => {
      const at = body.indexOf(text);
      return lib.quotes.create({ articleId: id, start: at, end: at + text.length, tags: ['region/Korea'] }).id;
    };
    const visit = quote('這是李在明就任後首度訪問中國');
    const reply = quote('南韓願意在互相尊重的基礎上');
    const reread = async (url: string, wholePage: boolean) => readArticle(await readUrl(url, QUICK, wholePage));
    const changes = lib.store.stmt<{ n: number }>('SELECT count(*) AS n FROM changes').get()!.n;

    const unchanged = await checkForNewVersions(lib, reread, id);
    expect(unchanged).toEqual([{ articleId: id, title: lib.articles.get(id).title, url: `${server.origin}/watched`, status: 'unchanged', revision: 1 }]);
    expect(lib.revisions.list(id)).toHaveLength(1);
    expect(lib.store.stmt<{ n: number }>('SELECT count(*) AS n FROM changes').get()!.n).toBe(changes);
    expect(new Watches(lib.store).get(id)?.lastCheckedAt).not.toBeNull();

    server.set('/watched', fixture('news-zh-hant-v2.html'));
    const [revised] = await checkForNewVersions(lib, reread);
    expect(revised).toMatchObject({ articleId: id, status: 'revised', revision: 2 });
    expect(revised!.counts!.orphaned).toBe(0);
    expect(lib.quotes.get(visit).exact).toBe('這是李在明就任後首度訪問中國');
    expect(lib.quotes.get(reply)).toMatchObject({ exact: '南韓願意在互相尊重的基礎上', status: 'moved' });
    expect(new Watches(lib.store).get(id)).toMatchObject({ revisions: 2, lastError: null });

    server.set('/watched', '');
    const [failed] = await checkForNewVersions(lib, async () => {
      throw new ApostilError('not_found', 'gone');
    });
    expect(failed).toMatchObject({ status: 'failed', revision: 2, code: 'not_found', error: 'gone' });
    expect(lib.revisions.list(id)).toHaveLength(2);
    await expect(checkForNewVersions(lib, reread, lib.articles.importText('plain.txt', '沒有網址的文章').article.id)).rejects.toThrow(
      /has no web address to check/,
    );
  });

  it('checks every watched article at most two at a time, telling progress, and stops between articles when asked', async () => {
    const lib = openLibrary();
    const watches = new Watches(lib.store);
    const ids = ['一', '二', '三', '四', '五'].map((n, i) => {
      const id = lib.articles.importText(`watched-${i}.txt`, `第${n}篇文章的內容。`).article.id;
      watches.watch(id, `https://news.example/${i}`, false);
      return id;
    });
    let running = 0;
    let most = 0;
    const reread = async (url: string) => {
      running++;
      most = Math.max(most, running);
      await new Promise((done) => setTimeout(done, 20));
      running--;
      const i = Number(url.slice(-1));
      if (i === 3) throw new ApostilError('not_found', 'Not found (HTTP 404).');
      const body = lib.articles.body(ids[i]!);
      return readArticle({ name: `${i}.txt`, text: i === 1 ? `${body}\n\n補充的一段。` : body });
    };
    const seen: [number, number][] = [];
    const checks = await checkForNewVersions(lib, reread, undefined, { progress: (done, total) => seen.push([done, total]) });
    expect(most).toBe(2);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5].map((n) => [n, 5]));
    expect(checks.map((c) => [c.articleId, c.status])).toEqual([
      [ids[0], 'unchanged'],
      [ids[1], 'revised'],
      [ids[2], 'unchanged'],
      [ids[3], 'failed'],
      [ids[4], 'unchanged'],
    ]);
    expect(checks[1]!.title).toBe(lib.articles.get(ids[1]!).title);
    expect(checks[3]).toMatchObject({ code: 'not_found', error: 'Not found (HTTP 404).' });

    let asked = 0;
    const fetched: string[] = [];
    const counted = (url: string) => (fetched.push(url), reread(url));
    const stopping = checkForNewVersions(lib, counted, undefined, { stop: () => ++asked > 2, concurrency: 1 });
    await expect(stopping).rejects.toMatchObject({ code: 'cancelled' });
    expect(fetched).toEqual(['https://news.example/0', 'https://news.example/1']);
    expect(lib.revisions.list(ids[1]!)).toHaveLength(3);
  });

  it('runs in the background through the api (import:url, watch:check, watch:get), where the web host may fetch only allowed hosts', async () => {
    const lib = openLibrary();
    const settle = async (jobs: ImportJobs, id: number): Promise<ImportJobStatus> => {
      for (let i = 0; i < 2000; i++) {
        const status = jobs.status(id);
        if (status.state !== 'running') return status;
        await new Promise((done) => setTimeout(done, 5));
      }
      throw new Error('the job did not finish');
    };
    const host = (allowHosts: string[]) =>
      new Service(
        lib,
        () => undefined,
        new ImportJobs({
          databaseFile: lib.store.file,
          migrationsDir: MIGRATIONS,
          workerScript: resolve('dist/worker/import.js'),
          fetchPolicy: { ...PUBLIC_POLICY, allowHosts },
        }),
      );
    const refused = host([]);
    const job = refused.call('import:url', { url: `${server.origin}/news` });
    expect(job.ok).toBe(true);
    const failed = await settle(refused.jobs!, (job as { value: { job: number } }).value.job);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'forbidden' } });
    expect(refused.call('import:url', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const allowed = host(['127.0.0.1']);
    const done = await settle(allowed.jobs!, (allowed.call('import:url', { url: `${server.origin}/news` }) as { value: { job: number } }).value.job);
    expect(done).toMatchObject({ state: 'done', report: { format: 'html', articles: [{ created: true }] } });
    const id = (done as { report: { articles: { article: { id: number } }[] } }).report.articles[0]!.article.id;
    const checked = await settle(allowed.jobs!, (allowed.call('watch:check', { articleId: id }) as { value: { job: number } }).value.job);
    expect(checked).toMatchObject({ state: 'done', report: { checks: [{ articleId: id, status: 'unchanged', revision: 1 }] } });
    expect(allowed.call('watch:get', { articleId: id })).toMatchObject({ ok: true, value: { watch: { url: `${server.origin}/news`, revisions: 1 } } });

    const links = Array.from({ length: 60 }, (_, i) => `<li><a href="/n${i}">第${i}則新聞標題：颱風、股市與選舉</a></li>`).join('');
    const portal = `<html><body><nav><ul>${links}</ul></nav><div class="sidebar"><ul>${links}</ul></div></body></html>`;
    server.set('/portal', portal);
    const offer = await settle(allowed.jobs!, (allowed.call('import:url', { url: `${server.origin}/portal` }) as { value: { job: number } }).value.job);
    expect(offer).toMatchObject({ state: 'failed', error: { code: 'bad_file', issues: [{ path: 'wholePage' }] } });
  });

  it('a check of every watched article in the background tells how many are done and stops within a second of Cancel, even mid-fetch', async () => {
    const lib = openLibrary();
    const jobs = new ImportJobs({
      databaseFile: lib.store.file,
      migrationsDir: MIGRATIONS,
      workerScript: resolve('dist/worker/import.js'),
      fetchPolicy: OPEN_POLICY,
    });
    const watches = new Watches(lib.store);
    for (const [i, name] of ['/watch-a', '/watch-b', '/watch-hang'].entries()) {
      server.set(name, `<html><body><article><h1>第${i}篇</h1><p>內容${i}。</p></article></body></html>`);
      const id = (await importUrl(lib, `${server.origin}${name}`)).articles[0]!.article.id;
      watches.watch(id, `${server.origin}${name}`, false);
    }
    server.fail('/watch-hang', 'hang');
    const job = jobs.start({ kind: 'check' });
    let status = jobs.status(job);
    for (let i = 0; i < 400 && !(status.state === 'running' && status.done === 2); i++) {
      await new Promise((done) => setTimeout(done, 10));
      status = jobs.status(job);
    }
    expect(status).toMatchObject({ state: 'running', done: 2, total: 3 });
    const asked = performance.now();
    expect(jobs.cancel(job)).toBe(true);
    expect(await jobs.finished(job)).toMatchObject({ state: 'cancelled' });
    expect(performance.now() - asked).toBeLessThan(1000);
  });

  it('apostil import URL and apostil refresh ARTICLE_ID --json', async () => {
    const db = join(tempDir(), 'cli.db');
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [resolve('dist/cli/apostil.js'), '--db', db, ...args, '--json'], { env: { ...process.env, APOSTIL_DB: '' } });
    const imported = JSON.parse((await run('import', `${server.origin}/ruby`)).stdout) as { articles: { id: number; title: string }[] };
    expect(imported.articles).toMatchObject([{ id: 1, title: '神保町の古書店街を歩く' }]);
    expect(JSON.parse((await run('refresh', '1')).stdout)).toEqual({
      checks: [{ articleId: 1, title: '神保町の古書店街を歩く', url: `${server.origin}/ruby`, status: 'unchanged', revision: 1 }],
    });
    const missing = await run('import', `${server.origin}/missing`).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(missing).toMatchObject({ code: 1 });
    expect(missing!.stderr).toMatch(/^apostil: http:\/\/127\.0\.0\.1:\d+\/missing was not found \(HTTP 404\)/);
    expect(missing!.stderr).not.toMatch(/\bat \w+ \(/);
  });
});
