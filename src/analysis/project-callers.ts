import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getModuleFunctionName } from './ast';
import { getKeyOrigin } from './collection-keys';
import { getCallingFunction } from './collection-sites';
import { getProjectIndex } from './project-files';
import type { Site } from './project-mentions';
import { findMentionsElsewhere, findMentionsHere, isDefaultExport, isImportedUnderItsName, isNoUse, remember } from './project-mentions';

/*
 * Whether a key that comes from a function's parameters is still written in the code, by every
 * caller in the project: `cachedFlag({ key: 'hasThemeSwitcher', defaultValue: false })` from the
 * function's only caller, `VirtualId()` left to its default wherever it is called. The function
 * is exported, so its callers are in other files (collection-keys.ts follows the callers of a
 * private helper in its own file). Asked only when a finding is about to be reported.
 */

/**
 * Whether every part of `write`'s key that varies is a parameter of the module-level function that
 * writes it, and every call of that function in the project (tests included) passes a value written
 * in the code there: a literal, an object or array of literals, an enum member, a constant, or
 * nothing (the parameter's default). Any other mention of the function (handed on as a callback,
 * exported under another name) leaves the key the callers' data.
 */
export function isKeyFixedByProjectCallers(sourceCode: Readonly<SourceCode>, file: string, cwd: string | undefined, write: TSESTree.CallExpression): boolean {
  const [key] = write.arguments;
  if (!key || key.type === AST_NODE_TYPES.SpreadElement || !path.isAbsolute(file)) return false;
  const origin = getKeyOrigin(sourceCode, key);
  if (!origin.sources.has('input') || [...origin.sources].some((source) => source !== 'input' && source !== 'constant')) return false;
  const fn = getCallingFunction(write);
  const id = fn && getModuleFunctionName(fn);
  if (!fn || !id) return false;
  const params = getArgumentParameters(fn);
  const indexes = [...new Set(origin.inputs.map((name) => params.findIndex((param) => bindsName(param, name))))].sort();
  if (indexes.length === 0 || indexes.includes(-1)) return false;
  const project = getProjectIndex(file, cwd);
  if (!project || (isDefaultExport(fn) && !isImportedUnderItsName(project, file, id.name))) return false;
  const passesWrittenValues = (mentions: readonly Site[]): boolean =>
    mentions.every((mention) => {
      if (isNoUse(mention.node) || isPropertyRead(mention.node)) return true;
      // A call from the function itself passes what it makes of its own parameters (`resolveAlias(alias.slice(1))`): not written in the code.
      const call = getCallOf(mention.node);
      if (!call) return false;
      return indexes.every((index) => isPassedInCode(mention.sourceCode, call, sourceCode, params, index));
    });
  const here = findMentionsHere(sourceCode, file, id);
  if (!passesWrittenValues(here)) return false;
  // The other files' answers are kept for the index's life; this file's text may be an unsaved buffer, read again each time.
  const question = `${file}\0${id.name}`;
  const elsewhere = () => findMentionsElsewhere(file, project, id);
  const passedElsewhere = remember(project.answers, `written-arguments\0${question}\0${indexes.join(',')}`, 0, () => {
    const mentions = elsewhere();
    return mentions !== undefined && passesWrittenValues(mentions);
  });
  if (!passedElsewhere) return false;
  const isCall = (mention: Site) => getCallOf(mention.node) !== undefined;
  return here.some(isCall) || remember(project.answers, `called-elsewhere\0${question}`, 0, () => (elsewhere() ?? []).some(isCall));
}

/**
 * The call that gives the function its arguments: `fn(a, b)`, or `fn.bind(thisArg, a)`, whose bound
 * arguments come first in every call of the bound function (`ids.map(VirtualId.bind(null, undefined))`).
 * Bound arguments are read as a call's: those it leaves out come from wherever the bound function is
 * called, and are not in sight.
 */
function getCallOf(mention: TSESTree.Node): BoundCall | undefined {
  const parent = mention.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === mention) return { arguments: parent.arguments, complete: true };
  const bind = parent?.parent;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== mention || bind?.type !== AST_NODE_TYPES.CallExpression || bind.callee !== parent) return undefined;
  if (parent.computed || parent.property.type !== AST_NODE_TYPES.Identifier || parent.property.name !== 'bind') return undefined;
  return { arguments: bind.arguments.slice(1), complete: false };
}

