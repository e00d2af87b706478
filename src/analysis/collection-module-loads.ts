/**
 * A cache of the modules the code loads by name: the value a write stores is a module loaded by
 * a path made from the key, directly or through a function given the key:
 *
 *     static getSourceHandler(source) {
 *       let handler = this.handlers.get(source);
 *       if (!handler) {
 *         handler = MiscService.getSourceHandler(source); // return require(`../sources/${source}/transform`)
 *         this.handlers.set(source, handler);
 *       }
 *       return handler;
 *     }
 *
 * A name that no file answers throws before the write, so the keys are bounded by the files of
 * the code (and Node's module cache keeps those modules anyway). The load is `require(path)` or an
 * awaited `import(path)` (a promise of one would be stored before it fails), or a member of one
 * (`require(…).Integration`); in the writing function, through a variable (its last assignment
 * before the write, made as a statement of a block around the write; else every assignment, and
 * a declaration without a value counts as `undefined`), or returned by a function of the file or
 * of another project module that the key is passed to, which ends in that `return` (an `async`
 * one awaited). The path is not a constant, and the key itself is a part of it, as written: in a
 * template, a `+`, or an argument (`path.join(dir, key)`). A part made from the key
 * (`key.split('-')[0]`, `ALIASES[key] ?? 'memory'`) may give many keys one file.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { forEachDescendant, getPropertyName, isFunction, isGlobalReference, unwrapExpression } from './ast';
import { getReturnedExpressions } from './function-summaries';
import { findMember, getImportedFunction, resolveLocal } from './imported-functions';
import { getConstInit } from './key-expiry';

/** Functions and `const`s followed from the write to the load (`getHandler(name)` → `Loader.load(name)` → `const loaded = require(…)`). */
const MAX_STEPS = 4;

/** Whether `write` (`map.set(key, value)`) stores a module loaded by a path made from its key. */
export function storesModuleNamedByKey(sourceCode: Readonly<SourceCode>, write: TSESTree.CallExpression): boolean {
  const [key, value] = write.arguments;
  const keyNode = key && unwrapExpression(key);
  if (keyNode?.type !== AST_NODE_TYPES.Identifier || !value || value.type === AST_NODE_TYPES.SpreadElement) return false;
  const keyVariable = ASTUtils.findVariable(sourceCode.getScope(keyNode), keyNode);
  if (!keyVariable) return false;
  const values = getAssignedValues(sourceCode, value, write);
  return values !== undefined && values.length > 0 && values.every((candidate) => candidate !== null && isModuleLoadOf(sourceCode, candidate, keyVariable, 0, false));
}

/**
 * `value` itself, or the values its variable may hold at the write (`undefined`: one the rule
 * cannot see; `null`: a declaration without a value): the last one given it as a statement of a
 * block around the write, when there is one (`handler = load(name); cache.set(name, handler)` in an
 * `else` after `handler = cache.get(name)`), else every one.
 */
function getAssignedValues(sourceCode: Readonly<SourceCode>, value: TSESTree.Expression, write: TSESTree.CallExpression): (TSESTree.Node | null)[] | undefined {
  const unwrapped = unwrapExpression(value);
  if (unwrapped.type !== AST_NODE_TYPES.Identifier) return [value];
  const variable = ASTUtils.findVariable(sourceCode.getScope(unwrapped), unwrapped);
  if (!variable || variable.defs.some((def) => def.type !== 'Variable')) return undefined;
  const assigned: { node: TSESTree.Node; value: TSESTree.Node | null }[] = [];
  for (const def of variable.defs) if (def.type === 'Variable' && !def.node.init) assigned.push({ node: def.node, value: null });
  for (const reference of variable.references) {
    if (!reference.isWrite()) continue;
    const parent = reference.identifier.parent;
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init) assigned.push({ node: parent, value: parent.init });
    else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=') assigned.push({ node: parent, value: parent.right });
    else return undefined;
  }
  assigned.sort((a, b) => a.node.range[0] - b.node.range[0]);
  const last = assigned.filter(({ node }) => node.range[1] <= write.range[0]).at(-1);
  const lastBlock = last && getStatementBlock(last.node);
  if (lastBlock && write.range[0] >= lastBlock.range[0] && write.range[1] <= lastBlock.range[1]) return [last!.value];
  return assigned.map((entry) => entry.value);
}

/**
 * The block (or program) of which the statement `node` makes (`handler = load(name);`, `let
 * handler = load(name);`) is a statement of its own; `undefined` when that statement is the body of
 * an `if` or a loop (`if (x) handler = load(name);`), which may not run.
 */
function getStatementBlock(node: TSESTree.Node): TSESTree.Node | undefined {
  const statement = node.parent;
  const isStatement = statement?.type === AST_NODE_TYPES.ExpressionStatement || statement?.type === AST_NODE_TYPES.VariableDeclaration;
  const block = isStatement ? statement.parent : undefined;
  return block?.type === AST_NODE_TYPES.BlockStatement || block?.type === AST_NODE_TYPES.Program ? block : undefined;
}

