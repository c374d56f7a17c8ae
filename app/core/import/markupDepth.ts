import { Parser } from 'htmlparser2';
import { MAX_MARKUP_DEPTH } from '../limits';
import { tooDeep } from '../nesting';

/** Thrown inside the markup parser's callback to stop it at the first over-deep element. */
class TooDeep extends Error {}

/**
 * Refuses HTML (or, with `xml`, XML) whose elements nest deeper than `limit`, measured
 * as the parser that builds the tree would nest them (implied closes and void elements
 * included). The scan stops at the first element past the limit, so its cost stays
 * linear even though the parser's own stack grows with depth.
 */
export function assertMarkupDepth(name: string, markup: string, xml = false, limit = MAX_MARKUP_DEPTH): void {
  let depth = 0;
  const parser = new Parser(
    {
      onopentag() {
        depth++;
        if (depth > limit) throw new TooDeep();
      },
      onclosetag() {
        depth--;
      },
    },
    { xmlMode: xml, decodeEntities: false },
  );
  try {
    parser.end(markup);
  } catch (err) {
    if (err instanceof TooDeep) tooDeep(name, 'its elements', limit);
    throw err;
  }
}