interface BoundCall {
  readonly arguments: readonly TSESTree.CallExpressionArgument[];
  /** `false` for `bind`: parameters past the bound arguments get values from calls out of sight. */
  readonly complete: boolean;
}

/** `VirtualId.PREFIX`: a property of the function object, which calls nothing (`fn.call(…)`, `fn.bind(…)` do). */
function isPropertyRead(mention: TSESTree.Node): boolean {
  const member = mention.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== mention || member.computed) return false;
  const name = member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
  return name !== undefined && !FUNCTION_CALLERS.has(name);
}

const FUNCTION_CALLERS: ReadonlySet<string> = new Set(['call', 'apply', 'bind']);

/** The parameters an argument is given to: all but TypeScript's `this:` parameter, which takes none. */
function getArgumentParameters(fn: FunctionNode): TSESTree.Parameter[] {
  return fn.params.filter((param) => param.type !== AST_NODE_TYPES.Identifier || param.name !== 'this');
}

/** `name`, `name = 'x'`, or a name destructured from the argument (`{ entryPoint }`): the parameter that gets `name`'s value. */
function bindsName(param: TSESTree.Node, name: string): boolean {
  switch (param.type) {
    case AST_NODE_TYPES.Identifier:
      return param.name === name;
    case AST_NODE_TYPES.AssignmentPattern:
      return bindsName(param.left, name);
    case AST_NODE_TYPES.ObjectPattern:
      return param.properties.some((property) => bindsName(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, name));
    case AST_NODE_TYPES.ArrayPattern:
      return param.elements.some((element) => element !== null && bindsName(element, name));
    case AST_NODE_TYPES.RestElement:
      return bindsName(param.argument, name);
    default:
      return false;
  }
}

/** What `call` (in `callerCode`) gives the parameter at `index` is written in the code: the argument, or the default when it is left out. */
function isPassedInCode(callerCode: Readonly<SourceCode>, call: BoundCall, ownCode: Readonly<SourceCode>, params: readonly TSESTree.Parameter[], index: number): boolean {
  const { arguments: args } = call;
  if (args.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  // A rest parameter gets every argument from its place on.
  const isRest = params[index]!.type === AST_NODE_TYPES.RestElement;
  if (!call.complete && (isRest || index >= args.length)) return false;
  const given = isRest ? args.slice(index) : [args[index]].filter((argument) => argument !== undefined);
  if (given.length > 0) return given.every((argument) => isWrittenInCode(callerCode, argument));
  const param = params[index]!;
  // Left out: `undefined`, or the default written in the function.
  return param.type !== AST_NODE_TYPES.AssignmentPattern || isWrittenInCode(ownCode, param.right);
}

/**
 * A value written in the code, as the call reads: a literal, a template or an object or array made
 * only of such values (`{ key: 'theme', defaultValue: false }`), `undefined`, an import, a
 * module-level `const` (`DEFAULT_OFF`) or a member of one (`Flags.Theme`). Not a loop's counter,
 * even one bounded by a constant (`quoteOf(\`SYM${i}\`)` for 200,000 values of `i`), nor a call's result.
 */
function isWrittenInCode(code: Readonly<SourceCode>, node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return true;
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every((expression) => isWrittenInCode(code, expression));
    case AST_NODE_TYPES.UnaryExpression:
      return isWrittenInCode(code, node.argument);
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return isWrittenInCode(code, node.expression);
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.every((property) =>
        property.type === AST_NODE_TYPES.SpreadElement ? isWrittenInCode(code, property.argument) : (!property.computed || isWrittenInCode(code, property.key)) && isWrittenInCode(code, property.value),
      );
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.every((element) => element === null || isWrittenInCode(code, element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element));
    case AST_NODE_TYPES.MemberExpression:
      return !node.computed && isWrittenInCode(code, node.object);
    case AST_NODE_TYPES.Identifier:
      return node.name === 'undefined' || isFixedBinding(code, node);
    default:
      return false;
  }
}

/** An import, an enum, or a module-level `const` never written again: one value for the process. */
function isFixedBinding(code: Readonly<SourceCode>, identifier: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(code.getScope(identifier), identifier);
  const def = variable?.defs[0];
  if (!variable || !def) return false;
  if (def.type === 'ImportBinding' || def.type === 'TSEnumName') return true;
  if (def.type !== 'Variable' || def.parent.kind !== 'const') return false;
  return variable.scope.type === 'module' || variable.scope.type === 'global';
}
