import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { ClientLibraryFacts, ExportFact } from '../redis';
import { getLibraryByModule } from '../redis';
import { getImportedName, getKeyName, getPropertyName, getRequiredModule, getStaticString, unwrapExpression } from './ast';
import { getModuleMocks, isProjectModuleMocked } from './mocked-modules';
import { readOwnMembers } from './subclass-members';
import { getProjectExport } from './module-exports';
import { isNodeBuiltinModule } from './module-resolution';

/** A value that comes from a client library: the module, a class, a factory, a type. */
export interface ModuleValue {
  readonly library: ClientLibraryFacts;
  readonly fact: ExportFact;
}

const MAX_ALIAS_DEPTH = 8;

/**
 * Follows imports, `require` calls and local aliases to tell what an
 * expression (or a type name) refers to in a client library:
 * - `import Redis from 'ioredis'` → `Redis` is the Redis class
 * - `const { createClient: make } = require('redis')` → `make` is a factory
 * - `import * as IORedis from 'ioredis'` → `IORedis.Cluster` is the Cluster class
 * The name a user chose never matters; a local `Redis` that is not imported is nothing.
 */
export class ModuleValueResolver {
  private readonly byVariable = new WeakMap<Scope.Variable, ModuleValue | null>();
  /** Subclasses read once each: `this` in every member asks again. */
  private readonly byClass = new WeakMap<TSESTree.Node, ModuleValue | null>();

  /** `filename`: where imports of the project's own modules (`./lib/redis`) are resolved from; without it they are unknown. */
  constructor(
    private readonly sourceCode: SourceCode,
    private readonly filename?: string,
  ) {}

