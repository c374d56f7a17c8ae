import { Parser } from 'htmlparser2';
import { compactRuns, type Rich, type Run } from './rich';

type Format = Omit<Run, 'text'>;

/** What one element of citeproc-js's HTML output does to the formatting inside it. */
function formatOf(name: string, attrs: Record<string, string>, outer: Format): Format {
  const f: Format = { ...outer };
  if (name === 'i' || name === 'em') f.italic = true;
  if (name === 'b' || name === 'strong') f.bold = true;
  if (name === 'sup') f.sup = true;
  if (name === 'sub') f.sub = true;
  const style = (attrs.style ?? '').replace(/\s/g, '');
  if (style.includes('font-style:italic')) f.italic = true;
  if (style.includes('font-style:normal')) f.italic = false;
  if (style.includes('font-weight:bold')) f.bold = true;
  if (style.includes('font-weight:normal')) f.bold = false;
  if (style.includes('font-variant:small-caps')) f.smallCaps = true;
  if (style.includes('font-variant:normal')) f.smallCaps = false;
  if (style.includes('vertical-align:sup')) f.sup = true;
  if (style.includes('vertical-align:sub')) f.sub = true;
  return f;
}

/**
 * Reads the HTML that citeproc-js writes for one citation or bibliography entry into
 * runs. Block boundaries (a numeric style's label and its text) become one space, and
 * whitespace is collapsed as a browser would.
 */
export function runsFromCiteprocHtml(html: string): Rich {
  const runs: Run[] = [];
  const stack: Format[] = [{}];
  let pendingSpace = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'div' && runs.length) pendingSpace = true;
        stack.push(formatOf(name, attrs, stack[stack.length - 1]!));
      },
      ontext(raw) {
        const text = raw.replace(/\s+/g, ' ');
        if (!text.trim() && !runs.length) return;
        const sep = pendingSpace && !/^\s/.test(text) && !/\s$/.test(runs[runs.length - 1]?.text ?? ' ') ? ' ' : '';
        pendingSpace = false;
        runs.push({ ...stack[stack.length - 1]!, text: sep + text });
      },
      onclosetag(name) {
        stack.pop();
        if (name === 'div') pendingSpace = true;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const out = compactRuns(runs);
  if (out.length) {
    out[0]!.text = out[0]!.text.replace(/^\s+/, '');
    out[out.length - 1]!.text = out[out.length - 1]!.text.replace(/\s+$/, '');
  }
  return compactRuns(out);
}
