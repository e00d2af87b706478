import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getEnclosingFunction, getModuleFunctionName, isExportedFunction, isNothing, isWithin, unwrapExpression } from './ast';
import { getBuiltKey, getConstInit, getKeyShape, isFixedKey } from './key-expiry';

/** Variables followed from a key to the value they were given. */
const MAX_DEPTH = 4;

/**
 * Whether the write's function only passes on a key its caller names: every part of the key that
 * varies is one of the function's parameters (or a property of one; also of the function around
 * the write when the write runs once per call of it, in a `new Promise((resolve) => …)` executor or an
 * IIFE: not in a handler it returns, `return (req) => redis.incr(\`${prefix}:${req.ip}\`)`, nor in a
 * callback run per item), a value fixed per process (an
 * import, a module-level `const`) or per instance (`this.prefix`), also through a key builder of
 * the file (`this.buildKey(key)`), and the key has no text of its
 * own beyond constants and separators (`key`, `` `${REDIS_PREFIX}${key}` ``, `opts.key`). Such a wrapper (`set(key, value) {
 * return this.client.set(key, value) }`) writes whatever family its callers choose, and whether that
 * family gets a time to live is decided where they call it.
 */
export function isCallerNamedKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, fn: FunctionNode | undefined): boolean {
  if (!fn || hasOwnText(sourceCode, key)) return false;
  const walk = new ParameterWalk(sourceCode);
  if (!walk.isFromParameters(key, { fn }, 0) || walk.parameters.length === 0) return false;
  // A helper of this file whose every call names a family of its own: the family is known here, and so is the write's.
  return !walk.parameters.some((parameter) => isGivenOwnFamilies(sourceCode, parameter));
}

/**
 * The parameters that the varying parts of `key` come from (of the write's function, of one it
 * runs once per call, or through a key builder of the file), when every varying part comes from
 * one of them or from a value fixed per process or per instance (see {@link isCallerNamedKey});
 * `undefined` otherwise. Unlike that test, the key may have text of its own (`` `svc:${name}` ``).
 */
export function findKeyParameters(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, fn: FunctionNode | undefined): TSESTree.Node[] | undefined {
  if (!fn) return undefined;
  const walk = new ParameterWalk(sourceCode);
  return walk.isFromParameters(key, { fn }, 0) ? walk.parameters.map(({ param }) => param) : undefined;
}

/** Text of the key's own beyond constants' names and separators: `h:` in `` `h:${id}` ``, not `` `${PREFIX}:${key}` ``. */
function hasOwnText(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): boolean {
  return getKeyShape(sourceCode, key).some((piece) => piece.replace(/\{[A-Za-z_$][\w$]*\}/g, '').replace(/[:._\-/|]/g, '') !== '');
}

/** The function whose parameters count, and for a key builder's body, the call that gave them their values. */
interface Frame {
  readonly fn: FunctionNode;
  readonly call?: { readonly node: TSESTree.CallExpression; readonly caller: Frame };
}

class ParameterWalk {
  /** The parameters the key was found to come from, with their functions. */
  readonly parameters: { readonly fn: FunctionNode; readonly param: TSESTree.Node }[] = [];

  constructor(private readonly sourceCode: Readonly<SourceCode>) {}

  isFromParameters(expression: TSESTree.Node, frame: Frame, depth: number): boolean {
    const node = unwrapExpression(expression);
    if (isFixedKey(this.sourceCode, node)) return true;
    switch (node.type) {
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions.every((part) => this.isFromParameters(part, frame, depth));
      case AST_NODE_TYPES.BinaryExpression:
        return node.operator === '+' && this.isFromParameters(node.left, frame, depth) && this.isFromParameters(node.right, frame, depth);
      // `this.namespace ? `${this.namespace}:${key}` : key`: either way the caller's key, with no text of the builder's own
      case AST_NODE_TYPES.ConditionalExpression:
        return [node.consequent, node.alternate].every((branch) => !hasOwnText(this.sourceCode, branch) && this.isFromParameters(branch, frame, depth));
      case AST_NODE_TYPES.MemberExpression:
        return !node.computed && this.isFromParameters(node.object, frame, depth);
      // `this.prefix` of a wrapper: the instance's configuration, one value for all its calls
      case AST_NODE_TYPES.ThisExpression:
        return true;
      case AST_NODE_TYPES.CallExpression: {
        // this.buildKey(key): a key builder of the file, its parameters given by this call
        const built = depth < MAX_DEPTH ? getBuiltKey(this.sourceCode, node) : undefined;
        const builder = built && getEnclosingFunction(built);
        return builder !== undefined && this.isFromParameters(built!, { fn: builder, call: { node, caller: frame } }, depth + 1);
      }
      case AST_NODE_TYPES.Identifier:
        return this.isIdentifierFromParameters(node, frame, depth);
      default:
        return false;
    }
  }

