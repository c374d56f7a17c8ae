import { describe, expect, it } from 'vitest';
import { en } from '../../app/ui/i18n/messages.en';
import { zhHant } from '../../app/ui/i18n/messages.zhHant';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('message catalogues', () => {
  it('have the same keys', () => {
    expect(Object.keys(zhHant).sort()).toEqual(Object.keys(en).sort());
  });

  it('fill in every placeholder of the English text', () => {
    for (const [key, text] of Object.entries(en)) {
      expect([key, [...new Set(placeholders(zhHant[key as keyof typeof en]))]]).toEqual([key, [...new Set(placeholders(text))]]);
    }
  });

  it('have no empty message', () => {
    for (const catalogue of [en, zhHant]) {
      for (const [key, text] of Object.entries(catalogue)) expect([key, text.trim().length > 0]).toEqual([key, true]);
    }
  });

  it('give plural forms in pairs', () => {
    for (const key of Object.keys(en)) {
      if (key.endsWith('.one')) expect(Object.keys(en)).toContain(`${key.slice(0, -4)}.other`);
    }
  });
});
