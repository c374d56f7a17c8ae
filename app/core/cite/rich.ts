/**
 * Formatted text as a list of runs: the one shape in which citations leave the
 * citation processor, so that HTML, Word and the renderer each draw them from data
 * (never from the processor's HTML), with the same emphasis. Pure code.
 */

/** A stretch of text with one set of formatting. */
export interface Run {
  text: string;
  italic?: boolean;
  bold?: boolean;
  smallCaps?: boolean;
  sup?: boolean;
  sub?: boolean;
}

/** A formatted citation or bibliography entry. */
export type Rich = Run[];

/** The plain text of runs. */
export function richText(runs: Rich): string {
  return runs.map((r) => r.text).join('');
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Runs as HTML that word processors keep on paste: `<i>`, `<b>`, `<sup>`, `<sub>` and small capitals; all text escaped. */
export function richHtml(runs: Rich): string {
  return runs
    .map((r) => {
      let html = escapeHtmlText(r.text);
      if (r.smallCaps) html = `<span style="font-variant:small-caps">${html}</span>`;
      if (r.sup) html = `<sup>${html}</sup>`;
      if (r.sub) html = `<sub>${html}</sub>`;
      if (r.bold) html = `<b>${html}</b>`;
      if (r.italic) html = `<i>${html}</i>`;
      return html;
    })
    .join('');
}

/** Joins runs that carry the same formatting, and drops empty ones. */
export function compactRuns(runs: Rich): Rich {
  const out: Rich = [];
  const same = (a: Run, b: Run) =>
    !!a.italic === !!b.italic && !!a.bold === !!b.bold && !!a.smallCaps === !!b.smallCaps && !!a.sup === !!b.sup && !!a.sub === !!b.sub;
  for (const r of runs) {
    if (!r.text) continue;
    const last = out[out.length - 1];
    if (last && same(last, r)) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}
