/**
 * Where the keys of a collection come from, read from the code that writes them and from
 * the types written for them:
 * - a key made from a parameter (`cache.set(key, …)`, `seen.add(tx.hash)`) comes from the
 *   caller's data, which may be anything;
 * - a key made from `Date.now()`, `randomUUID()` or `counter++` is new every time;
 * - a key made of literals, enum members, imports and module constants takes few values;
 * - a key type of literals, an enum, `keyof …` or `boolean` takes few values too, and a key
 *   type of objects (`Map<Schema, …>`) calls for a `WeakMap`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getPropertyName, isFunction, isWithin, unwrapAwaited } from './ast';
import { findCallSites, isRunInPlace } from './collection-sites';
import { findImportedDeclaration } from './imported-types';

/**
 * - `constant`: literals, enum members, imports, module constants
 * - `input`: a parameter of the function that writes, or a value of a stream it reads
 * - `unique`: new on each evaluation (`Date.now()`, `randomUUID()`, `n++`, `new X()`)
 * - `unknown`: instance state, results of unknown calls
 */
export type KeySource = 'constant' | 'input' | 'unique' | 'unknown';

export interface KeyOrigin {
  readonly sources: ReadonlySet<KeySource>;
  /** The parameter or stream variable the key comes from (`key`, `tx`), for messages. */
  readonly input: string | undefined;
  /** Every parameter and stream variable the key comes from. */
  readonly inputs: readonly string[];
  /** What makes it new each time (`Date.now()`), for messages. */
  readonly unique: string | undefined;
}

/** Calls whose result differs on every call: `Date.now()`, `crypto.randomUUID()`, `nanoid()`. */
const UNIQUE_CALLS = new Set(['Date.now', 'performance.now', 'Math.random', 'process.hrtime']);
const UNIQUE_FUNCTIONS = new Set([
  'randomUUID',
  'randomBytes',
  'randomInt',
  'uuid',
  'uuidv1',
  'uuidv4',
  'uuidv7',
  'v1',
  'v4',
  'v7',
  'nanoid',
  'ulid',
  'cuid',
  'createId',
  'generateId',
]);
const MAX_DEPTH = 6;

