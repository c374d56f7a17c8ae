import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The local rule's findings for a snippet linted as if it were a view. */
async function findings(code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath: 'app/ui/views/example.ts' });
  return result!.messages.filter((m) => m.ruleId === 'local/no-unexternalized-strings').map((m) => m.message);
}

describe('local/no-unexternalized-strings', () => {
  it('refuses literal interface text in children, spoken attributes and DOM properties', async () => {
    const found = await findings(
      [
        "import { h } from '../dom';",
        "export const a = h('p', {}, 'Deleted quotes');",
        "export const b = h('button', { 'aria-label': 'Close', title: `Edit ${1}` });",
        "export function c(el: HTMLElement, n: number): void { el.textContent = `Quotes · ${n}`; el.setAttribute('aria-label', '已刪除'); }",
      ].join('\n'),
    );
    expect(found).toHaveLength(5);
  });

  it('lets catalogue lookups, glyphs, numbers and the product name through', async () => {
    const found = await findings(
      [
        "import { h } from '../dom';",
        "import { t } from '../i18n/i18n';",
        "export const a = h('p', { 'aria-label': t('trash.quotes') }, t('trash.empty'), '⋯', '❝', String(3), 'Apostil');",
        'export function b(el: HTMLElement, n: number): void { el.textContent = String(n); el.title = `${n} · ${n}`; }',
      ].join('\n'),
    );
    expect(found).toEqual([]);
  });
});
