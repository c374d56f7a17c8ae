import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importFile, readAhead, type ImportInput } from '../app/core/import';
import { Library } from '../app/core/library';
import { appLayout } from '../app/core/paths';
import { corpusArticles } from './corpus';
import { machine } from './machine';
import { random } from './random';
import { percentile, round } from './timing';

/** One kind of intake against importing the text it gives as a .txt file, in the same run. */
export interface IntakeCase {
  name: string;
  input_bytes: number;
  text_chars: number;
  /** PDFs: pages read. */
  pages?: number;
  runs: number;
  p50_ms: number;
  p95_ms: number;
  txt_p50_ms: number;
  txt_p95_ms: number;
  /** p50 of the intake over p50 of importing the same text as .txt. */
  ratio: number;
}

/** Result of the intake benchmark, as printed with --json. */
export interface IntakeReport {
  machine: Record<string, string | number>;
  cases: IntakeCase[];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Paragraphs of the corpus in one language, repeated as needed, until `chars` characters. */
function paragraphs(lang: string, chars: number): string[] {
  const all = corpusArticles()
    .filter((a) => a.lang === lang)
    .flatMap((a) => a.text.split(/\n+/).map((p) => p.trim()))
    .filter((p) => p.length > 20);
  const out: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const p = all[i % all.length]!;
    out.push(p);
    n += p.length;
  }
  return out;
}

/**
 * A ~1 MB zh-Hant news page as sites serve them: JSON-LD and meta tags, a large inline
 * script and style sheet, navigation, an article of about 60,000 characters with an
 * advertisement inside it, related links, a sidebar and comments.
 */
export function newsPage(targetBytes = 1_000_000): string {
  const rand = random(18);
  const body = paragraphs('zh-Hant', 60_000);
  const links = (n: number, cls: string) =>
    `<ul class="${cls}">${Array.from({ length: n }, (_, i) => `<li><a href="/news/${i}">${escapeHtml(body[Math.floor(rand() * body.length)]!.slice(0, 18))}</a></li>`).join('')}</ul>`;
  const article = body
    .map(
      (p, i) =>
        (i === Math.floor(body.length / 2) ? `<div class="ad ad-inline"><a href="/ad">廣告 贊助內容</a></div>` : '') +
        (i % 12 === 11 ? `<h2>${escapeHtml(p.slice(0, 14))}</h2>` : `<p>${escapeHtml(p)}</p>`),
    )
    .join('\n');
  const head = [
    '<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>兩岸半導體供應鏈的新局 | 範例新聞網</title>',
    '<meta property="og:site_name" content="範例新聞網"><meta property="article:published_time" content="2026-03-05T08:00:00+08:00">',
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"兩岸半導體供應鏈的新局","author":[{"@type":"Person","name":"王小明"}],"datePublished":"2026-03-05"}</script>',
  ].join('\n');
  const page = (script: string) =>
    `${head}\n<script>${script}</script><style>${'.c{margin:0 auto;padding:4px}\n'.repeat(400)}</style></head><body>` +
    `<header><nav>${links(200, 'menu')}</nav></header><main><article><h1>兩岸半導體供應鏈的新局</h1><p class="byline">記者王小明／台北報導</p>\n${article}\n</article>` +
    `<aside class="related"><h3>相關新聞</h3>${links(120, 'related')}</aside><aside class="sidebar"><h3>熱門</h3>${links(60, 'popular')}</aside>` +
    `<section id="comments" class="comments">${Array.from({ length: 200 }, (_, i) => `<div class="comment"><b>讀者${i}</b><p>${escapeHtml(body[i % body.length]!.slice(0, 40))}</p></div>`).join('')}</section>` +
    `<footer>${links(40, 'footer-links')}<p>© 2026 範例新聞網</p></footer></body></html>`;
  const without = Buffer.byteLength(page(''));
  const filler = 'window.__STATE__=window.__STATE__||[];__STATE__.push({"id":0,"v":"abcdefghijklmnopqrstuvwxyz0123456789"});\n';
  return page(filler.repeat(Math.max(0, Math.ceil((targetBytes - without) / filler.length))));
}

/** A string as a PDF literal string: ASCII only (the font's encoding), with `\`, `(` and `)` escaped. */
function pdfString(s: string): string {
  const ascii = s
    .normalize('NFKD')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e]/g, '');
  return `(${ascii.replace(/[\\()]/g, '\\$&')})`;
}

