import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getPropertyName, unwrapExpression } from './ast';

/** Variables followed from a key to the value they were given, before giving up. */
const MAX_DEPTH = 4;

/** A piece of a key built by concatenation: literal text, or the identity of a part that varies. */
type KeyPart = string | { readonly identity: string };

/**
 * What names the same key in the same function, so a write can be matched with the `expire`
 * or `del` of that key. Two key expressions get the same identity when they are:
 * - the same text, blind to spacing, type assertions and `?.`: `key`, `this.keyFor(id)`;
 * - the same template with the same parts, however written: `` `sess:${id}` `` and `'sess:' + id`;
 * - a variable and the value it was given once: `key` after `const key = `sess:${id}``;
 * - the same variable: a shadowing `key` in a callback is another key.
 */
export function getKeyIdentity(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): string {
  return identify(sourceCode, key, 0);
}

function identify(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number): string {
  const node = unwrapExpression(expression);
  const parts = getConcatenatedParts(sourceCode, node, depth);
  if (parts) return formatParts(parts);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
      const init = variable && depth < MAX_DEPTH ? getSingleValue(variable) : undefined;
      if (init) return identify(sourceCode, init, depth + 1);
      const declared = variable?.defs[0]?.name.range[0];
      return declared === undefined ? node.name : `${node.name}@${declared}`;
    }
    case AST_NODE_TYPES.ThisExpression:
      return 'this';
    case AST_NODE_TYPES.MemberExpression: {
      const object = identify(sourceCode, node.object, depth);
      const name = getPropertyName(node);
      return name !== undefined ? `${object}.${name}` : `${object}[${identify(sourceCode, node.property, depth)}]`;
    }
    case AST_NODE_TYPES.CallExpression:
      return `${identify(sourceCode, node.callee, depth)}(${node.arguments.map((argument) => identify(sourceCode, argument, depth)).join(',')})`;
    case AST_NODE_TYPES.Literal:
      return node.raw;
    default:
      return sourceCode.getText(node).replace(/\s+/g, '');
  }
}

/**
 * The pieces of a string built from literals: `'a'`, `` `a:${b}` ``, `'a:' + b`, and a variable
 * given one of those once. `undefined` for anything else (`a + b` of two unknowns may be a sum).
 */
function getConcatenatedParts(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number): KeyPart[] | undefined {
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return [node.value];
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    const parts: KeyPart[] = [];
    for (const [index, quasi] of node.quasis.entries()) {
      parts.push(quasi.value.cooked ?? quasi.value.raw);
      const part = node.expressions[index];
      if (part) parts.push(...getPartsOf(sourceCode, part, depth));
    }
    return parts;
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    const left = getConcatenatedParts(sourceCode, node.left, depth);
    const right = getConcatenatedParts(sourceCode, node.right, depth);
    if (!left && !right) return undefined;
    return [...(left ?? getPartsOf(sourceCode, node.left, depth)), ...(right ?? getPartsOf(sourceCode, node.right, depth))];
  }
  if (node.type === AST_NODE_TYPES.Identifier && depth < MAX_DEPTH) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
    const init = variable && getSingleValue(variable);
    return init ? getConcatenatedParts(sourceCode, init, depth + 1) : undefined;
  }
  return undefined;
}

/** A part of a template or a concatenation: its own pieces when it is a string built from literals, else one varying part. */
function getPartsOf(sourceCode: Readonly<SourceCode>, part: TSESTree.Node, depth: number): KeyPart[] {
  return getConcatenatedParts(sourceCode, part, depth) ?? [{ identity: identify(sourceCode, part, depth) }];
}

/** The parts as one template literal, adjacent literal text joined: `` `sess:${id@12}` ``. */
function formatParts(parts: readonly KeyPart[]): string {
  let text = '';
  for (const part of parts) text += typeof part === 'string' ? part.replace(/[`\\$]/g, '\\$&') : `\${${part.identity}}`;
  return `\`${text}\``;
}

/** The value a variable keeps: the initialiser of a `const`, or of a `let`/`var` never assigned again. */
function getSingleValue(variable: Scope.Variable): TSESTree.Expression | undefined {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
  const init = def.node.init;
  return variable.references.every((reference) => !reference.isWrite() || reference.writeExpr === init) ? init : undefined;
}
