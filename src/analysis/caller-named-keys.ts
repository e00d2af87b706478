import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getEnclosingFunction, unwrapExpression } from './ast';
import { getBuiltKey, getKeyShape, isFixedKey } from './key-expiry';

/** Variables followed from a key to the value they were given. */
const MAX_DEPTH = 4;

/**
 * Whether the write's function only passes on a key its caller names: every part of the key that
 * varies is one of the function's parameters (or a property of one), a value fixed per process (an
 * import, a module-level `const`) or per instance (`this.prefix`), also through a key builder of
 * the file (`this.buildKey(key)`), and the key has no text of its
 * own beyond constants and separators (`key`, `` `${REDIS_PREFIX}${key}` ``, `opts.key`). Such a wrapper (`set(key, value) {
 * return this.client.set(key, value) }`) writes whatever family its callers choose, and whether that
 * family gets a time to live is decided where they call it.
 */
export function isCallerNamedKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, fn: FunctionNode | undefined): boolean {
  if (!fn || hasOwnText(sourceCode, key)) return false;
  const walk = new ParameterWalk(sourceCode);
  return walk.isFromParameters(key, { fn }, 0) && walk.foundParameter;
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
  foundParameter = false;

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
    if (def?.type === 'Parameter' && def.node === frame.fn) {
      if (!frame.call) {
        this.foundParameter = true;
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