/** Where the value of `key` comes from, following variables back to their definitions. */
export function getKeyOrigin(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): KeyOrigin {
  const sources = new Set<KeySource>();
  let input: string | undefined;
  const inputs: string[] = [];
  let unique: string | undefined;
  const visited = new Set<Scope.Variable>();

  const trace = (node: TSESTree.Node, depth: number): void => {
    if (depth > MAX_DEPTH) {
      sources.add('unknown');
      return;
    }
    const next = depth + 1;
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        sources.add('constant');
        return;
      case AST_NODE_TYPES.TemplateLiteral:
        if (node.expressions.length === 0) sources.add('constant');
        for (const expression of node.expressions) trace(expression, next);
        return;
      case AST_NODE_TYPES.Identifier:
        traceIdentifier(node, next);
        return;
      case AST_NODE_TYPES.MemberExpression:
        // `this.prefix`: the instance's own state.
        if (node.object.type === AST_NODE_TYPES.ThisExpression) sources.add('unknown');
        else trace(node.object, next);
        if (node.computed) trace(node.property, next);
        return;
      case AST_NODE_TYPES.CallExpression:
        traceCall(node, next);
        return;
      case AST_NODE_TYPES.NewExpression:
        // `new Date()`: a new value each time; `new URL(href)`: made from `href`.
        if (node.arguments.length === 0) {
          sources.add('unique');
          unique ??= `new ${sourceCode.getText(node.callee)}()`;
        }
        for (const argument of node.arguments) trace(argument, next);
        return;
      case AST_NODE_TYPES.ArrayExpression:
        // `[host, port].join(':')`
        for (const element of node.elements) if (element) trace(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element, next);
        return;
      case AST_NODE_TYPES.ObjectExpression:
        for (const property of node.properties) trace(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, next);
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        // A callback (`name.replace(/-/g, () => '_')`): code, not data.
        sources.add('constant');
        return;
      case AST_NODE_TYPES.UpdateExpression:
        sources.add('unique');
        unique ??= sourceCode.getText(node);
        return;
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.UnaryExpression:
        trace(node.argument, next);
        return;
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        trace(node.expression, next);
        return;
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.LogicalExpression:
        if (node.left.type !== AST_NODE_TYPES.PrivateIdentifier) trace(node.left, next);
        trace(node.right, next);
        return;
      case AST_NODE_TYPES.ConditionalExpression:
        trace(node.consequent, next);
        trace(node.alternate, next);
        return;
      case AST_NODE_TYPES.SequenceExpression:
        trace(node.expressions.at(-1)!, next);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        trace(node.right, next);
        return;
      default:
        sources.add('unknown');
    }
  };

  const traceCall = (call: TSESTree.CallExpression, depth: number): void => {
    const { callee } = call;
    const name = getCalleeName(callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : name;
    if ((name !== undefined && UNIQUE_CALLS.has(name)) || (method !== undefined && UNIQUE_FUNCTIONS.has(method))) {
      sources.add('unique');
      unique ??= `${sourceCode.getText(callee)}()`;
      return;
    }
    // `key.toLowerCase()`: the key's own source; `JSON.stringify(x)`, `path.join(a, b)`: only the arguments.
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : undefined;
    if (receiver && !isNamespace(receiver)) trace(receiver, depth);
    for (const argument of call.arguments) trace(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument, depth);
    // `getId()`: what it returns is not in sight.
    if (!receiver && call.arguments.length === 0) sources.add('unknown');
  };

  /** `JSON`, `Object`, `path` (an import): a namespace whose methods compute from their arguments alone. */
  const isNamespace = (node: TSESTree.Node): boolean => {
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
    return !variable || variable.defs.length === 0 || variable.defs[0]!.type === 'ImportBinding';
  };

  const traceIdentifier = (identifier: TSESTree.Identifier, depth: number): void => {
    if (identifier.name === 'undefined') {
      sources.add('constant');
      return;
    }
    const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
    const def = variable?.defs[0];
    if (!variable || !def) {
      sources.add('unknown');
      return;
    }
    if (visited.has(variable)) return;
    visited.add(variable);
    switch (def.type) {
      case 'ImportBinding':
      case 'ClassName':
      case 'FunctionName':
      case 'TSEnumName':
      case 'TSModuleName':
        sources.add('constant');
        return;
      case 'Parameter':
        traceParameter(def.node as TSESTree.Node, identifier.name, depth);
        return;
      case 'Variable':
        traceVariable(variable, def.node as TSESTree.VariableDeclarator, depth);
        return;
      default:
        sources.add('unknown');
    }
  };

  const traceParameter = (fn: TSESTree.Node, name: string, depth: number): void => {
    const call = fn.parent;
    if ((fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression) && isRunInPlace(fn) && call?.type === AST_NODE_TYPES.CallExpression) {
      // `(function (x) { … })(value)`: the argument; `ROWS.forEach((row) => …)`: the array.
      if (call.callee === fn) {
        const index = fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === name);
        const argument = index === -1 ? undefined : call.arguments[index];
        if (argument) trace(argument, depth);
        else sources.add('unknown');
      } else if (call.callee.type === AST_NODE_TYPES.MemberExpression) {
        trace(call.callee.object, depth);
      }
      return;
    }
    if (isFunction(fn) && isFixedByCallers(fn, name, depth)) return;
    sources.add('input');
    input ??= name;
    inputs.push(name);
  };

  /**
   * `private snapshotOne(name) {…}` called only as `this.snapshotOne(queue.name)` in a loop over
   * the configured queues: no caller passes run-time data, so the parameter is not the caller's
   * data either. Traced only to clear a parameter: when some caller does pass data, the key stays
   * this parameter's (its name, finite or not, and the message's wording are this function's).
   */
  const isFixedByCallers = (fn: FunctionNode, name: string, depth: number): boolean => {
    if (sources.has('input') || sources.has('unique')) return false;
    const passed = getPassedArguments(sourceCode, fn, name);
    if (!passed) return false;
    const before = { sources: [...sources], inputs: inputs.length, input, unique, visited: [...visited] };
    if (passed.length === 0) sources.add('constant'); // every caller leaves it out: `undefined`
    for (const argument of passed) trace(argument, depth);
    if (!sources.has('input') && !sources.has('unique')) return true;
    sources.clear();
    for (const source of before.sources) sources.add(source);
    inputs.length = before.inputs;
    input = before.input;
    unique = before.unique;
    visited.clear();
    for (const variable of before.visited) visited.add(variable);
    return false;
  };

  const traceVariable = (variable: Scope.Variable, declarator: TSESTree.VariableDeclarator, depth: number): void => {
    const head = declarator.parent.parent;
    // `for (const tx of txs)`: the values of `txs`; `for await (const m of stream)`: whatever arrives.
    if ((head?.type === AST_NODE_TYPES.ForOfStatement || head?.type === AST_NODE_TYPES.ForInStatement) && head.left === declarator.parent) {
      if (head.type === AST_NODE_TYPES.ForOfStatement && head.await) {
        sources.add('input');
        input ??= variable.name;
        inputs.push(variable.name);
      } else {
        trace(head.right, depth);
      }
      return;
    }
    // `for (let i = 0; i < rows.length; i++)`: as many values as the bound allows.
    if (head?.type === AST_NODE_TYPES.ForStatement && head.init === declarator.parent) {
      if (head.test) trace(head.test, depth);
      else sources.add('unique');
      return;
    }
    const writes = variable.references.filter((reference) => reference.isWrite() && reference.writeExpr);
    const isModuleLevel = variable.scope.type === 'module' || variable.scope.type === 'global';
    if (isModuleLevel) {
      // Computed once as the module loads; a module variable that changes is shared state.
      sources.add(writes.every((reference) => reference.writeExpr === declarator.init) ? 'constant' : 'unknown');
      return;
    }
    if (writes.length === 0) sources.add('unknown');
    for (const reference of writes) trace(reference.writeExpr!, depth);
  };

  // The key itself a fresh object (`seen.add({ … })`, `new Request(…)`): no other call makes the same key.
  const value = unwrapAwaited(key);
  if (isFreshObject(value)) {
    sources.add('unique');
    unique = value.type === AST_NODE_TYPES.NewExpression ? `new ${sourceCode.getText(value.callee)}()` : 'a new object';
  } else {
    trace(key, 0);
  }
  return { sources, input, inputs, unique };
}


