import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { forEachDescendant, isWithin } from './ast';

export interface PerCallValueOptions {
  /**
   * A function that `site` calls with given arguments, whose parameters take those
   * values: `setTimeout(expire, ms, key)` runs `expire(key)`.
   */
  readonly boundCall?: { readonly callee: FunctionNode; readonly arguments: readonly TSESTree.Node[] };
  /** A variable whose reads do not count: the collection itself, in `map.delete(map.keys().next().value)`. */
  readonly ignore?: Scope.Variable;
}

const LOOP_HEADS = new Set<AST_NODE_TYPES>([AST_NODE_TYPES.ForInStatement, AST_NODE_TYPES.ForOfStatement, AST_NODE_TYPES.ForStatement]);
const MAX_DEPTH = 4;

/**
 * Whether `expression`, evaluated at `site`, takes a different value on each call or
 * iteration around `site`: it reads a parameter of a function enclosing `site`, a loop
 * variable of a loop enclosing it, or a variable computed once from those.
 * - `key`, `` `lock:${id}` ``, `entry.id` where `key`, `id`, `entry` are parameters or loop variables
 */
export function isPerCallValue(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, site: TSESTree.Node, options: PerCallValueOptions = {}): boolean {
  return readsPerCallValue(sourceCode, expression, site, options, 0);
}

function readsPerCallValue(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, site: TSESTree.Node, options: PerCallValueOptions, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let varies = false;
  const check = (identifier: TSESTree.Identifier) => {
    const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
    if (variable && variable !== options.ignore && isPerCallVariable(sourceCode, variable, site, options, depth)) varies = true;
  };
  const visit = (node: TSESTree.Node): boolean | undefined => {
    if (varies) return false;
    // `a.b`: only `a` is a variable reference.
    if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed) {
      if (node.object.type !== AST_NODE_TYPES.Identifier) return visit(node.object) !== false && forEachDescendantOf(node.object);
      check(node.object);
      return false;
    }
    if (node.type === AST_NODE_TYPES.Identifier) check(node);
    return undefined;
  };
  const forEachDescendantOf = (root: TSESTree.Node): false => {
    forEachDescendant(root, sourceCode.visitorKeys, visit);
    return false;
  };
  if (visit(expression) !== false) forEachDescendantOf(expression);
  return varies;
}

function isPerCallVariable(sourceCode: Readonly<SourceCode>, variable: Scope.Variable, site: TSESTree.Node, options: PerCallValueOptions, depth: number): boolean {
  const def = variable.defs[0];
  if (!def) return false;
  if (def.type === 'Parameter') {
    // A parameter of a function that encloses the site (not of the callback itself)…
    if (isWithin(site, def.node)) return true;
    // …or of the callback the site calls, with the value the site passes.
    const bound = getBoundArgument(def.node, def.name, options);
    return bound !== undefined && readsPerCallValue(sourceCode, bound, site, options, depth + 1);
  }
  if (def.type !== 'Variable') return false;
  const head = def.parent.parent;
  if (head && LOOP_HEADS.has(head.type) && isWithin(site, head)) return true;
  const init = def.node.init;
  return init != null && isAssignedOnce(variable, init) && readsPerCallValue(sourceCode, init, site, options, depth + 1);
}

/** `const`, or a `let`/`var` written only by its initialiser: it keeps the value it was computed with. */
function isAssignedOnce(variable: Scope.Variable, init: TSESTree.Expression): boolean {
  return variable.references.every((reference) => !reference.isWrite() || reference.writeExpr === init);
}

/** The argument bound to the parameter `name` of `fn`, when `fn` is the bound callee (plain identifier parameters only). */
function getBoundArgument(fn: TSESTree.Node, name: TSESTree.Node, options: PerCallValueOptions): TSESTree.Node | undefined {
  const bound = options.boundCall;
  if (!bound || bound.callee !== fn) return undefined;
  // TypeScript's `this:` parameter takes no argument; `key = ''` binds its name on the left.
  const params = bound.callee.params.filter((param, index) => index > 0 || param.type !== AST_NODE_TYPES.Identifier || param.name !== 'this');
  const index = params.findIndex((param) => param === name || (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === name));
  return index === -1 ? undefined : bound.arguments[index];
}
