import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleBlocks, decodeText, parseArticle } from '../../app/core/articleText';
import type { ApostilError } from '../../app/core/errors';
import { MAX_IMPORT_BYTES } from '../../app/core/limits';
import { SAMPLE } from './helpers';

const sampleText = readFileSync(SAMPLE, 'utf8');

describe('article import parsing', () => {
  it('reads the seed format: date header, first line as title, every paragraph kept', () => {
    const a = parseArticle('2026-01-02-xi-lee-state-visit.zh-Hant.txt', sampleText);
    expect(a.date).toBe('2026-01-02');
    expect(a.lang).toBe('zh-Hant');
    expect(a.title.startsWith('中國國家主席習近平4日將接待來訪的南韓總統李在明')).toBe(true);
    expect(a.body.startsWith('中國國家主席習近平')).toBe(true);
    expect(a.body).not.toMatch(/^date/);
    expect(a.body).toBe(sampleText.replace(/^\s*date 2026-01-02 /, '').trim());
    expect(a.body.split('\n\n').length).toBeGreaterThan(10);
  });

  it('marks the sample’s short standalone lines as subheadings', () => {
    const a = parseArticle('s.txt', sampleText);
    const headings = articleBlocks(a.body)
      .filter((b) => b.kind === 'heading')
      .map((b) => a.body.slice(b.start, b.end));
    expect(headings).toContain('搶在日韓峰會前 中國意在拉攏首爾');
    expect(headings).toContain('中日爭端不選邊 南韓尋求平衡保身');
    expect(headings.every((h) => !h.endsWith('。'))).toBe(true);
  });

  it('covers the whole body with blocks separated by blank lines', () => {
    const body = 'One.\n\nTwo\nlines.\n\nThree.';
    const blocks = articleBlocks(body);
    expect(blocks.map((b) => body.slice(b.start, b.end))).toEqual(['One.', 'Two\nlines.', 'Three.']);
  });

  it('takes the date header on its own line, normalises CRLF, BOM and extra blank lines', () => {
    const a = parseArticle('x.txt', '\uFEFFdate 2025-12-31\r\nA title\r\n\r\n\r\n\r\nFirst  paragraph. \r\nstill first.\r\n\r\nSecond.');
    expect(a.date).toBe('2025-12-31');
    expect(a.title).toBe('A title');
    expect(a.body).toBe('A title\n\nFirst  paragraph.\nstill first.\n\nSecond.');
  });

  it('reads Markdown: the first heading is the title and markup is dropped from the text', () => {
    const a = parseArticle('n.md', '# 韓國與中國\n\nSome **bold** and [a link](http://x.org) text.\n\n## 小標題\n\n- one\n- two\n\n1. first\n');
    expect(a.title).toBe('韓國與中國');
    expect(a.body).toBe('韓國與中國\n\nSome bold and a link text.\n\n小標題\n\n• one\n\n• two\n\n1. first');
  });

  it('shortens a very long first line to its first sentence for the title', () => {
    const long = `${'這是一個很長的句子'.repeat(5)}。${'後面還有更多的內容'.repeat(10)}`;
    expect(parseArticle('l.txt', long).title).toBe(`${'這是一個很長的句子'.repeat(5)}。`);
  });

  it('rejects empty, binary, invalid UTF-8, oversized input and impossible dates', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as ApostilError).code;
      }
      return 'none';
    };
    expect(code(() => parseArticle('e.txt', '  \n\n ')).valueOf()).toBe('bad_file');
    expect(code(() => decodeText(Uint8Array.from([0x41, 0x00, 0x42]), 'b.bin'))).toBe('bad_file');
    expect(code(() => decodeText(Uint8Array.from([0xe4, 0xb8]), 'cut.txt'))).toBe('bad_file');
    expect(code(() => decodeText(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41), 'big.txt'))).toBe('too_large');
    expect(code(() => parseArticle('d.txt', 'date 2025-13-45\nTitle'))).toBe('bad_file');
  });
});