function isFreshObject(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.NewExpression ||
    node.type === AST_NODE_TYPES.ObjectExpression ||
    node.type === AST_NODE_TYPES.ArrayExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ClassExpression
  );
}

/**
 * Parameter names of small, fixed key spaces: a locale, a time zone, a currency, a kind or a
 * type, an installed model, a feature flag, a platform, a named thing the code defines or
 * installs (`loadJob(name)`, `queue(name)`, `getQueue(queueName)`, `load(pluginName)`, an action,
 * a route). Not names users make up at run time: a document, a tag, a field, an event or a metric
 * of the product's users; nor a table (a no-code database's users make them) or a package (a
 * registry's).
 */
const FINITE_KEY_NAME =
  /^(?:locale|language|lang|timeZone|timezone|tz|currency|country|region|theme|dialect|env|environment|mode|kind|type|level|severity|status|provider|model|version|name|file|filename|dir|directory|flag|feature|platform|(?:queue|plugin|action|command|hook|route|module)Name)s?$|[a-z](?:Locale|Language|Lang|TimeZone|Timezone|Currency|Country|Region|Theme|Dialect|Env|Environment|Mode|Kind|Type|Level|Severity|Status|Provider|Model|Version|Code|File|Filename|FileName|Dir|Directory|Flag|Feature|Platform|(?:Queue|Plugin|Action|Command|Hook|Route|Module)Name)s?$/;

/** Whether the key origin is data the program receives (other than a locale, a kind, a name …), or new every time. */
export function isRuntimeKey(origin: KeyOrigin): boolean {
  if (origin.sources.has('unique')) return true;
  return origin.sources.has('input') && !origin.inputs.every(isFiniteKeyName);
}

/** A parameter named for a small, fixed key space: see {@link FINITE_KEY_NAME}. */
export function isFiniteKeyName(name: string): boolean {
  return FINITE_KEY_NAME.test(name);
}

/** Whether the key takes only values written in the code. */
export function isConstantKey(origin: KeyOrigin): boolean {
  return origin.sources.size > 0 && [...origin.sources].every((source) => source === 'constant');
}

/**
 * What the callers of `fn` pass for its parameter `name`, when every call is in sight: a private
 * method or an unexported function this file only calls directly (never hands over as a
 * callback). `undefined` when code elsewhere may call it, or an argument cannot be matched.
 */
