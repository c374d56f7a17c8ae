import { PassThrough } from 'node:stream';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreementCsv, binaryAlpha, cohensKappa, computeAgreement, nominalAlpha, percentAgreement } from '../../app/core/agreement';
import type { Library } from '../../app/core/library';
import { runAgreementCommand } from '../../app/cli/agreement';
import { Service } from '../../app/api/service';
import { openLibrary } from './helpers';

describe('agreement statistics', () => {
  it("Cohen's kappa: the textbook 50-proposal example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no) gives po 0.7, pe 0.5, kappa 0.4", () => {
    const c = { both: 20, onlyFirst: 5, onlySecond: 10, neither: 15 };
    expect(percentAgreement(c)).toBeCloseTo(0.7, 12);
    expect(cohensKappa(c)).toBeCloseTo(0.4, 12);
  });

  it("Krippendorff's binary example (two observers, ten units) gives alpha 0.095; kappa worked by hand 0.0909", () => {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example A.
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(nominalAlpha(a.map((v, i) => [v, b[i]!]))).toBeCloseTo(0.095, 3);
    // By hand: n = 20, six 1s, fourteen 0s, four units split 1/1: alpha = 1 − 19·4 / (14·6) = 8/84.
    const hist = [0, 0, 0];
    a.forEach((v, i) => hist[v + b[i]!]!++);
    expect(binaryAlpha(hist, 2)).toBeCloseTo(8 / 84, 12);
    // By hand: both 1, only A 1, only B 3, neither 5: po 0.6, pe 0.2·0.4 + 0.8·0.6 = 0.56, kappa 0.04/0.44.
    expect(cohensKappa({ both: 1, onlyFirst: 1, onlySecond: 3, neither: 5 })).toBeCloseTo(0.04 / 0.44, 12);
  });

  it("Krippendorff's nominal example with four observers and missing values gives alpha 0.743", () => {
    // Krippendorff (2011), example C: observers A–D, twelve units, null = no value.
    const _ = null;
    const obs = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const units = obs[0]!.map((_v, u) => obs.map((o) => o[u]!));
    expect(nominalAlpha(units)).toBeCloseTo(0.743, 3);
  });

  it('binary alpha with three coders equals the general nominal alpha', () => {
    const units = [
      [1, 1, 1],
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 1],
      [0, 0, 0],
      [1, 1, 0],
    ];
    const hist = [0, 0, 0, 0];
    for (const u of units) hist[u.reduce((s, v) => s + v, 0)]!++;
    expect(binaryAlpha(hist, 3)).toBeCloseTo(nominalAlpha(units)!, 12);
  });

  it('is undefined without variation', () => {
    expect(cohensKappa({ both: 0, onlyFirst: 0, onlySecond: 0, neither: 10 })).toBeNull();
    expect(binaryAlpha([10, 0, 0], 2)).toBeNull();
    expect(percentAgreement({ both: 0, onlyFirst: 0, onlySecond: 0, neither: 10 })).toBe(1);
  });
});

/** Makes a quote by `author` (written as a synced quote would arrive) over [start, end) with `tags`. */
function quoteBy(lib: Library, author: string, articleId: number, start: number, end: number, tags: string[]): void {
  const q = lib.quotes.create({ articleId, start, end, tags });
  lib.store.stmt('UPDATE quotes SET author_id = ?, author_name = ? WHERE id = ?').run(`id-${author}`, author, q.id);
}

describe('agreement over a library', () => {
  it('compares characters coded by each coder, per tag of the subtree (worked by hand)', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', 'abcdefghij');
    // X codes a–e, Y codes d–h with topic/x: both d–e (2), only X a–c (3), only Y f–h (3), neither i–j (2).
    quoteBy(lib, 'X', article.id, 0, 5, ['topic/x']);
    quoteBy(lib, 'Y', article.id, 3, 8, ['topic/x']);
    // topic/y: both code b–c exactly.
    quoteBy(lib, 'X', article.id, 1, 3, ['topic/y']);
    quoteBy(lib, 'Y', article.id, 1, 3, ['topic/y']);
    const r = computeAgreement(lib, { tag: 'topic' });
    expect(r.coders).toEqual(['X', 'Y']);
    expect(r.units).toBe(10);
    const byTag = new Map(r.tags.map((t) => [t.tag, t]));
    const x = byTag.get('topic/x')!;
    expect(x.agreement).toBeCloseTo(0.4, 12);
    // po 0.4, pe 0.5·0.5 + 0.5·0.5 = 0.5: kappa −0.2. alpha: 1 − 19·6 / (10·10) = −0.14.
    expect(x.kappa).toBeCloseTo(-0.2, 12);
    expect(x.alpha).toBeCloseTo(-0.14, 12);
    expect(x.coded).toEqual([5, 5]);
    const y = byTag.get('topic/y')!;
    expect([y.agreement, y.kappa]).toEqual([1, 1]);
    expect(y.alpha).toBeCloseTo(1, 12);
    // The root carries no quotes of its own: everyone agrees, the chance-corrected figures are undefined.
    expect(byTag.get('topic')).toMatchObject({ agreement: 1, kappa: null, alpha: null });
    expect(agreementCsv(r).split('\r\n')[0]).toBe('tag,agreement,kappa,alpha,coded_X,coded_Y');
  });

  it('counts characters, not UTF-16 units; three coders give alpha and no kappa', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('b.txt', '𠀀𠀁abc');
    quoteBy(lib, 'A', article.id, 0, 4, ['t']);
    quoteBy(lib, 'B', article.id, 0, 2, ['t']);
    quoteBy(lib, 'C', article.id, 0, 4, ['t']);
    const r = computeAgreement(lib, { tag: 't' });
    expect(r.units).toBe(5);
    const t = r.tags[0]!;
    expect(t.kappa).toBeUndefined();
    expect(t.coded).toEqual([2, 1, 2]);
    // Units by coders coding: 𠀀 3, 𠀁 2, a b c 0 → agreement 4/5; alpha by the general formula.
    expect(t.agreement).toBeCloseTo(0.8, 12);
    const units = [
      [1, 1, 1],
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    expect(t.alpha).toBeCloseTo(nominalAlpha(units)!, 12);
    // --coder narrows to two of them.
    expect(computeAgreement(lib, { tag: 't', coders: ['A', 'C'] }).tags[0]!.kappa).toBe(1);
  });

  it('refuses fewer than two coders, through the api channel and the CLI', async () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('c.txt', 'hello world');
    quoteBy(lib, 'A', article.id, 0, 5, ['t']);
    const service = new Service(lib, (e) => {
      throw e;
    });
    const r = service.call('agreement:compute', { tag: 't' });
    expect(r.ok).toBe(false);
    quoteBy(lib, 'B', article.id, 0, 5, ['t']);
    const ok = service.call('agreement:compute', { tag: 't', articleIds: [article.id] });
    expect(ok.ok && (ok.value as { agreement: { tags: { tag: string; kappa: number }[] } }).agreement.tags).toEqual([
      expect.objectContaining({ tag: 't', kappa: 1 }),
    ]);
    const file = lib.store.file;
    const out = new PassThrough();
    const err = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const status = await runAgreementCommand(['--db', file, 'agreement', '--tag', 't', '--csv'], out, err, resolve('.'));
    expect(status).toBe(0);
    expect(text.split('\r\n')[1]).toBe('t,1,1,1,5,5');
  });
});
