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
 * the code (and Node's module cache keeps those modules anyway). The load is `require(path)` or
 * `import(path)` (awaited, or a member of it: `require(…).Integration`), in the writing function,
 * through a variable (its last assignment before the write, made as a statement of a block around
 * the write; else every assignment) that holds such a load, or returned by every `return` of a
 * function of the file or of another project module that the key is passed to. The path is
 * not a constant, and names the key (or a `const` made from it: `const handlerName =
 * getHandlerName(dest)`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { forEachDescendant, getPropertyName, isFunction, isGlobalReference, unwrapAwaited } from './ast';
import { getReturnedExpressions } from './function-summaries';
import { findMember, getImportedFunction, resolveLocal } from './imported-key-builders';
import { getConstInit } from './key-expiry';

/** Functions and `const`s followed from the write to the load (`getHandler(name)` → `Loader.load(name)` → `const loaded = require(…)`). */
const MAX_STEPS = 4;

/** Whether `write` (`map.set(key, value)`) stores a module loaded by a path made from its key. */
export function storesModuleNamedByKey(sourceCode: Readonly<SourceCode>, write: TSESTree.CallExpression): boolean {
  const [key, value] = write.arguments;
  const keyName = key && unwrapAwaited(key);
  if (keyName?.type !== AST_NODE_TYPES.Identifier || !value || value.type === AST_NODE_TYPES.SpreadElement) return false;
  const values = getAssignedValues(sourceCode, value, write);
  return values !== undefined && values.length > 0 && values.every((candidate) => isModuleLoadOf(sourceCode, candidate, keyName.name, 0));
}

/**
 * `value` itself, or the values its variable may hold at the write (`undefined`: one the rule
 * cannot see): the last one given it in a block around the write, when there is one
 * (`handler = load(name); cache.set(name, handler)` in an `else` after `handler = cache.get(name)`),
 * else every one.
 */
function getAssignedValues(sourceCode: Readonly<SourceCode>, value: TSESTree.Expression, write: TSESTree.CallExpression): TSESTree.Node[] | undefined {
  const unwrapped = unwrapAwaited(value);
  if (unwrapped.type !== AST_NODE_TYPES.Identifier) return [value];
  const variable = ASTUtils.findVariable(sourceCode.getScope(unwrapped), unwrapped);
  if (!variable || variable.defs.some((def) => def.type !== 'Variable')) return undefined;
  const assigned: { node: TSESTree.Node; value: TSESTree.Node }[] = [];
  for (const reference of variable.references) {
    if (!reference.isWrite()) continue;
    const parent = reference.identifier.parent;
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init) assigned.push({ node: parent, value: parent.init });
    else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=') assigned.push({ node: parent, value: parent.right });
    else return undefined;
  }
  const before = assigned.filter(({ node }) => node.range[1] <= write.range[0]);
  const last = before.at(-1);
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

/** Whether `expression` is a module loaded by a path that names `name`, or what a function given `name` returns when it is. */
function isModuleLoadOf(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, name: string, depth: number): boolean {
  let value = unwrapAwaited(expression);
  // `require(…).Integration`, `(await import(…)).default`
  while (value.type === AST_NODE_TYPES.MemberExpression && !value.computed) value = unwrapAwaited(value.object);
  // `const loaded = await import(…)`, kept as `loaded.default`
  const init = value.type === AST_NODE_TYPES.Identifier ? getConstInit(sourceCode, value) : undefined;
  if (init) return depth < MAX_STEPS && isModuleLoadOf(sourceCode, init, name, depth + 1);
  if (value.type === AST_NODE_TYPES.ImportExpression) return pathNames(sourceCode, value.source, name);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const [first] = value.arguments;
  if (isGlobalReference(sourceCode, value.callee, 'require')) return first !== undefined && first.type !== AST_NODE_TYPES.SpreadElement && pathNames(sourceCode, first, name);
  const index = value.arguments.findIndex((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === name);
  if (index === -1 || depth >= MAX_STEPS) return false;
  const callee = findCallee(sourceCode, value);
  if (!callee || !isFunction(callee.fn)) return false;
  const parameter = callee.fn.params[index];
  if (parameter?.type !== AST_NODE_TYPES.Identifier) return false;
  const { returned, nothing } = getReturnedExpressions(callee.sourceCode, callee.fn);
  return !nothing && returned.length > 0 && returned.every((result) => isModuleLoadOf(callee.sourceCode, result, parameter.name, depth + 1));
}

/** The function a call calls: of the file (`load(name)`, `Loader.load(name)` of a local class or object), or of another project module. */
function findCallee(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): { sourceCode: Readonly<SourceCode>; fn: TSESTree.Node } | undefined {
  const callee = unwrapAwaited(call.callee);
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

/** Whether a module path is made from `name`: not a constant, and `name` (or a `const` made from it) is in it. */
function pathNames(sourceCode: Readonly<SourceCode>, path: TSESTree.Expression, name: string): boolean {
  if (path.type === AST_NODE_TYPES.Literal) return false;
  return mentions(sourceCode, path, name, true);
}

function mentions(sourceCode: Readonly<SourceCode>, root: TSESTree.Node, name: string, followConsts: boolean): boolean {
  const identifiers: TSESTree.Identifier[] = root.type === AST_NODE_TYPES.Identifier ? [root] : [];
  forEachDescendant(root, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) identifiers.push(node);
  });
  return identifiers.some((identifier) => {
    // `config.source` names a property, not the variable `source`.
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) return false;
    if (identifier.name === name) return true;
    const init = followConsts ? getConstInit(sourceCode, identifier) : undefined;
    return init !== undefined && mentions(sourceCode, init, name, false);
  });
}