function getPassedArguments(sourceCode: Readonly<SourceCode>, fn: FunctionNode, name: string): TSESTree.Expression[] | undefined {
  // A TypeScript `this:` parameter takes no argument.
  const params = fn.params.filter((param) => param.type !== AST_NODE_TYPES.Identifier || param.name !== 'this');
  const index = params.findIndex((param) => {
    const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    return target.type === AST_NODE_TYPES.Identifier && target.name === name;
  });
  if (index === -1 || isWrittenInBody(sourceCode, fn, name)) return undefined;
  const { sites, complete } = findCallSites(sourceCode, fn);
  // A call from the function itself passes what it makes of its own parameter (`this.retry(n + 1)`).
  if (!complete || sites.length === 0 || sites.some((site) => isWithin(site.node, fn))) return undefined;
  const passed: TSESTree.Expression[] = [];
  for (const site of sites) {
    const call = site.node;
    if (call.type !== AST_NODE_TYPES.CallExpression || site.eventSource !== undefined || call.arguments.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    const argument = call.arguments[index] as TSESTree.Expression | undefined;
    // Left out: the parameter's default, or `undefined`.
    const param = params[index]!;
    const fallback = param.type === AST_NODE_TYPES.AssignmentPattern ? param.right : undefined;
    const value = argument ?? fallback;
    if (value === undefined) continue;
    passed.push(value);
  }
  return passed;
}

/** `n = n + 1` in the body: the parameter holds more than any caller passed. */
function isWrittenInBody(sourceCode: Readonly<SourceCode>, fn: FunctionNode, name: string): boolean {
  const variable = sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.name === name);
  return variable === undefined || variable.references.some((reference) => reference.isWrite() && !reference.init);
}

/** `Date.now`, `crypto.randomUUID`, `nanoid`. */
function getCalleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  return `${callee.object.name}.${getPropertyName(callee) ?? ''}`;
}

// ---------------------------------------------------------------------------
// Key types

/**
 * - `finite`: `'a' | 'b'`, an enum, `keyof T`, `boolean`, an alias of those
 * - `object`: `object`, `{ … }`, arrays, functions, interfaces and classes, type names
 *   that name objects (`Schema`, `Request`, `Context`, …)
 */
export type KeyDomain = 'finite' | 'object';

/** Imported type names that almost always name objects. */
const OBJECT_TYPE_NAME =
  /(?:Schema|Node|Element|Request|Response|Context|Options|Config|Definition|Document|Model|Entity|Instance|Object|Component|Class|Constructor|Function|Target|Descriptor|Module|Socket|Connection|Buffer|Error)$/;
/** Global object types. */
const OBJECT_GLOBALS = new Set(['Object', 'Function', 'Array', 'ReadonlyArray', 'Record', 'Date', 'RegExp', 'Error', 'Map', 'Set', 'Promise', 'Request', 'Response', 'Headers', 'URL']);
const MAX_TYPE_DEPTH = 5;

/** What the key type `type` says about the keys, when it says something. */
export function getKeyDomain(sourceCode: Readonly<SourceCode>, type: TSESTree.TypeNode, depth = 0): KeyDomain | undefined {
  if (depth > MAX_TYPE_DEPTH) return undefined;
  switch (type.type) {
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSBooleanKeyword:
    case AST_NODE_TYPES.TSNullKeyword:
    case AST_NODE_TYPES.TSUndefinedKeyword:
    case AST_NODE_TYPES.TSNeverKeyword:
      return 'finite';
    case AST_NODE_TYPES.TSObjectKeyword:
    case AST_NODE_TYPES.TSTypeLiteral:
    case AST_NODE_TYPES.TSFunctionType:
    case AST_NODE_TYPES.TSConstructorType:
    case AST_NODE_TYPES.TSArrayType:
    case AST_NODE_TYPES.TSTupleType:
      return 'object';
    case AST_NODE_TYPES.TSUnionType: {
      const domains = type.types.map((member) => getKeyDomain(sourceCode, member, depth + 1));
      if (domains.every((domain) => domain === 'finite')) return 'finite';
      return domains.every((domain) => domain === 'object') ? 'object' : undefined;
    }
    case AST_NODE_TYPES.TSTypeOperator:
      // `keyof T`: the keys of a type written in the code.
      return type.operator === 'keyof' ? 'finite' : type.typeAnnotation && getKeyDomain(sourceCode, type.typeAnnotation, depth + 1);
    case AST_NODE_TYPES.TSIndexedAccessType:
      // `(typeof ROLES)[number]`, `(typeof Kind)[keyof typeof Kind]`: the values of a constant.
      return type.objectType.type === AST_NODE_TYPES.TSTypeQuery ? 'finite' : undefined;
    case AST_NODE_TYPES.TSTypeReference:
      return getNamedKeyDomain(sourceCode, type, depth);
    default:
      return undefined;
  }
}