/**
 * Whether `expression` is a module loaded by a path made from `key`, or what a function given
 * `key` returns when it is. `awaited`: the expression's promise, if any, is awaited where it is used.
 */
function isModuleLoadOf(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, key: Scope.Variable, depth: number, awaited: boolean): boolean {
  const value = unwrapExpression(expression);
  if (value.type === AST_NODE_TYPES.AwaitExpression) return isModuleLoadOf(sourceCode, value.argument, key, depth, true);
  // `require(…).Integration`, `(await import(…)).default`: a member of a module, never of a promise.
  if (value.type === AST_NODE_TYPES.MemberExpression && !value.computed) return isModuleLoadOf(sourceCode, value.object, key, depth, false);
  // `const loaded = await import(…)`, kept as `loaded.default`
  const init = value.type === AST_NODE_TYPES.Identifier ? getConstInit(sourceCode, value) : undefined;
  if (init) return depth < MAX_STEPS && isModuleLoadOf(sourceCode, init, key, depth + 1, false);
  if (value.type === AST_NODE_TYPES.ImportExpression) return awaited && isPathOfKey(sourceCode, value.source, key, true);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const [first] = value.arguments;
  if (isGlobalReference(sourceCode, value.callee, 'require')) return first !== undefined && first.type !== AST_NODE_TYPES.SpreadElement && isPathOfKey(sourceCode, first, key, true);
  const index = value.arguments.findIndex((argument) => isReferenceTo(sourceCode, argument, key));
  if (index === -1 || depth >= MAX_STEPS) return false;
  const callee = findCallee(sourceCode, value);
  if (!callee || !isFunction(callee.fn) || (callee.fn.async && !awaited) || callee.fn.generator) return false;
  const fn = callee.fn;
  const parameter = fn.params[index];
  const parameterVariable = parameter?.type === AST_NODE_TYPES.Identifier ? callee.sourceCode.getDeclaredVariables(fn).find((variable) => variable.identifiers.includes(parameter)) : undefined;
  if (!parameterVariable || !endsInReturn(fn)) return false;
  const { returned, nothing } = getReturnedExpressions(callee.sourceCode, fn);
  // An `async` function's `return import(…)` settles to the module when its caller awaits it.
  return !nothing && returned.length > 0 && returned.every((result) => isModuleLoadOf(callee.sourceCode, result, parameterVariable, depth + 1, fn.async));
}

/** Whether a function cannot end without a `return` of a value: an expression body, or a block whose last statement returns or throws. */
function endsInReturn(fn: FunctionNode): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return true;
  const last = fn.body.body.at(-1);
  return (last?.type === AST_NODE_TYPES.ReturnStatement && last.argument !== null) || last?.type === AST_NODE_TYPES.ThrowStatement;
}

/** The function a call calls: of the file (`load(name)`, `Loader.load(name)` of a local class or object), or of another project module. */
function findCallee(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): { sourceCode: Readonly<SourceCode>; fn: TSESTree.Node } | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const local = resolveLocal(sourceCode, callee);
    if (local !== callee) return { sourceCode, fn: local };
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier) {
    const method = getPropertyName(callee);
    const owner = resolveLocal(sourceCode, callee.object);
    const fn = method !== undefined && owner !== callee.object ? findMember(sourceCode, owner, method) : undefined;
    if (fn) return { sourceCode, fn };
  }
  return getImportedFunction(sourceCode, call);
}

/**
 * Whether a module path is made from `key` as it is: a template, a `+` or an argument (`path.join(dir,
 * key)`) with the key itself as a part; or a `const` that holds such a path.
 */
function isPathOfKey(sourceCode: Readonly<SourceCode>, path: TSESTree.Node, key: Scope.Variable, followConst: boolean): boolean {
  const node = unwrapExpression(path);
  // `require(name)`: the key is the whole path.
  if (node.type === AST_NODE_TYPES.Literal || isReferenceTo(sourceCode, node, key)) return node.type !== AST_NODE_TYPES.Literal;
  const init = followConst && node.type === AST_NODE_TYPES.Identifier ? getConstInit(sourceCode, node) : undefined;
  if (init) return isPathOfKey(sourceCode, init, key, false);
  let found = false;
  forEachDescendant(node, sourceCode.visitorKeys, (child) => {
    if (found || !isReferenceTo(sourceCode, child, key)) return undefined;
    const parent = child.parent;
    found =
      parent?.type === AST_NODE_TYPES.TemplateLiteral ||
      (parent?.type === AST_NODE_TYPES.BinaryExpression && parent.operator === '+') ||
      (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== child);
    return undefined;
  });
  return found;
}

/** Whether `node` is a reference to `variable` (the same binding, not only the same name). */
function isReferenceTo(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, variable: Scope.Variable): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === variable.name && ASTUtils.findVariable(sourceCode.getScope(node), node) === variable;
}
