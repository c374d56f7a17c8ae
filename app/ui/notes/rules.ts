import { ellipsis, emDash, InputRule, inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import type { MarkType } from 'prosemirror-model';
import type { Plugin } from 'prosemirror-state';
import { noteSchema } from './schema';

/** `**text**` → bold text (and the like): replaces the typed delimiters with a mark. */
function markRule(pattern: RegExp, type: MarkType): InputRule {
  return new InputRule(pattern, (state, match, start, end) => {
    const text = match[2];
    if (!text) return null;
    const from = start + match[1]!.length;
    return state.tr.replaceWith(from, end, noteSchema.text(text, [type.create()])).removeStoredMark(type);
  });
}

const { nodes, marks } = noteSchema;

/** Markdown-style shortcuts typed at the start of a line or around words. */
export function noteInputRules(): Plugin {
  return inputRules({
    rules: [
      ellipsis,
      emDash,
      textblockTypeInputRule(/^(#{1,3})\s$/, nodes.heading!, (m) => ({ level: m[1]!.length })),
      wrappingInputRule(/^\s*>\s$/, nodes.blockquote!),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list!),
      wrappingInputRule(
        /^(\d+)\.\s$/,
        nodes.ordered_list!,
        (m) => ({ order: Number(m[1]) }),
        (m, node) => node.childCount + (node.attrs.order as number) === Number(m[1]),
      ),
      textblockTypeInputRule(/^```$/, nodes.code_block!),
      markRule(/(^|[^*])\*\*([^*]+)\*\*$/, marks.strong!),
      markRule(/(^|[^*\w])\*([^*\s][^*]*)\*$/, marks.em!),
      markRule(/(^|[^_\w])_([^_\s][^_]*)_$/, marks.em!),
      markRule(/(^|[^`])`([^`]+)`$/, marks.code!),
    ],
  });
}