/**
 * A PDF of `pages` A4 pages of English prose from the corpus, written directly (Helvetica,
 * one text line per `Tj`, a blank line between paragraphs), with a running header and a
 * page number on every page, which the reader drops.
 */
export function reportPdf(pages = 100): Buffer {
  const LINES = 52;
  const WIDTH = 92;
  const lines: string[] = [];
  for (const p of paragraphs('en', pages * LINES * WIDTH)) {
    let line = '';
    for (const word of p.split(/\s+/)) {
      if (line && line.length + word.length + 1 > WIDTH) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    lines.push('');
    if (lines.length >= pages * LINES) break;
  }
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'];
  const kids: number[] = [];
  for (let n = 0; n < pages; n++) {
    const text = lines.slice(n * LINES, (n + 1) * LINES).map((l) => (l ? `${pdfString(l)} Tj T*` : 'T*'));
    const stream = [
      `BT /F1 9 Tf 56 810 Td ${pdfString('Apostil benchmark report - Quarterly review')} Tj ET`,
      `BT /F1 11 Tf 14 TL 56 780 Td ${text.join('\n')} ET`,
      `BT /F1 9 Tf 290 30 Td ${pdfString(String(n + 1))} Tj ET`,
    ].join('\n');
    objects.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    const contents = objects.length;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contents} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${pages} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Imports `input` (read ahead first, as the background import does) into a fresh library; returns the article's text and the milliseconds taken. */
async function timedImport(dir: string, run: string, input: () => ImportInput): Promise<{ ms: number; body: string; pages?: number }> {
  const lib = Library.open(join(dir, `${run}.db`), appLayout(resolve(__dirname, '..', '..')).migrationsDir);
  try {
    const start = performance.now();
    const report = importFile(lib, await readAhead(input()));
    const ms = performance.now() - start;
    const id = report.articles[0]?.article.id;
    if (id === undefined) throw new Error(`${run}: nothing was imported.`);
    const article = lib.articles.get(id);
    return { ms, body: article.body, pages: article.pageStarts?.length };
  } finally {
    lib.close();
  }
}

/** Runs one intake case and its .txt baseline, alternating, `runs` times each after a warm-up. */
async function intakeCase(dir: string, name: string, file: string, bytes: Buffer, runs: number): Promise<IntakeCase> {
  const first = await timedImport(dir, `${file}-warm`, () => ({ name: file, bytes }));
  const txt = Buffer.from(first.body, 'utf8');
  await timedImport(dir, `${file}-txt-warm`, () => ({ name: 'same.txt', bytes: txt }));
  const times: number[] = [];
  const txtTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push((await timedImport(dir, `${file}-${i}`, () => ({ name: file, bytes }))).ms);
    txtTimes.push((await timedImport(dir, `${file}-txt-${i}`, () => ({ name: 'same.txt', bytes: txt }))).ms);
  }
  const p50 = percentile(times, 50);
  const txtP50 = percentile(txtTimes, 50);
  return {
    name,
    input_bytes: bytes.byteLength,
    text_chars: first.body.length,
    ...(first.pages ? { pages: first.pages } : {}),
    runs,
    p50_ms: round(p50),
    p95_ms: round(percentile(times, 95)),
    txt_p50_ms: round(txtP50),
    txt_p95_ms: round(percentile(txtTimes, 95)),
    ratio: round(p50 / Math.max(txtP50, 0.01)),
  };
}

/**
 * Extracting a ~1 MB news page and importing a 100-page PDF, each against importing the
 * text it gives as a .txt file, in the same run, into fresh libraries (inputs generated
 * here: no network, no files beyond the corpus).
 */
export async function intakeBench(options: { runs?: number; pages?: number; pageBytes?: number } = {}): Promise<IntakeReport> {
  const { runs = 5, pages = 100, pageBytes = 1_000_000 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'apostil-bench-intake-'));
  try {
    const html = Buffer.from(newsPage(pageBytes), 'utf8');
    const pdf = reportPdf(pages);
    const cases = [
      await intakeCase(dir, `news page (${(html.byteLength / 2 ** 20).toFixed(2)} MiB HTML, zh-Hant)`, 'page.html', html, runs),
      await intakeCase(dir, `PDF (${pages} pages, English)`, 'report.pdf', pdf, runs),
    ];
    const lib = Library.open(join(dir, 'machine.db'), appLayout(resolve(__dirname, '..', '..')).migrationsDir);
    try {
      return { machine: machine(lib), cases };
    } finally {
      lib.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
