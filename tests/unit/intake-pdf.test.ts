import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { OPEN_POLICY } from '../../app/core/fetchPage';
import { importFile, readAhead } from '../../app/core/import';
import { readUrl } from '../../app/core/import/fromUrl';
import { pageAt, readPdf } from '../../app/core/import/pdf';
import { layoutPdfText, type PdfItem } from '../../app/core/import/pdfLayout';
import { Watches } from '../../app/core/watch';
import { openLibrary } from './helpers';
import { INTAKE, startPageServer, type PageServer } from './pageServer';

const pdf = (name: string) => readFileSync(resolve(INTAKE, name));

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});

describe('PDF text layer', () => {
  it('reads a Chromium-printed report: paragraphs rebuilt, CJK without invented spaces, hyphenation joined, two columns in order, running header and footer dropped, pages kept', async () => {
    const { parsed, pageStarts, source } = await readPdf('report.pdf', pdf('report.pdf'));
    const paragraphs = parsed.body.split('\n\n');
    expect(paragraphs.slice(0, 3)).toEqual([
      '兩岸半導體供應鏈的新局',
      '中國國家主席習近平五日在北京會見南韓總統李在明，雙方就半導體、稀土與區域安全交換意見。分析人士指出，這次會談的時機耐人尋味，北京希望在日韓峰會之前穩住與首爾的關係，並藉此向華府傳遞訊息。',
      '臺灣的晶圓代工業者則持續擴大在海外的投資。業界人士表示：「供應鏈的重組不會在一夜之間完成，但方向已經相當清楚。」',
    ]);
    // The font maps 田 to the Kangxi radical ⽥; it is read as the ideograph.
    expect(parsed.body).toContain('神田神保町の古書店街には、今年も多くの人が訪れた。店主の一人は「紙の本を手に取る若い人が増えている」と話す。');
    expect(parsed.body).toContain('서울시는 올해 안에 열 곳의 작은 도서관을 새로 열 계획이라고 밝혔다.');
    expect(paragraphs.slice(-4)).toEqual([
      'The committee examined the international implications of the new semiconductor export rules, which take effect next month. Critics argued that the regulations were written without sufficient consultation of the manufacturers most affected by them.',
      'Supporters replied that the rules were a necessary response to a changing security environment, and that the government had published its proposals for comment more than a year ago. The debate is expected to continue throughout the autumn session.',
      'In the second column, the report turns to the question of how small firms will meet the new requirements. Several trade associations have asked for a transition period of at least two years, pointing to the cost of new compliance systems and the shortage of qualified staff.',
      'The ministry has said it will consider these requests carefully before the rules are finalized, and it invited further written submissions from all interested parties.',
    ]);
    expect(parsed.body).not.toMatch(/Quarterly|Page \d|\u00ad|⽥/);
    expect(pageStarts).toHaveLength(4);
    expect(['兩岸半導體', '東京の春と', '서울의 새로', 'Two Columns'].map((s) => pageAt(pageStarts, parsed.body.indexOf(s)))).toEqual([1, 2, 3, 4]);
    expect(pageStarts.map((s) => parsed.body.slice(s, s + 4))).toEqual(['兩岸半導', '東京の春', '서울의 ', 'Two ']);
    expect(parsed.title).toBe('Apostil PDF test report');
    expect(source).toMatchObject({ type: 'document', title: 'Apostil PDF test report' });
  });

  it('a paragraph running over a page break stays one paragraph, and the page still starts where it did', () => {
    const line = (str: string, y: number, eol = true): PdfItem => ({ str, x: 50, y, width: str.length * 6, height: 10, hasEOL: eol });
    const { body, pageStarts } = layoutPdfText([
      [line('Running head', 800), line('The first page ends in the middle of a sen-', 700), line('1', 40)],
      [line('Running head', 800), line('tence that the second page finishes.', 700), line('2', 40)],
      [line('Running head', 800), line('第三頁的中文段落在這裡', 700), line('繼續，沒有空格。', 688), line('3', 40)],
    ]);
    expect(body).toBe('The first page ends in the middle of a sentence that the second page finishes.\n\n第三頁的中文段落在這裡繼續，沒有空格。');
    expect(pageStarts).toEqual([0, body.indexOf('tence'), body.indexOf('第三頁')]);
  });

  it('reads Chromium-printed vertical Japanese column by column, right to left and top to bottom, with its punctuation and upright numbers', async () => {
    const { parsed, pageStarts } = await readPdf('vertical.pdf', pdf('vertical.pdf'));
    const paragraphs = parsed.body.split('\n\n');
    expect(paragraphs).toEqual([
      '縦書きの随筆',
      '春の朝、窓を開けると、10年前と同じ鳥の声が聞こえた。庭の桜は3分咲きで、風が吹くたびに花びらが一枚ずつ落ちていく。',
      '縦に書かれた文字を右から左へ読んでいくと、時間の流れまでゆっくりになるような気がする。この感覚は、横書きの画面ではなかなか味わえない。「本を読む」という行為そのものが、目の動きと結びついているのだろう。',
      '古書店の棚には、戦前の文庫本が背表紙を並べていた。色あせた紙の匂いをかぎながら、一冊を手に取って頁をめくる。活字の組み方も、句読点の位置も、今の本とは少しずつ違っている。',
      '最後の段落では、読み終えた本を閉じて、もう一度最初の頁に戻ることにした。',
    ]);
    expect(pageStarts).toEqual([0, parsed.body.indexOf('古書店')]);
    expect(parsed.lang).toBe('ja');
  });

  it('vertical columns: an indented column starts a paragraph, a wrapped one does not; vertical punctuation reads as the usual marks', () => {
    // One glyph per item, as Chromium and many typesetters draw vertical text; columns 20 apart, from the right.
    const column = (text: string, x: number, top = 700): PdfItem[] =>
      [...text].map((ch, i) => ({ str: ch, x, y: top - i * 12, width: 12, height: 12, hasEOL: i === 0 }));
    const { body } = layoutPdfText([
      [...column('一二三四五六七八九十', 300), ...column('零一二︒', 280), ...column('新段落從這裡開始︑', 260, 688), ...column('接著寫︒', 240)],
    ]);
    expect(body).toBe('一二三四五六七八九十零一二。\n\n新段落從這裡開始、接著寫。');
  });

  it('a page whose text is drawn turned a quarter (or half) turn reads as if it were upright', () => {
    const line = (str: string, y: number, x = 50): PdfItem => ({ str, x, y, width: str.length * 6, height: 10, hasEOL: true });
    const upright = [
      line('A table printed on its side', 700),
      line('runs over two lines of the page.', 688),
      line('A second paragraph starts after a gap.', 650),
      line('第二段的中文', 638),
      line('接著寫。', 626),
    ];
    const expected = layoutPdfText([upright]).body;
    expect(expected).toBe('A table printed on its side runs over two lines of the page.\n\nA second paragraph starts after a gap.第二段的中文接著寫。');
    for (const turn of [90, 180, 270]) {
      const r = (turn * Math.PI) / 180;
      const turned = upright.map((i) => ({
        ...i,
        x: i.x * Math.cos(r) - i.y * Math.sin(r),
        y: i.x * Math.sin(r) + i.y * Math.cos(r),
        angle: turn > 180 ? turn - 360 : turn,
      }));
      expect(layoutPdfText([turned]).body).toBe(expected);
    }
  });

  it('imports a PDF with its page starts; quotes know their page; the sync path asks for the background import', async () => {
    const lib = openLibrary();
    const input = await readAhead({ name: 'report.pdf', bytes: pdf('report.pdf') });
    const report = importFile(lib, input);
    expect(report.format).toBe('pdf');
    const id = report.articles[0]!.article.id;
    const starts = new Watches(lib.store).pages(id, 1)!;
    expect(pageAt(starts, lib.articles.body(id).indexOf('In the second column'))).toBe(4);
    const service = new Service(lib, () => undefined);
    expect(service.call('import:run', { name: 'report.pdf', base64: pdf('report.pdf').toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'unsupported', message: expect.stringMatching(/^report\.pdf is a PDF; PDFs are imported in the background/) },
    });
  });

  it('imports a PDF from an address', async () => {
    const lib = openLibrary();
    const report = importFile(lib, await readUrl(`${server.origin}/report.pdf`, OPEN_POLICY));
    const id = report.articles[0]!.article.id;
    expect(lib.sources.get(id)?.csl).toMatchObject({ type: 'webpage', URL: `${server.origin}/report.pdf` });
    expect(new Watches(lib.store).get(id)?.url).toBe(`${server.origin}/report.pdf`);
  });

  it('refuses a scanned PDF, an encrypted one and a damaged one, saying why and naming the file', async () => {
    await expect(readPdf('scan.pdf', pdf('scanned.pdf'))).rejects.toThrow(
      /^scan\.pdf has no text layer: its pages are pictures \(a scan\)\. .*OCR.* Nothing was imported\.$/,
    );
    await expect(readPdf('locked.pdf', pdf('encrypted.pdf'))).rejects.toThrow(/^locked\.pdf is encrypted with a password; .* Nothing was imported\.$/);
    await expect(readPdf('bad.pdf', pdf('not-a.pdf'))).rejects.toThrow(
      /^bad\.pdf is not a PDF Apostil can read \(it is damaged or not really a PDF\)\. Nothing was imported\.$/,
    );
  });
});
