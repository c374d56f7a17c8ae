import { DomUtils, type parseDocument } from 'htmlparser2';

/** Any node of a parsed HTML or XML document. */
export type DomNode = ReturnType<typeof parseDocument>['children'][number];

/**
 * Visits `roots` and their descendants depth-first in document order with an explicit
 * stack, never recursion, so a deep tree cannot overflow the call stack. `enter` returns
 * false to skip a node's children; `leave` runs once its children are done.
 */
export function walkTree(roots: readonly DomNode[], enter: (node: DomNode) => boolean, leave?: (node: DomNode) => void): void {
  const stack: { node: DomNode; leaving: boolean }[] = [];
  const pushAll = (nodes: readonly DomNode[]) => {
    for (let i = nodes.length - 1; i >= 0; i--) stack.push({ node: nodes[i]!, leaving: false });
  };
  pushAll(roots);
  while (stack.length) {
    const { node, leaving } = stack.pop()!;
    if (leaving) {
      leave!(node);
      continue;
    }
    if (!enter(node)) continue;
    if (leave) stack.push({ node, leaving: true });
    if (DomUtils.hasChildren(node)) pushAll(node.children);
  }
}

/** The text a node contains (comments excluded), like `DomUtils.textContent` but without recursion. */
export function textOf(node: DomNode): string {
  let text = '';
  walkTree([node], (n) => {
    if (!DomUtils.isText(n)) return !DomUtils.isComment(n);
    text += n.data;
    return false;
  });
  return text;
}
