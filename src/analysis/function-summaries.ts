import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { ClientLibraryFacts } from '../redis';
import type { FunctionNode } from './ast';
import { forEachDescendant, getKeyName, getPropertyName, getThisClassBody, isFunction, isNothing, unwrapAwaited, unwrapExpression } from './ast';

/**
 * What a function of this file gives its callers, when it is a client:
 * - `factory`: a new client on every call (`return new Redis(url)`): the caller owns it and must close it
 * - `getter`: a client that outlives the call (`return this.client`, a lazily created module client): the caller only uses it
 * - `optional`: a client, or nothing on some path (`if (!url) return null`, Redis left unconfigured): the caller
 *   uses it as a client, but whether it owns one is not told, so its call opens no client for the rules
 */
export interface FunctionSummary {
  readonly kind: 'factory' | 'getter' | 'optional';
  readonly library: ClientLibraryFacts;
  /** A factory of consumers that run on their own once made (BullMQ `Worker`s), which are usually left open. */
  readonly longRunning?: boolean;
  /** A factory that returns what a node-redis factory made, not yet connected (`() => createClient({ url })`): its caller connects it, or nothing opens. */
  readonly connectsExplicitly?: boolean;
}

/** A client made for the call, whether it is a consumer that runs on its own, and whether it is still to be connected. */
interface FreshClient {
  readonly library: ClientLibraryFacts;
  readonly longRunning?: boolean;
  readonly connectsExplicitly?: boolean;
}

/** What the summaries ask of the client analysis. */
export interface ClientLookup {
  getClientCreation(node: TSESTree.CallExpression | TSESTree.NewExpression): FreshClient | undefined;
  getClientOf(node: TSESTree.Node): { readonly library: ClientLibraryFacts; readonly batch: boolean } | undefined;
}

/** Summaries of the functions a file declares, computed when a call first asks (calls to imported functions are unknown). */
export class FunctionSummaries {
  private readonly summaries = new WeakMap<TSESTree.Node, FunctionSummary | null>();

  constructor(
    private readonly sourceCode: Readonly<SourceCode>,
    private readonly clients: ClientLookup,
  ) {}

  /** The summary of the function a callee names: `connectRedis` in `connectRedis(url)`, `this.open` in `this.open()`. */
  ofCallee(callee: TSESTree.Node): FunctionSummary | undefined {
    const fn = this.findFunction(unwrapExpression(callee));
    return fn && this.ofFunction(fn);
  }

  ofFunction(fn: FunctionNode): FunctionSummary | undefined {
    const known = this.summaries.get(fn);
    if (known !== undefined) return known ?? undefined;
    this.summaries.set(fn, null); // a function that calls itself summarises as unknown
    const summary = this.summarize(fn) ?? null;
    this.summaries.set(fn, summary);
    return summary ?? undefined;
  }

  /** `function f() {}`, `const f = () => …` (assigned once), or a method of the class `this` is in. */
  findFunction(callee: TSESTree.Node): FunctionNode | undefined {
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression) return this.findMethod(callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(callee), callee.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    if (def?.type !== 'Variable' || !def.node.init || variable!.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
    const init = unwrapExpression(def.node.init);
    return isFunction(init) ? init : undefined;
  }

  private findMethod(member: TSESTree.MemberExpression): FunctionNode | undefined {
    const name = getPropertyName(member);
    const body = getThisClassBody(member);
    const method = body?.body.find(
      (element): element is TSESTree.MethodDefinition =>
        element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && !element.static && getKeyName(element) === name,
    );
    return method?.value.type === AST_NODE_TYPES.FunctionExpression ? method.value : undefined;
  }

  private summarize(fn: FunctionNode): FunctionSummary | undefined {
    const { returned, nothing: bare } = getReturnedExpressions(this.sourceCode, fn);
    let library: ClientLibraryFacts | undefined;
    let nothing = bare;
    let fresh = true;
    let longRunning = true;
    let connectsExplicitly = true;
    for (const value of returned.flatMap(getOutcomes)) {
      if (isNothing(value)) {
        nothing = true;
        continue;
      }
      const created = this.getFreshClient(value, fn);
      const handle = created ?? this.clients.getClientOf(value);
      if (!handle || ('batch' in handle && handle.batch) || (library && library !== handle.library)) return undefined;
      library = handle.library;
      if (!created) fresh = false;
      if (created?.longRunning !== true) longRunning = false;
      if (created?.connectsExplicitly !== true) connectsExplicitly = false;
    }
    if (!library) return undefined;
    if (nothing) return { kind: 'optional', library };
    return fresh ? { kind: 'factory', library, longRunning, ...(connectsExplicitly && { connectsExplicitly }) } : { kind: 'getter', library };
  }

  /**
   * A client made for this call: `new Redis()`, `createClient()`, `createClient().connect()` (node-redis
   * gives the client back), or a variable of the function that holds one and is written once.
   */
  private getFreshClient(value: TSESTree.Node, fn: FunctionNode): FreshClient | undefined {
    if (value.type === AST_NODE_TYPES.NewExpression) return this.clients.getClientCreation(value);
    if (value.type === AST_NODE_TYPES.CallExpression) {
      const { callee } = value;
      if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'connect') {
        const owner = this.getFreshClient(unwrapAwaited(callee.object), fn);
        return owner?.library.connectReturnsClient ? { library: owner.library, longRunning: owner.longRunning } : undefined;
      }
      return this.clients.getClientCreation(value);
    }
    if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(value), value.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    if (getOwnerFunction(def.node) !== fn || variable!.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
    const init = unwrapAwaited(def.node.init);
    // The function may connect the client it keeps before returning it.
    const created = init.type === AST_NODE_TYPES.Identifier ? undefined : this.getFreshClient(init, fn);
    return created && { library: created.library, longRunning: created.longRunning };
  }
}

/** What a function returns: its expression body, or the argument of each of its own `return`s, and whether a bare `return` gives nothing. */
export function getReturnedExpressions(sourceCode: Readonly<SourceCode>, fn: FunctionNode): { returned: TSESTree.Node[]; nothing: boolean } {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return { returned: [fn.body], nothing: false };
  const returned: TSESTree.Node[] = [];
  let nothing = false;
  forEachDescendant(fn.body, sourceCode.visitorKeys, (node) => {
    if (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody) return false;
    if (node.type !== AST_NODE_TYPES.ReturnStatement) return undefined;
    if (node.argument) returned.push(node.argument);
    else nothing = true;
    return false;
  });
  return { returned, nothing };
}

/** What a returned expression may evaluate to, awaited: both branches of `url ? new Redis(url) : null`. */
function getOutcomes(expression: TSESTree.Node): TSESTree.Node[] {
  const value = unwrapAwaited(expression);
  return value.type === AST_NODE_TYPES.ConditionalExpression ? [...getOutcomes(value.consequent), ...getOutcomes(value.alternate)] : [value];
}


function getOwnerFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}