  private isIdentifierFromParameters(identifier: TSESTree.Identifier, frame: Frame, depth: number): boolean {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'Parameter' && !frame.call && def.node !== frame.fn && isWithin(frame.fn, def.node) && isRunOnceInPlace(frame.fn, def.node as FunctionNode)) {
      // A parameter of a function around the write's closure (`set(key) { return new Promise(() => client.set(key, …)) }`): the caller's too, unless reassigned.
      const isReassigned = variable!.references.some((reference) => reference.isWrite());
      if (!isReassigned) this.parameters.push({ fn: def.node as FunctionNode, param: def.name });
      return !isReassigned;
    }
    if (def?.type === 'Parameter' && def.node === frame.fn) {
      if (!frame.call) {
        this.parameters.push({ fn: frame.fn, param: def.name });
        return true;
      }
      const argument = frame.call.node.arguments[frame.fn.params.indexOf(def.name as TSESTree.Parameter)];
      return argument !== undefined && this.isFromParameters(argument, frame.call.caller, depth + 1);
    }
    // One value per process: an import, a module-level `const` (`process.env.PREFIX`)
    if (def?.type === 'ImportBinding' || (def?.type === 'Variable' && def.parent.kind === 'const' && def.parent.parent?.type === AST_NODE_TYPES.Program)) return true;
    const init = def?.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.init : undefined;
    const keepsValue = init && variable!.references.every((reference) => !reference.isWrite() || reference.writeExpr === init);
    return depth < MAX_DEPTH && keepsValue === true && this.isFromParameters(init!, frame, depth + 1);
  }
}

/**
 * Whether `parameter` is a plain parameter of a function of this file that nothing exports or hands
 * on, whose every call passes a key with text of its own there (`getUsageOperations(\`usage:${id}\`)`):
 * then the helper writes those families, and nobody outside decides their lifetime.
 */
function isGivenOwnFamilies(sourceCode: Readonly<SourceCode>, { fn, param }: { readonly fn: FunctionNode; readonly param: TSESTree.Node }): boolean {
  const index = fn.params.indexOf(param as TSESTree.Parameter);
  const name = getModuleFunctionName(fn);
  if (index === -1 || !name || isExportedFunction(fn)) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(name), name);
  const uses = variable?.references.filter((reference) => reference.identifier !== name && !reference.init) ?? [];
  return (
    uses.length > 0 &&
    uses.every(({ identifier }) => {
      const call = identifier.parent;
      const argument = call?.type === AST_NODE_TYPES.CallExpression && call.callee === identifier ? call.arguments[index] : undefined;
      return argument !== undefined && argument.type !== AST_NODE_TYPES.SpreadElement && namesOwnFamily(sourceCode, argument, 0);
    })
  );
}

/** A key with text of its own, also when chosen by a condition (`userId ? \`usage:${userId}\` : null`), a missing value aside. */
function namesOwnFamily(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number): boolean {
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.ConditionalExpression) {
    const branches = [node.consequent, node.alternate].filter((branch) => !isNothing(branch));
    return branches.length > 0 && branches.every((branch) => namesOwnFamily(sourceCode, branch, depth));
  }
  const init = node.type === AST_NODE_TYPES.Identifier && depth < MAX_DEPTH ? getConstInit(sourceCode, node) : undefined;
  if (init && unwrapExpression(init).type === AST_NODE_TYPES.ConditionalExpression) return namesOwnFamily(sourceCode, init, depth + 1);
  return hasOwnText(sourceCode, node);
}

/**
 * Whether `closure` runs exactly once per call of `outer`, the function around it: every function
 * between them is a `new Promise(…)` executor or an IIFE (`(async () => { … })()`). A handler it
 * returns or registers runs per event, a callback per item: their keys are the function's own.
 */
function isRunOnceInPlace(closure: FunctionNode, outer: FunctionNode): boolean {
  for (let fn: FunctionNode | undefined = closure; fn && fn !== outer; fn = getEnclosingFunction(fn)) {
    const parent = fn.parent;
    const isExecutor = parent?.type === AST_NODE_TYPES.NewExpression && parent.arguments[0] === fn && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
    const isIife = parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === fn;
    if (!isExecutor && !isIife) return false;
  }
  return true;
}
