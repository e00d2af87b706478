import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { ClientLibraryFacts } from '../redis';
import { CLOSE_METHODS, EXPIRE_COMMANDS, KEY_CREATING_COMMANDS } from '../redis';
import { forEachDescendant, getKeyName, getPropertyName, isFunction, unwrapExpression } from './ast';

/*
 * What a class that extends a client class adds of its own, as far as the rules care: whether it
 * redefines a method they read (then it is a wrapper with rules of its own), and whether its
 * instances live by rules of its own (a constructor that hands back a shared instance or lets
 * `this` out, a method of its own that closes the client: `onModuleDestroy() { return this.quit() }`).
 */

export interface OwnMembers {
  /** Names of its static members: they hide the library's statics of the same name. */
  readonly statics: ReadonlySet<string>;
  /** It redefines a command, an expiry, a close, a batch or a spawn method of the library. */
  readonly redefinesClientMethod: boolean;
  /** Its `new` may give back a shared instance, or its instances close through a method of its own. */
  readonly ownLifecycle: boolean;
}

/** Methods on a client that open another connection or change how one closes, besides the library's own lists. */
const CONNECTION_METHODS: ReadonlySet<string> = new Set(['connect', 'call', 'sendCommand', 'send_command']);

export function readOwnMembers(body: TSESTree.ClassBody, library: ClientLibraryFacts, visitorKeys: SourceCode.VisitorKeys): OwnMembers {
  const statics = new Set<string>();
  let redefinesClientMethod = false;
  let ownLifecycle = false;
  for (const element of body.body) {
    if (element.type === AST_NODE_TYPES.StaticBlock || element.type === AST_NODE_TYPES.TSIndexSignature) continue;
    const name = getKeyName(element as TSESTree.MethodDefinition);
    if (element.static) {
      if (name !== undefined) statics.add(name);
      continue;
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      ownLifecycle ||= sharesInstance(element.value, visitorKeys);
      continue;
    }
    const value = element.type === AST_NODE_TYPES.MethodDefinition ? element.value : 'value' in element && element.value ? unwrapExpression(element.value) : undefined;
    if (name !== undefined && isClientMethod(library, name)) redefinesClientMethod = true;
    if (value && isFunction(value) && closesThis(value, visitorKeys)) ownLifecycle = true;
  }
  return { statics, redefinesClientMethod, ownLifecycle };
}

function isClientMethod(library: ClientLibraryFacts, name: string): boolean {
  const command = name.toLowerCase();
  return (
    KEY_CREATING_COMMANDS.has(command) ||
    EXPIRE_COMMANDS.has(command) ||
    CLOSE_METHODS.has(name) ||
    CONNECTION_METHODS.has(name) ||
    library.batchMethods.includes(name) ||
    library.spawnMethods.includes(name)
  );
}

/** A constructor that returns a value (a shared instance) or lets `this` out (`instance = this`, `registry.add(this)`). */
function sharesInstance(constructor: TSESTree.FunctionExpression | TSESTree.TSEmptyBodyFunctionExpression, visitorKeys: SourceCode.VisitorKeys): boolean {
  if (!constructor.body) return false;
  let shares = false;
  forEachDescendant(constructor.body, visitorKeys, (node) => {
    if (shares || (isFunction(node) && node.type !== AST_NODE_TYPES.ArrowFunctionExpression)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) shares = true;
    // `this.x`, `this.on(…)`: a use of the instance, not the instance handed out
    if (node.type === AST_NODE_TYPES.ThisExpression && !(node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node)) shares = true;
    return undefined;
  });
  return shares;
}

/** A method whose body closes the client it is called on: `this.quit()`, `super.disconnect()`. */
function closesThis(fn: TSESTree.Node, visitorKeys: SourceCode.VisitorKeys): boolean {
  let closes = false;
  forEachDescendant(fn, visitorKeys, (node) => {
    if (closes) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const object = node.callee.object.type;
    const method = getPropertyName(node.callee);
    closes = (object === AST_NODE_TYPES.ThisExpression || object === AST_NODE_TYPES.Super) && method !== undefined && CLOSE_METHODS.has(method);
    return undefined;
  });
  return closes;
}
