import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import type { RuleContext, Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import path from 'node:path';
import type { ClientLibraryFacts } from '../redis';
import { CLIENT_LIBRARIES, CLOSE_METHODS, PASS_THROUGH_METHODS } from '../redis';
import { forEachDescendant, getKeyName, getPropertyName, getStaticString, getThisClassBody, isFunction, isGlobalReference, isInStaticMember, isNothing, isWithin, unwrapExpression } from './ast';
import type { FunctionNode } from './ast';
import type { FunctionSummary } from './function-summaries';
import { FunctionSummaries } from './function-summaries';
import { getModuleMocks } from './mocked-modules';
import { mayUseClient } from './project-modules';
import { getSourceFile, rememberSourceFile } from './source-files';
import { findImportedDeclaration } from './imported-types';
import { readExportsOfLintedFile, summarizeProjectFunction } from './module-exports';
import { findDeclaredFunction } from './typed-callees';
import type { ModuleValue } from './module-values';
import { getMember, ModuleValueResolver } from './module-values';
import { getClientLibraryOfType } from './type-annotations';
import { getClassChainNames, getLibraryDeclaringAnyMethod, getLibraryDeclaringMethod } from './typed-clients';

/** Helpers called as `singleton(name, make)` that keep what `make` returns, once per name, and give it back. */
const NAMED_SINGLETON_HELPERS: ReadonlySet<string> = new Set(['singleton', 'remember']);

/** Methods that open a new client from an existing one (`client.duplicate()`). */
const SPAWN_METHODS: ReadonlySet<string> = new Set(CLIENT_LIBRARIES.flatMap((library) => library.spawnMethods));

/** An expression that opens a new client: `new Redis()`, `createClient()`, `client.duplicate()`. */
export interface ClientCreation {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly library: ClientLibraryFacts;
  /** A consumer that runs on its own (BullMQ `Worker`). */
  readonly longRunning: boolean;
  /** The library's own factory of a client that connects only when `connect()` is called (node-redis). */
  readonly connectsExplicitly?: boolean;
}

/** What an expression holds when it is a client, or a pipeline/transaction of one. */
export interface ClientHandle {
  readonly library: ClientLibraryFacts;
  readonly batch: boolean;
}

/**
 * The per-file analysis of Redis clients, shared by every rule through
 * {@link getClientAnalysis}: one import resolution and one set of caches per file.
 */
export class ClientAnalysis {
  /** Whether the file can hold a client at all; when not, rules register no visitors. */
  readonly relevant: boolean;
  readonly typeServices: ParserServicesWithTypeInformation | undefined;
  private readonly resolver: ModuleValueResolver;
  private readonly functions: FunctionSummaries;
  private readonly creations = new WeakMap<TSESTree.Node, ClientCreation | null>();
  private readonly handles = new WeakMap<TSESTree.Node, ClientHandle | null>();
  private readonly variableHandles = new WeakMap<Scope.Variable, ClientHandle | null>();
  private readonly classMembers = new WeakMap<TSESTree.ClassBody, Map<string, ClientHandle>>();

  /** `filename`: the file's path, from which imports of the project's own modules are followed. */
  constructor(
    private readonly sourceCode: Readonly<SourceCode>,
    filename?: string,
  ) {
    this.resolver = new ModuleValueResolver(sourceCode, filename);
    this.functions = new FunctionSummaries(sourceCode, this);
    this.typeServices = getTypeServices(sourceCode);
    // A client can come from a client package, or from a module of the project that holds one.
    this.relevant = this.typeServices !== undefined || mayUseClient(sourceCode.text, filename);
  }

  getClientCreation(node: TSESTree.CallExpression | TSESTree.NewExpression): ClientCreation | undefined {
    let creation = this.creations.get(node);
    if (creation === undefined) {
      creation = this.findClientCreation(node) ?? null;
      if (creation && this.isMocked(creation.library)) creation = null;
      this.creations.set(node, creation);
    }
    return creation ?? undefined;
  }

  /** The client (or batch) an expression holds, by local data flow; `method` lets typed mode confirm one by its type. */
  getClientOf(node: TSESTree.Node, method?: string): ClientHandle | undefined {
    const expression = unwrapExpression(node);
    let handle = this.handles.get(expression);
    if (handle === undefined) {
      handle = this.findClientOf(expression, 0) ?? null;
      if (handle && this.isMocked(handle.library)) handle = null;
      this.handles.set(expression, handle);
    }
    if (handle) return handle;
    if (this.typeServices && method !== undefined) {
      const library = getLibraryDeclaringMethod(this.typeServices, expression, method);
      if (library && !this.isMocked(library)) return { library, batch: false };
    }
    return undefined;
  }

  /**
   * A test file that mocks the library (`vi.mock('ioredis')`) makes fakes of its clients: no
   * connection, no keys. Only when every module of the library that the file imports is mocked:
   * a mock of `@keyv/redis` leaves `createClient` from `redis` real.
   */
  private isMocked(library: ClientLibraryFacts): boolean {
    const { mocked, imported } = getModuleMocks(this.sourceCode);
    if (mocked.size === 0 || !library.modules.some((module) => mocked.has(module))) return false;
    return library.modules.every((module) => !imported.has(module) || mocked.has(module));
  }

  /** What an expression is in a client library or a project module (a factory, a shared client, …). */
  resolveValue(node: TSESTree.Node): ModuleValue | undefined {
    return this.resolver.resolve(node);
  }

  /** Whether a function of this file returns a new client (factory) or one that outlives the call (getter). */
  summarizeFunction(fn: FunctionNode): FunctionSummary | undefined {
    return this.functions.ofFunction(fn);
  }

  /** The library whose client type an annotation names. */
  getClientLibraryOfType(node: TSESTree.TypeNode | TSESTree.TSTypeAnnotation | undefined): ClientLibraryFacts | undefined {
    return getClientLibraryOfType(node, this.resolver);
  }

  private findClientCreation(node: TSESTree.CallExpression | TSESTree.NewExpression): ClientCreation | undefined {
    if (node.callee.type === AST_NODE_TYPES.Super) return undefined;
    const value = this.resolver.resolve(node.callee);
    if (node.type === AST_NODE_TYPES.NewExpression) {
      if (value?.fact.kind === 'class') return value.fact.ownLifecycle ? undefined : { node, library: value.library, longRunning: value.fact.longRunning === true };
      return this.findTypedCreation(node);
    }
    if (value?.fact.kind === 'factory') return { node, library: value.library, longRunning: value.fact.longRunning === true, connectsExplicitly: value.fact.connectsExplicitly === true };
    // connectRedis(url), where this file's connectRedis returns a new client on every call
    const summary = this.functions.ofCallee(node.callee) ?? this.getTypedCalleeSummary(node.callee);
    if (summary?.kind === 'factory') return { node, library: summary.library, longRunning: summary.longRunning === true, connectsExplicitly: summary.connectsExplicitly === true };
    // client.duplicate()
    if (node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = getPropertyName(node.callee);
      // Only a spawn method can open a client here; asking about `path.join()` would cost a type lookup in typed mode.
      const owner = method === undefined || !SPAWN_METHODS.has(method) ? undefined : this.getClientOf(node.callee.object, method);
      if (owner && !owner.batch && owner.library.spawnMethods.includes(method!)) {
        return { node, library: owner.library, longRunning: false };
      }
    }
    return undefined;
  }

  /** Typed mode: `new X()` whose instances have a client library's close method (a subclass, a re-export). */
  private findTypedCreation(node: TSESTree.NewExpression): ClientCreation | undefined {
    if (!this.typeServices || this.isBuiltIn(node.callee)) return undefined;
    const library = getLibraryDeclaringAnyMethod(this.typeServices, node, CLOSE_METHODS);
    if (library) {
      // A subclass of a long-running consumer (`class MailWorker extends Worker`) runs on its own too.
      const classes = getClassChainNames(this.typeServices, node);
      const longRunning = classes.some((name) => {
        const member = getMember({ library, fact: library.moduleValue }, name);
        return member?.fact.kind === 'class' && member.fact.longRunning === true;
      });
      return { node, library, longRunning };
    }
    return undefined;
  }

  /** `new Map()`, `new Error()`: a JavaScript built-in, never a client; no type lookup needed. */
  private isBuiltIn(callee: TSESTree.Expression): boolean {
    return callee.type === AST_NODE_TYPES.Identifier && callee.name in globalThis && isGlobalReference(this.sourceCode, callee, callee.name);
  }

  private findClientOf(expression: TSESTree.Node, depth: number): ClientHandle | undefined {
    if (depth > 8) return undefined;
    switch (expression.type) {
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression: {
        const creation = this.getClientCreation(expression);
        if (creation) return { library: creation.library, batch: false };
        // new RedisService(), of a class that keeps its instances' lifecycle itself: a client, not one this code opened
        if (expression.type === AST_NODE_TYPES.NewExpression) return this.findInstanceOfOwnLifecycle(expression);
        // getRedis(), where getRedis (of this file or an imported module) returns a client that outlives the call
        const getter = this.functions.ofCallee(expression.callee) ?? this.getImportedGetter(expression.callee);
        return getter ? { library: getter.library, batch: false } : (this.findChainedHandle(expression, depth) ?? this.findWrappedClient(expression));
      }
      case AST_NODE_TYPES.AwaitExpression: {
        // await GlideClient.createClient(), await createClient().connect()
        const inner = unwrapExpression(expression.argument);
        if (inner.type === AST_NODE_TYPES.CallExpression && inner.callee.type === AST_NODE_TYPES.MemberExpression) {
          const method = getPropertyName(inner.callee);
          const owner = this.findClientOf(unwrapExpression(inner.callee.object), depth + 1);
          if (method === 'connect' && owner?.library.connectReturnsClient) return owner;
        }
        return this.findClientOf(inner, depth + 1);
      }
      case AST_NODE_TYPES.Identifier:
        return this.findClientOfIdentifier(expression, depth);
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.Super:
        return this.findClientOfThis(expression);
      case AST_NODE_TYPES.MemberExpression:
        if (expression.object.type === AST_NODE_TYPES.ThisExpression) return this.findClientOfThisMember(expression);
        return this.findSharedInstance(expression) ?? this.findClientOfTypedProperty(expression);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.findClientOfBranches(expression, depth);
      default:
        return undefined;
    }
  }

  /**
   * `url ? new Redis(url) : null`, `url ? new Redis(url) : (new MockRedis() as unknown as Redis)`: a
   * client, or nothing, or a stand-in the code declares to be one of the same library (a cast to its
   * client type). At least one branch must be a client; two libraries, or anything else, is unknown.
   */
  private findClientOfBranches(expression: TSESTree.ConditionalExpression, depth: number): ClientHandle | undefined {
    let library: ClientLibraryFacts | undefined;
    let holdsClient = false;
    for (const branch of [expression.consequent, expression.alternate]) {
      const value = unwrapExpression(branch);
      if (isNothing(value)) continue;
      const handle = this.findClientOf(value, depth + 1);
      const branchLibrary = handle ? (handle.batch ? undefined : handle.library) : this.getClientLibraryOfType(getCastType(branch));
      if (!branchLibrary || (library && branchLibrary !== library)) return undefined;
      library = branchLibrary;
      holdsClient ||= handle !== undefined;
    }
    return holdsClient && library ? { library, batch: false } : undefined;
  }

  /**
   * `singleton('redis', initializeRedis)`, `remember('redis', () => new Redis(url))`: a helper that keeps
   * one value per name for the process (Remix's and trigger.dev's `singleton`, `@epic-web/remember`),
   * handed a function of this file that returns a client, gives that client back. Known by its name
   * and shape (a name, then the function), as no file shows what such a helper returns: a receiver
   * only, whose owner is not told.
   */
  private findWrappedClient(call: TSESTree.CallExpression): ClientHandle | undefined {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier || !NAMED_SINGLETON_HELPERS.has(callee.name) || call.arguments.length !== 2) return undefined;
    const [name, make] = call.arguments;
    if (getStaticString(name!) === undefined || make!.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const fn = isFunction(make!) ? make : make!.type === AST_NODE_TYPES.Identifier ? this.functions.findFunction(make) : undefined;
    const summary = fn && !fn.generator ? this.functions.ofFunction(fn) : undefined;
    return summary && { library: summary.library, batch: false };
  }

  /** `client.multi()`, `client.multi().set(…)` (commands on a batch return it), `client.on('error', f)`. */
  private findChainedHandle(call: TSESTree.CallExpression, depth: number): ClientHandle | undefined {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = getPropertyName(call.callee);
    if (method === undefined) return undefined;
    const owner = this.findClientOf(unwrapExpression(call.callee.object), depth + 1);
    if (!owner) return undefined;
    if (owner.batch) return method === 'exec' || method === 'EXEC' ? undefined : owner;
    if (owner.library.batchMethods.includes(method)) return { library: owner.library, batch: true };
    if (PASS_THROUGH_METHODS.has(method)) return owner;
    return undefined;
  }

  private findClientOfIdentifier(identifier: TSESTree.Identifier, depth: number): ClientHandle | undefined {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier.name);
    if (!variable || variable.defs.length === 0) return undefined;
    let handle = this.variableHandles.get(variable);
    if (handle !== undefined) return handle ?? undefined;
    this.variableHandles.set(variable, null); // guards against cycles while it is computed
    handle = this.findClientOfVariable(variable, depth) ?? null;
    this.variableHandles.set(variable, handle);
    return handle ?? undefined;
  }

  /** Typed mode: the summary of a function declared in another file of the project, wherever the import came from. */
  private getTypedCalleeSummary(callee: TSESTree.Node): FunctionSummary | undefined {
    if (!this.typeServices || callee.type === AST_NODE_TYPES.Super || !this.isImportedName(callee)) return undefined;
    const declared = findDeclaredFunction(this.typeServices, callee);
    const value = declared && summarizeProjectFunction(declared.sourceCode, declared.file, declared.fn);
    if (value?.fact.kind === 'factory') return { kind: 'factory', library: value.library, longRunning: value.fact.longRunning, connectsExplicitly: value.fact.connectsExplicitly };
    return value?.fact.kind === 'getter' ? { kind: 'getter', library: value.library } : undefined;
  }

  /** `connect` or `store.connect` where `connect`/`store` is imported: only those callees can be another file's functions worth the checker's time. */
  private isImportedName(callee: TSESTree.Node): boolean {
    const expression = unwrapExpression(callee);
    const name = expression.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(expression.object) : expression;
    if (name.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(name), name.name);
    return variable?.defs[0]?.type === 'ImportBinding';
  }

  private getImportedGetter(callee: TSESTree.Node): ModuleValue | undefined {
    if (callee.type === AST_NODE_TYPES.Super) return undefined;
    const value = this.resolver.resolve(callee);
    return value?.fact.kind === 'getter' ? value : undefined;
  }

  /**
   * `deps.redis` where `deps: Deps` and `interface Deps { redis: Redis }` (or a type literal, or an alias of one), of
   * this file or imported from a module of the project (`import type { Deps } from './types'`).
   */
  private findClientOfTypedProperty(member: TSESTree.MemberExpression): ClientHandle | undefined {
    const object = unwrapExpression(member.object);
    const name = getPropertyName(member);
    if (object.type !== AST_NODE_TYPES.Identifier || name === undefined) return undefined;
    const def = ASTUtils.findVariable(this.sourceCode.getScope(object), object.name)?.defs[0];
    const annotation = def?.type === 'Parameter' || (def?.type === 'Variable' && def.node.id === def.name) ? (def.name as TSESTree.Identifier).typeAnnotation : undefined;
    const property = annotation && findTypedProperty(this.sourceCode, annotation.typeAnnotation, name);
    if (!property) return undefined;
    // An interface of another module names its types there: `Redis` is what that module imports as `Redis`.
    const library =
      property.sourceCode === this.sourceCode
        ? this.getClientLibraryOfType(property.annotation)
        : getClientLibraryOfType(property.annotation, new ModuleValueResolver(property.sourceCode as SourceCode, getSourceFile(property.sourceCode)));
    return library && { library, batch: false };
  }

  /** A client a library module shares (`import { redis } from 'bun'`, `bun.redis`). */
  private findSharedInstance(node: TSESTree.Node): ClientHandle | undefined {
    const value = this.resolver.resolve(node);
    return value?.fact.kind === 'instance' ? { library: value.library, batch: false } : undefined;
  }

  private findClientOfVariable(variable: Scope.Variable, depth: number): ClientHandle | undefined {
    const def = variable.defs[0]!;
    // import { redis } from 'bun'; const { redis } = require('bun')
    const shared = def.type === 'ImportBinding' || def.type === 'Variable' ? this.findSharedInstance(def.name) : undefined;
    if (shared) return shared;
    if (def.type === 'Parameter') {
      const library = this.getClientLibraryOfType(def.name.typeAnnotation);
      return library && { library, batch: false };
    }
    if (def.type !== 'Variable') return undefined;
    const declared = this.getClientLibraryOfType(def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.id.typeAnnotation : undefined);
    if (declared) return { library: declared, batch: false };
    if (def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    // const c = new Redis(); let c; c = createClient();
    for (const reference of variable.references) {
      if (reference.writeExpr) {
        const handle = this.findClientOf(unwrapExpression(reference.writeExpr), depth + 1);
        if (handle) return handle;
      }
    }
    return undefined;
  }

  private findInstanceOfOwnLifecycle(node: TSESTree.NewExpression): ClientHandle | undefined {
    const value = node.callee.type === AST_NODE_TYPES.Super ? undefined : this.resolver.resolve(node.callee);
    return value?.fact.kind === 'class' && value.fact.ownLifecycle ? { library: value.library, batch: false } : undefined;
  }

  /** `this` (or `super`) in an instance member of a class that extends a client class (`this.set(…)` in `class RedisService extends Redis`). */
  private findClientOfThis(node: TSESTree.ThisExpression | TSESTree.Super): ClientHandle | undefined {
    const body = getThisClassBody(node);
    if (!body || isInStaticMember(node, body) || !isInMemberValue(node, body)) return undefined;
    const value = this.resolver.resolve(body.parent);
    return value?.fact.kind === 'class' ? { library: value.library, batch: false } : undefined;
  }

  private findClientOfThisMember(member: TSESTree.MemberExpression): ClientHandle | undefined {
    const name = getPropertyName(member);
    const classBody = getThisClassBody(member);
    return name === undefined || !classBody ? undefined : this.findClassMembers(classBody).get(name);
  }

  /** Class members that hold clients: field initialisers, annotated fields and parameter properties, `this.x = …` assignments. */
  /** The members of a class that hold clients (fields, parameter properties, `this.x = …`), by name. */
  getClassMembers(classBody: TSESTree.ClassBody): ReadonlyMap<string, ClientHandle> {
    return this.findClassMembers(classBody);
  }

  private findClassMembers(classBody: TSESTree.ClassBody): Map<string, ClientHandle> {
    let members = this.classMembers.get(classBody);
    if (members) return members;
    members = new Map();
    this.classMembers.set(classBody, members);
    const record = (name: string | undefined, handle: ClientHandle | undefined) => {
      if (name !== undefined && handle && !members!.has(name)) members!.set(name, handle);
    };
    const libraryHandle = (library: ClientLibraryFacts | undefined) => library && { library, batch: false };
    for (const element of classBody.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed) {
        const name = element.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${element.key.name}` : getKeyName(element);
        record(name, libraryHandle(this.getClientLibraryOfType(element.typeAnnotation)));
        if (element.value) record(name, this.findClientOf(unwrapExpression(element.value), 1));
      }
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
        for (const parameter of element.value.params) {
          if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const inner = parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.parameter.left : parameter.parameter;
          if (inner.type === AST_NODE_TYPES.Identifier) record(inner.name, libraryHandle(this.getClientLibraryOfType(inner.typeAnnotation)));
        }
      }
    }
    forEachDescendant(classBody, this.sourceCode.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.ClassBody) return false; // a nested class has its own `this`
      if (
        node.type === AST_NODE_TYPES.AssignmentExpression &&
        node.left.type === AST_NODE_TYPES.MemberExpression &&
        node.left.object.type === AST_NODE_TYPES.ThisExpression &&
        getThisClassBody(node.left) === classBody
      ) {
        record(getPropertyName(node.left), this.findClientOf(unwrapExpression(node.right), 1));
      }
      return undefined;
    });
    return members;
  }
}

/** Whether `node` lies in the value of a member of `body` (a method's body, a field's initialiser), not in a computed key or a decorator, where `this` is the outer one. */
function isInMemberValue(node: TSESTree.Node, body: TSESTree.ClassBody): boolean {
  let current: TSESTree.Node = node;
  while (current.parent && current.parent !== body) current = current.parent;
  const member = current.parent === body ? current : undefined;
  const value = member && 'value' in member ? (member.value as TSESTree.Node | null) : undefined;
  return (value !== null && value !== undefined && isWithin(node, value)) || member?.type === AST_NODE_TYPES.StaticBlock;
}

function getTypeServices(sourceCode: Readonly<SourceCode>): ParserServicesWithTypeInformation | undefined {
  const services = sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
  return services?.program && services.esTreeNodeToTSNodeMap ? (services as ParserServicesWithTypeInformation) : undefined;
}

const analyses = new WeakMap<TSESTree.Program, ClientAnalysis>();

/** The shared analysis of the file being linted, built once per file whatever the number of rules. */
export function getClientAnalysis(context: Readonly<RuleContext<string, readonly unknown[]>>): ClientAnalysis {
  const { sourceCode } = context;
  let analysis = analyses.get(sourceCode.ast);
  if (!analysis) {
    analysis = new ClientAnalysis(sourceCode, context.physicalFilename);
    analyses.set(sourceCode.ast, analysis);
    if (path.isAbsolute(context.physicalFilename)) rememberSourceFile(sourceCode, context.physicalFilename);
    if (analysis.relevant) readExportsOfLintedFile(sourceCode, context.physicalFilename, analysis);
  }
  return analysis;
}

/** The declared type of property `name` of an object type, and the file it is written in. */
interface TypedProperty {
  readonly sourceCode: Readonly<SourceCode>;
  readonly annotation: TSESTree.TSTypeAnnotation;
}

/**
 * The declared type of property `name` of an object type: a type literal, or an interface or type alias naming
 * one, of this file or exported by a module of the project (followed through re-exports).
 */
function findTypedProperty(sourceCode: Readonly<SourceCode>, type: TSESTree.TypeNode, name: string, depth = 0): TypedProperty | undefined {
  if (type.type === AST_NODE_TYPES.TSTypeLiteral) return findPropertyIn(sourceCode, type.members, name);
  if (type.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier || type.typeArguments || depth >= 4) return undefined;
  const def = ASTUtils.findVariable(sourceCode.getScope(type.typeName), type.typeName.name)?.defs[0];
  const imported = def?.type === 'ImportBinding' ? findImportedDeclaration(sourceCode, def) : undefined;
  const [where, declaration] = imported ? [imported.sourceCode, imported.node] : [sourceCode, def?.node as TSESTree.Node | undefined];
  if (declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration && declaration.extends.length === 0 && !declaration.typeParameters) return findPropertyIn(where, declaration.body.body, name);
  if (declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration && !declaration.typeParameters) return findTypedProperty(where, declaration.typeAnnotation, name, depth + 1);
  return undefined;
}

function findPropertyIn(sourceCode: Readonly<SourceCode>, members: readonly TSESTree.TypeElement[], name: string): TypedProperty | undefined {
  const property = members.find((member): member is TSESTree.TSPropertySignature => member.type === AST_NODE_TYPES.TSPropertySignature && getKeyName(member) === name);
  return property?.typeAnnotation && { sourceCode, annotation: property.typeAnnotation };
}

/** The type an expression is cast to last: `Redis` of `stub as unknown as Redis` and of `<Redis>stub`. */
function getCastType(node: TSESTree.Node): TSESTree.TypeNode | undefined {
  return node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSTypeAssertion ? node.typeAnnotation : undefined;
}
