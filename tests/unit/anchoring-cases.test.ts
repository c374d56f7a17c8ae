import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorQuote, locateQuote } from '../../app/core/anchoring/anchor';
import { describeTextQuote } from '../../app/core/anchoring/describe';
import { fuzzyMatch } from '../../app/core/anchoring/fuzzy';
import { matchTextPosition, matchTextQuote } from '../../app/core/anchoring/selectors';
import { lastCodePoints, firstCodePoints, utf16ToCodePoint } from '../../app/core/text';
import { TESTDATA } from './helpers';

const dir = join(TESTDATA, 'anchoring');
const load = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

interface Range {
  start: number;
  end: number;
  cp?: { start: number; end: number };
}
interface MatchCase {
  name: string;
  text: string;
  selector: { type: string; exact?: string; prefix?: string; suffix?: string; start?: number; end?: number };
  expected: Range[];
}

const both = (text: string, ranges: { start: number; end: number }[]) =>
  ranges.map((r) => ({ start: r.start, end: r.end, cp: { start: utf16ToCodePoint(text, r.start), end: utf16ToCodePoint(text, r.end) } }));

function runMatchCases(cases: MatchCase[]) {
  for (const c of cases) {
    it(c.name, () => {
      const found =
        c.selector.type === 'TextPositionSelector'
          ? [matchTextPosition(c.text, { start: c.selector.start!, end: c.selector.end! })].filter((r) => r !== null)
          : matchTextQuote(c.text, { exact: c.selector.exact!, prefix: c.selector.prefix, suffix: c.selector.suffix });
      expect(both(c.text, found)).toEqual(c.expected.map((e) => ({ start: e.start, end: e.end, cp: e.cp ?? { start: e.start, end: e.end } })));
    });
  }
}

describe('Apache Annotator text-quote match cases (UTF-16 and code points)', () => {
  runMatchCases(load<MatchCase[]>('apache-annotator/text-quote-match.json'));
});

describe('Apache Annotator text-position match cases (selectors in code points)', () => {
  runMatchCases(load<MatchCase[]>('apache-annotator/text-position-match.json'));
});

describe('CJK extra cases', () => {
  runMatchCases(load<MatchCase[]>('cjk-extra/cjk-anchoring.json'));
});

describe('Apache Annotator text-quote describe cases', () => {
  const cases = load<{ group: string; name: string; text: string; range: Range; options: object; expected: object }[]>(
    'apache-annotator/text-quote-describe.json',
  );
  for (const c of cases) {
    it(`${c.group}: ${c.name}`, () => {
      const { type: _type, ...expected } = c.expected as { type: string };
      expect(describeTextQuote(c.text, c.range, c.options)).toEqual(expected);
    });
  }
});

describe('dom-anchor-text-quote cases', () => {
  const data = load<{
    text: string;
    cases: {
      name: string;
      describe?: boolean;
      range?: Range;
      selector?: { exact: string; prefix?: string; suffix?: string };
      hint?: number;
      expected: unknown;
    }[];
  }>('dom-anchor-text-quote/text-quote.json');
  for (const c of data.cases) {
    it(c.name, () => {
      if (c.describe) {
        const { start, end } = c.range!;
        expect({
          exact: data.text.slice(start, end),
          prefix: lastCodePoints(data.text.slice(0, start), 32),
          suffix: firstCodePoints(data.text.slice(end), 32),
        }).toEqual(c.expected);
        return;
      }
      const found = locateQuote(data.text, c.selector!, { hint: c.hint });
      expect(found ? [{ start: found.start, end: found.end }] : []).toEqual(c.expected);
    });
  }
});

describe('Hypothesis matchQuote cases', () => {
  type HCase = {
    name: string;
    text: string;
    selector?: { exact: string; prefix?: string; suffix?: string };
    hint?: number;
    expected?: { start: number; end?: number }[];
    exact?: string;
    orderedQuotes?: string[];
    orderedPrefixes?: string[];
    orderedSuffixes?: string[];
  };
  const cases = load<HCase[]>('hypothesis/match-quote.json');
  const text = cases[0]!.text;
  for (const c of cases) {
    it(c.name, () => {
      if (c.selector) {
        const found = locateQuote(c.text, c.selector, { hint: c.hint });
        const actual = found ? [c.expected?.[0]?.end === undefined ? { start: found.start } : { start: found.start, end: found.end }] : [];
        expect(actual).toEqual(c.expected);
        return;
      }
      const permissive = (q: string, ctx: { prefix?: string; suffix?: string }) => fuzzyMatch(text, q, ctx, Math.floor(q.length / 2))?.score ?? 0;
      const scores = c.orderedQuotes
        ? c.orderedQuotes.map((q) => permissive(q, {}))
        : c.orderedPrefixes
          ? c.orderedPrefixes.map((p) => permissive(c.exact!, { prefix: p }))
          : c.orderedSuffixes!.map((s) => permissive(c.exact!, { suffix: s }));
      for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThan(scores[i - 1]!);
    });
  }
});

describe('Hypothesis range cases (UTF-16 positions over an HTML fixture’s text)', () => {
  const data = load<{
    text: string;
    cases: { description: string; selector: { start: number; end: number }; quote: string; expected: { start: number; end: number }[] }[];
  }>('hypothesis/html-range-specs.json');
  for (const c of data.cases) {
    it(c.description, () => {
      const { start, end } = c.selector;
      expect(data.text.slice(start, end)).toBe(c.quote);
      const sel = { exact: c.quote, prefix: lastCodePoints(data.text.slice(0, start), 32), suffix: firstCodePoints(data.text.slice(end), 32), start, end };
      const anchor = anchorQuote(data.text, sel);
      expect([{ start: anchor.start, end: anchor.end }]).toEqual(c.expected);
      expect(anchor.status).toBe('exact');
      const shifted = anchorQuote(`插入的前言。\n${data.text}`, sel);
      expect(shifted).toMatchObject({ status: 'moved', start: start + 7, end: end + 7 });
    });
  }
});