const NARROWING_UTILITIES = new Set(['Exclude', 'Extract', 'NonNullable']);

/** An enum, a type alias, an interface or a class, as a key type. */
function getDeclarationDomain(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, depth: number): KeyDomain | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.TSEnumDeclaration:
      return 'finite';
    case AST_NODE_TYPES.TSTypeAliasDeclaration:
      return getKeyDomain(sourceCode, node.typeAnnotation, depth + 1);
    case AST_NODE_TYPES.TSInterfaceDeclaration:
    case AST_NODE_TYPES.ClassDeclaration:
      return 'object';
    default:
      return undefined;
  }
}

function getNamedKeyDomain(sourceCode: Readonly<SourceCode>, reference: TSESTree.TSTypeReference, depth: number): KeyDomain | undefined {
  const { typeName } = reference;
  if (typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
  // `Exclude<PageType, 'all'>`, `Extract<…>`, `NonNullable<…>`: a part of a finite type is finite.
  const [narrowed] = reference.typeArguments?.params ?? [];
  if (narrowed && NARROWING_UTILITIES.has(typeName.name) && getKeyDomain(sourceCode, narrowed, depth + 1) === 'finite') return 'finite';
  const variable = ASTUtils.findVariable(sourceCode.getScope(reference), typeName);
  const def = variable?.defs[0];
  if (!variable || !def) return OBJECT_GLOBALS.has(typeName.name) ? 'object' : undefined;
  const node = def.node as TSESTree.Node;
  if (node.type === AST_NODE_TYPES.TSTypeParameter) return node.constraint ? getKeyDomain(sourceCode, node.constraint, depth + 1) : undefined;
  const local = getDeclarationDomain(sourceCode, node, depth);
  if (local !== undefined) return local;
  if (def.type !== 'ImportBinding') return undefined;
  // `import type { Corpus } from './search-meta'`: the declaration in the project module it comes from.
  const imported = findImportedDeclaration(sourceCode, def);
  if (imported) {
    const domain = getDeclarationDomain(imported.sourceCode, imported.node, depth);
    if (domain !== undefined) return domain;
  }
  // An import used as `Kind.Member` in this file is an enum (or a constant object of members).
  if (variable.references.some((use) => use.isValueReference && use.identifier.parent?.type === AST_NODE_TYPES.MemberExpression && use.identifier.parent.object === use.identifier)) {
    return 'finite';
  }
  return OBJECT_TYPE_NAME.test(typeName.name) ? 'object' : undefined;
}

/** The key type of `new Map<K, V>()`, `new Set<T>()` or of a `Map<K, V>` / `Set<T>` annotation (also `ReadonlyMap`, `globalThis.Map`). */
export function getKeyTypeArgument(type: TSESTree.TypeNode | TSESTree.TSTypeParameterInstantiation | undefined): TSESTree.TypeNode | undefined {
  if (!type) return undefined;
  if (type.type === AST_NODE_TYPES.TSTypeParameterInstantiation) return type.params[0];
  if (type.type !== AST_NODE_TYPES.TSTypeReference || !type.typeArguments) return undefined;
  const name = type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : type.typeName.type === AST_NODE_TYPES.TSQualifiedName ? type.typeName.right.name : undefined;
  return name !== undefined && /^(?:Readonly)?(?:Map|Set)$/.test(name) ? type.typeArguments.params[0] : undefined;
}

/**
 * Whether the key expression is surely an object: `this`, `new X()`, a literal object, array or
 * function, or a parameter annotated with an object type (`schema: JsonSchema`, `req: Request`).
 */
export function isObjectKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): boolean {
  switch (key.type) {
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
      return true;
    case AST_NODE_TYPES.Identifier: {
      const def = ASTUtils.findVariable(sourceCode.getScope(key), key)?.defs[0];
      if (def?.type !== 'Parameter' || def.name.type !== AST_NODE_TYPES.Identifier) return false;
      const annotation = def.name.typeAnnotation?.typeAnnotation;
      return annotation !== undefined && getKeyDomain(sourceCode, annotation) === 'object';
    }
    default:
      return false;
  }
}