  resolve(node: TSESTree.Node, depth = 0): ModuleValue | undefined {
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    const expression = unwrapExpression(node);
    switch (expression.type) {
      case AST_NODE_TYPES.Identifier:
        return this.resolveIdentifier(expression, depth);
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(expression);
        if (name === undefined) return undefined;
        // require('../lib/redis').client
        const projectModule = this.getRequiredProjectModule(expression.object);
        if (projectModule !== undefined) return this.getProjectExport(projectModule, name);
        const object = this.resolve(expression.object, depth + 1);
        if (object) return getMember(object, name);
        // const db = require('./lib/db'); db.redis: one of the exports the module assigns (`exports.redis = …`)
        const requiredModule = this.getModuleRequiredAs(expression.object);
        return requiredModule === undefined ? undefined : this.getProjectExport(requiredModule, name);
      }
      case AST_NODE_TYPES.TSQualifiedName: {
        const object = this.resolve(expression.left, depth + 1);
        return object && getMember(object, expression.right.name);
      }
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
        return this.resolveSubclass(expression, depth);
      case AST_NODE_TYPES.CallExpression: {
        const specifier = getRequiredModule(expression);
        const library = getLibraryOfSpecifier(specifier);
        if (library) return { library, fact: library.moduleValue };
        // const redis = require('./redis'): its module.exports
        return specifier === undefined ? undefined : this.getProjectExport(specifier, 'default');
      }
      default:
        return undefined;
    }
  }

  /**
   * A class that extends a client class (`class RedisService extends Redis`, NestJS's way to make
   * a client injectable): its instances are clients of that library, and so is `this` in its
   * members, unless it redefines what the rules read of a client (subclass-members.ts). Its `new`
   * opens a client the caller owns unless its instances live by rules of their own.
   */
  private resolveSubclass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, depth: number): ModuleValue | undefined {
    const known = this.byClass.get(node);
    if (known !== undefined) return known ?? undefined;
    const value = this.readSubclass(node, depth);
    this.byClass.set(node, value ?? null);
    return value;
  }

  private readSubclass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, depth: number): ModuleValue | undefined {
    const base = node.superClass ? this.resolve(node.superClass, depth + 1) : undefined;
    if (base?.fact.kind !== 'class') return undefined;
    const own = readOwnMembers(node.body, base.library, this.sourceCode.visitorKeys);
    // A class that redefines a command, a close or a batch (`set` that adds a TTL) is a wrapper with rules of its own.
    if (own.redefinesClientMethod) return undefined;
    const statics = base.fact.statics && Object.fromEntries(Object.entries(base.fact.statics).filter(([name]) => !own.statics.has(name)));
    return { library: base.library, fact: { ...base.fact, statics, ...(own.ownLifecycle && { ownLifecycle: true }) } };
  }

  /** The type a local alias stands for: `NodeRedis` in `type NodeRedis = ReturnType<typeof createClient>`. */
  getLocalTypeAlias(identifier: TSESTree.Identifier): TSESTree.TypeNode | undefined {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    return def?.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration && !def.node.typeParameters ? def.node.typeAnnotation : undefined;
  }

  private resolveIdentifier(identifier: TSESTree.Identifier, depth: number): ModuleValue | undefined {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier.name);
    if (!variable) return undefined;
    const cached = this.byVariable.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    const value = this.resolveVariable(variable, depth);
    this.byVariable.set(variable, value ?? null);
    return value;
  }

  private resolveVariable(variable: Scope.Variable, depth: number): ModuleValue | undefined {
    if (variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') return resolveImportBinding(def.node) ?? this.resolveProjectImport(def.node);
    if (def.type === 'ClassName') return this.resolve(def.node, depth + 1);
    if (def.type !== 'Variable' || !def.node.init) return undefined;
    // A binding that is written again may hold anything later on.
    if (variable.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
    const projectModule = this.getRequiredProjectModule(def.node.init);
    if (projectModule !== undefined) return this.resolveProjectRequire(def, projectModule);
    const init = this.resolve(def.node.init, depth + 1);
    if (!init) return undefined;
    if (def.node.id.type === AST_NODE_TYPES.Identifier) return init;
    if (def.node.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
    // const { Redis, createClient: make } = require(...)
    for (const property of def.node.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const target = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (target === def.name) {
        const key = getKeyName(property);
        return key === undefined ? undefined : getMember(init, key);
      }
    }
    return undefined;
  }

  /** `const redis = require('./redis')` (its `module.exports`), `const { redis } = require('../lib/redis')`. */
  private resolveProjectRequire(def: Scope.Definition & { node: TSESTree.VariableDeclarator }, specifier: string): ModuleValue | undefined {
    const { id } = def.node;
    if (id.type === AST_NODE_TYPES.Identifier) return this.getProjectExport(specifier, 'default');
    if (id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
    const property = id.properties.find((candidate) => candidate.type === AST_NODE_TYPES.Property && candidate.value === def.name);
    const key = property?.type === AST_NODE_TYPES.Property ? getKeyName(property) : undefined;
    return key === undefined ? undefined : this.getProjectExport(specifier, key);
  }

  /** `import { redis } from './redis'`, `import redis from '../lib/redis.js'`: what the project module exports. */
  private resolveProjectImport(node: TSESTree.Node): ModuleValue | undefined {
    const declaration = node.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    let value: ModuleValue | undefined;
    if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) value = this.getProjectExport(declaration.source.value, 'default');
    else if (node.type === AST_NODE_TYPES.ImportSpecifier) {
      value = this.getProjectExport(declaration.source.value, getImportedName(node));
    }
    // `import type { NodeRedis }` names a type: a client type alias counts, a value never does.
    const typeOnly = declaration.importKind === 'type' || (node.type === AST_NODE_TYPES.ImportSpecifier && node.importKind === 'type');
    return typeOnly && value?.fact.kind !== 'type' && value?.fact.kind !== 'class' ? undefined : value;
  }

  /** `'./lib/db'` for `db` of `const db = require('./lib/db')`, a binding written once. */
  private getModuleRequiredAs(node: TSESTree.Node): string | undefined {
    const identifier = unwrapExpression(node);
    if (identifier.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    if (variable!.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
    return this.getRequiredProjectModule(def.node.init);
  }

  /** `'./redis'` in `require('./redis')`: a module that may be the project's (not a client library, not Node's own). */
  private getRequiredProjectModule(node: TSESTree.Node): string | undefined {
    const specifier = getRequiredModule(unwrapExpression(node));
    return specifier !== undefined && getLibraryOfSpecifier(specifier) === undefined && !isNodeBuiltinModule(specifier) ? specifier : undefined;
  }

  private getProjectExport(specifier: string, exportName: string): ModuleValue | undefined {
    // A module this (test) file mocks whole is a fake here, whatever the module itself holds.
    if (this.filename === undefined || isProjectModuleMocked(getModuleMocks(this.sourceCode), this.filename, specifier)) return undefined;
    return getProjectExport(this.filename, specifier, exportName);
  }
}

function resolveImportBinding(node: TSESTree.Node): ModuleValue | undefined {
  if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    // import Redis = require('ioredis')
    const reference = node.moduleReference;
    if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
    const library = getLibraryOfSpecifier(getStaticString(reference.expression));
    return library && { library, fact: library.moduleValue };
  }
  const declaration = node.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const library = getLibraryOfSpecifier(declaration.source.value);
  if (!library) return undefined;
  const moduleValue: ModuleValue = { library, fact: library.moduleValue };
  switch (node.type) {
    case AST_NODE_TYPES.ImportNamespaceSpecifier:
      return moduleValue;
    case AST_NODE_TYPES.ImportDefaultSpecifier:
      return getDefaultExport(moduleValue);
    case AST_NODE_TYPES.ImportSpecifier: {
      const imported = getImportedName(node);
      return imported === 'default' ? getDefaultExport(moduleValue) : getMember(moduleValue, imported);
    }
    default:
      return undefined;
  }
}

/**
 * What a project module passes on of a client library, `name` of `export { name } from 'ioredis'`
 * or of `export * from 'ioredis'` (`'default'`: its default export; `'*'`: the whole module, as
 * `export * as IORedis from 'ioredis'` gives it); `undefined` when `specifier` is no client library.
 */
export function getLibraryExport(specifier: string, name: string): ModuleValue | undefined {
  const library = getLibraryOfSpecifier(specifier);
  if (!library) return undefined;
  const moduleValue: ModuleValue = { library, fact: library.moduleValue };
  if (name === '*') return moduleValue;
  return name === 'default' ? getDefaultExport(moduleValue) : getMember(moduleValue, name);
}

function getLibraryOfSpecifier(specifier: string | undefined): ClientLibraryFacts | undefined {
  return specifier === undefined ? undefined : getLibraryByModule(specifier);
}

/** A member of a namespace or a static of a class. */
export function getMember(value: ModuleValue, name: string): ModuleValue | undefined {
  const { fact } = value;
  const members = fact.kind === 'namespace' ? fact.members : fact.kind === 'class' ? fact.statics : undefined;
  const member = members && Object.hasOwn(members, name) ? members[name] : undefined;
  return member && { library: value.library, fact: member };
}

/** A default import gives the `default` export, or the CommonJS `module.exports` itself. */
function getDefaultExport(moduleValue: ModuleValue): ModuleValue {
  return getMember(moduleValue, 'default') ?? moduleValue;
}
