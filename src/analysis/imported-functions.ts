/*
 * The functions other modules of the project export, found from a call of this file: what a key
 * builder returns (key-expiry.ts), whether a loader loads a module by its key
 * (collection-module-loads.ts). Each module is parsed once (project-modules.ts); a lookup is kept
 * while the modules read for it keep their modification times.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getImportedName as getSpecifierName, getKeyName, getPropertyName, getRequiredModule, unwrapExpression } from './ast';
import { findExportedNode } from './export-names';
import { resolveProjectModule } from './module-resolution';
import { getModificationTime, loadProjectModule } from './project-modules';
import { getSourceFile } from './source-files';

/** A function of another project module, and the file it is written in. */
export interface ImportedFunction {
  readonly sourceCode: Readonly<SourceCode>;
  readonly fn: TSESTree.Node;
}

/**
 * The function of another project module that `call` calls: a method of an exported object, of an
 * exported class instance, a static method of an exported class, or an exported function.
 * Re-exports (`export * from './keys'` in a barrel, `export { keyFor } from './keys'`) are followed.
 */
export function getImportedFunction(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): ImportedFunction | undefined {
  const callee = unwrapExpression(call.callee);
  const file = getSourceFile(sourceCode);
  if (file === undefined) return undefined;
  // profileKey(id), with `import { profileKey } from './keys'`
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const imported = getImportedName(sourceCode, callee);
    const target = imported && resolveProjectModule(file, imported.specifier);
    return target ? findFunction(target, imported!.exportName ?? 'default', undefined) : undefined;
  }
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  const object = callee.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(callee.object) : undefined;
  if (method === undefined || object?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const imported = getImportedName(sourceCode, object);
  const target = imported && resolveProjectModule(file, imported.specifier);
  if (!target) return undefined;
  // A whole-module binding (`import * as keys`, `const keys = require('./keys')`): the method is the export.
  const [exportName, member] = imported!.exportName === undefined ? [method, undefined] : [imported!.exportName, method];
  return findFunction(target, exportName, member);
}

/** A function found (or `null`: none), and the modules read to find it, with their modification times then. */
interface FoundFunction {
  readonly found: ImportedFunction | null;
  readonly files: ReadonlyMap<string, number | undefined>;
}

const functions = new Map<string, FoundFunction>();
/** Functions remembered at most (each holds a node of a parsed module). */
const MAX_FUNCTIONS = 1024;
/** Re-exports followed at most (`export * from './keys'` in an `index.ts` that another barrel re-exports). */
const MAX_REEXPORT_HOPS = 3;
/** `export * from` statements of one module tried at most. */
const MAX_STAR_EXPORTS = 32;

/** The function `file` exports (through its re-exports), remembered while the modules read for it keep their modification times. */
function findFunction(file: string, exportName: string, member: string | undefined): ImportedFunction | undefined {
  const key = `${file}\0${exportName}\0${member ?? ''}`;
  const known = functions.get(key);
  if (known && [...known.files].every(([read, mtimeMs]) => getModificationTime(read) === mtimeMs)) return known.found ?? undefined;
  const files = new Map<string, number | undefined>();
  let found: ImportedFunction | undefined;
  try {
    found = findFunctionIn(file, exportName, member, files, 0);
  } catch {
    found = undefined; // another file's trouble is unknown, never a crash
  }
  functions.delete(key);
  functions.set(key, { found: found ?? null, files });
  if (functions.size > MAX_FUNCTIONS) functions.delete(functions.keys().next().value!);
  return found;
}

function findFunctionIn(file: string, exportName: string, member: string | undefined, files: Map<string, number | undefined>, hops: number): ImportedFunction | undefined {
  files.set(file, getModificationTime(file));
  const sourceCode = loadProjectModule(file);
  if (!sourceCode) return undefined;
  const follow = (source: string, name: string) => {
    const target = hops < MAX_REEXPORT_HOPS ? resolveProjectModule(file, source) : undefined;
    return target && !files.has(target) ? findFunctionIn(target, name, member, files, hops + 1) : undefined;
  };
  const stars: string[] = [];
  for (const statement of sourceCode.ast.body) {
    const exported = findExportedNode(statement, exportName);
    if (exported === null) return undefined;
    // export { keyFor as keyForConfig } from './keys'
    if (exported && 'source' in exported) return follow(exported.source, exported.local);
    if (exported) {
      const value = resolveLocal(sourceCode, exported.node);
      const fn = member === undefined ? value : findMember(sourceCode, value, member);
      return fn && { sourceCode, fn };
    }
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration && statement.exported === null) stars.push(statement.source.value);
  }
  // export * from './service-discovery': the name may come from one of them
  for (const source of stars.slice(0, MAX_STAR_EXPORTS)) {
    const found = follow(source, exportName);
    if (found) return found;
  }
  return undefined;
}

/** The module and export an identifier was imported or required as (`exportName` undefined: the whole module). */
function getImportedName(sourceCode: Readonly<SourceCode>, identifier: TSESTree.Identifier): { specifier: string; exportName: string | undefined } | undefined {
  const def = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier)?.defs[0];
  if (def?.type === 'ImportBinding' && def.parent.type === AST_NODE_TYPES.ImportDeclaration) {
    const specifier = def.parent.source.value;
    if (def.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { specifier, exportName: undefined };
    if (def.node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { specifier, exportName: 'default' };
    if (def.node.type === AST_NODE_TYPES.ImportSpecifier) return { specifier, exportName: getSpecifierName(def.node) };
    return undefined;
  }
  if (def?.type !== 'Variable' || !def.node.init) return undefined;
  const specifier = getRequiredModule(unwrapExpression(def.node.init));
  if (specifier === undefined) return undefined;
  if (def.node.id.type === AST_NODE_TYPES.Identifier) return { specifier, exportName: undefined };
  if (def.node.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  // const { webhooks: Webhooks } = require('../lib/webhooks')
  const property = def.node.id.properties.find((candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && candidate.value === def.name);
  const exportName = property && getKeyName(property);
  return exportName === undefined ? undefined : { specifier, exportName };
}

/** A name of the module's own: the function, class or `const` value it names. */
export function resolveLocal(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): TSESTree.Node {
  const value = unwrapExpression(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return value;
  const def = ASTUtils.findVariable(sourceCode.getScope(value), value)?.defs[0];
  if (def?.type === 'FunctionName' || def?.type === 'ClassName') return def.node;
  return def?.type === 'Variable' && def.parent.kind === 'const' && def.node.init ? unwrapExpression(def.node.init) : value;
}

/** Method `name` of an object literal, of the class a `new` makes (instance), or of a class (static). */
export function findMember(sourceCode: Readonly<SourceCode>, value: TSESTree.Node, name: string): TSESTree.Node | undefined {
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    const property = value.properties.find((candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && getKeyName(candidate) === name);
    return property && unwrapExpression(property.value as TSESTree.Expression);
  }
  const isStatic = value.type !== AST_NODE_TYPES.NewExpression;
  const classNode = isStatic ? value : resolveLocal(sourceCode, value.callee);
  if (classNode.type !== AST_NODE_TYPES.ClassDeclaration && classNode.type !== AST_NODE_TYPES.ClassExpression) return undefined;
  const method = classNode.body.body.find(
    (element): element is TSESTree.MethodDefinition => element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && element.static === isStatic && getKeyName(element) === name,
  );
  return method?.value;
}
