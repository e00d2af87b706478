import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';

/** Calls `visit` on every node below `root` (not `root` itself), depth first; `visit` returning `false` skips a subtree. */
export function forEachDescendant(
  root: TSESTree.Node,
  visitorKeys: SourceCode.VisitorKeys,
  visit: (node: TSESTree.Node) => boolean | void,
): void {
  const stack: TSESTree.Node[] = [];
  pushChildren(root, visitorKeys, stack);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    pushChildren(node, visitorKeys, stack);
  }
}

function pushChildren(node: TSESTree.Node, visitorKeys: SourceCode.VisitorKeys, stack: TSESTree.Node[]): void {
  const keys = visitorKeys[node.type] ?? [];
  for (let k = keys.length - 1; k >= 0; k--) {
    const child = (node as unknown as Record<string, unknown>)[keys[k]!];
    if (Array.isArray(child)) {
      for (let i = child.length - 1; i >= 0; i--) if (isNode(child[i])) stack.push(child[i]);
    } else if (isNode(child)) {
      stack.push(child);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Whether `inner` lies inside `outer` (or is it). */
export function isWithin(inner: TSESTree.Node, outer: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}
