import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { forEachDescendant, getImportedName, getPropertyName } from './ast';
import { isModuleExports } from './export-names';
import type { ProjectIndex } from './project-files';
import { findFilesNaming } from './project-files';
import { loadProjectModule } from './project-modules';

/*
 * Where the project mentions a module-level name (a class, a function), by name, in the linted
 * file and in the project's other files that name it: the questions that follow a class or a
 * function to the places that use it (per-call-owners.ts, project-callers.ts) start here.
 */

/** The mentions of `id`'s name in this file (but `id` itself) and in the project's files that name it; `undefined` when one cannot be read. */
export function findMentions(sourceCode: Readonly<SourceCode>, file: string, project: ProjectIndex, id: TSESTree.Identifier): Site[] | undefined {
  const elsewhere = findMentionsElsewhere(file, project, id);
  return elsewhere && [...findMentionsHere(sourceCode, file, id), ...elsewhere];
}

/** The mentions of `id`'s name in the linted text, which may be an editor's buffer: never to be remembered with the others. */
export function findMentionsHere(sourceCode: Readonly<SourceCode>, file: string, id: TSESTree.Identifier): Site[] {
  return collectSites([[sourceCode, file]], matchName(id))!;
}

/** The mentions of `id`'s name in the project's other files that name it; `undefined` when one cannot be read. */
export function findMentionsElsewhere(file: string, project: ProjectIndex, id: TSESTree.Identifier): Site[] | undefined {
  const others = findFilesNaming(project, id.name).filter((other) => other !== file);
  return collectSites(others.map((other) => [loadProjectModule(other), other] as const), matchName(id));
}

function matchName(id: TSESTree.Identifier): (node: TSESTree.Node) => TSESTree.Node | undefined {
  return (node) => (node.type === AST_NODE_TYPES.Identifier && node.name === id.name && node !== id ? node : undefined);
}

export interface Site {
  readonly sourceCode: Readonly<SourceCode>;
  readonly file: string;
  readonly node: TSESTree.Node;
}

/**
 * A mention that makes no instance and hands nothing on: an import or export under the same name,
 * a type position, `x instanceof Name`, a property key named the same. (`new ns.Name()` is a use this
 * search cannot follow: not a no-use.)
 */
export function isNoUse(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.ImportSpecifier:
      return parent.imported.type === AST_NODE_TYPES.Identifier && parent.imported.name === parent.local.name;
    case AST_NODE_TYPES.ImportDefaultSpecifier:
      // Under its own name; `isImportedUnderItsName` has checked that no importer renames a default export.
      return true;
    case AST_NODE_TYPES.ExportSpecifier:
      return parent.local.type === AST_NODE_TYPES.Identifier && parent.exported.type === AST_NODE_TYPES.Identifier && parent.local.name === parent.exported.name;
    case AST_NODE_TYPES.Property:
      // `const { createMemo } = require('./memo')` (not renamed); `{ createMemo: 1 }` names a key only;
      // `module.exports = { createMemo }` exports it under its name.
      if (parent.parent.type === AST_NODE_TYPES.ObjectPattern) return parent.shorthand;
      if (parent.shorthand) return isCommonJsExports(parent.parent);
      return parent.key === node && !parent.computed;
    case AST_NODE_TYPES.AssignmentExpression:
      // `exports.createMemo = createMemo`, `module.exports.Tracker = Tracker`
      return parent.right === node && parent.left.type === AST_NODE_TYPES.MemberExpression && getPropertyName(parent.left) === (node as TSESTree.Identifier).name && isCommonJsExports(parent.left.object);
    case AST_NODE_TYPES.TSTypeReference:
    case AST_NODE_TYPES.TSTypeQuery:
    case AST_NODE_TYPES.TSQualifiedName:
    case AST_NODE_TYPES.TSClassImplements:
    case AST_NODE_TYPES.TSInterfaceHeritage:
      return true;
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator === 'instanceof' && parent.right === node;
    default:
      return false;
  }
}

/** `module.exports`, `exports`, or the object assigned to `module.exports`. */
function isCommonJsExports(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'exports';
  if (isModuleExports(node)) return true;
  const assignment = node.parent;
  return node.type === AST_NODE_TYPES.ObjectExpression && assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.right === node && isModuleExports(assignment.left);
}

/** The nodes `match` picks in this file and in `others`; `undefined` when one of those cannot be read (unknown). */
export function findSites(sourceCode: Readonly<SourceCode>, file: string, others: readonly string[], match: (node: TSESTree.Node) => TSESTree.Node | undefined): Site[] | undefined {
  return collectSites([[sourceCode, file], ...others.map((other) => [loadProjectModule(other), other] as const)], match);
}

function collectSites(places: readonly (readonly [Readonly<SourceCode> | undefined, string])[], match: (node: TSESTree.Node) => TSESTree.Node | undefined): Site[] | undefined {
  const sites: Site[] = [];
  for (const [where, whereFile] of places) {
    if (!where) return undefined;
    forEachDescendant(where.ast, where.visitorKeys, (node) => {
      const found = match(node);
      if (found) sites.push({ sourceCode: where, file: whereFile, node: found });
      return undefined;
    });
  }
  return sites;
}

/** A default export is imported under any name, so a search by its own name cannot find its uses. */
export function isDefaultExport(node: TSESTree.Node): boolean {
  const statement = node.parent?.type === AST_NODE_TYPES.VariableDeclarator ? node.parent.parent : node;
  return statement?.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/**
 * Whether every file that imports the default export of `file` (`import Tracker from './tracker'`,
 * `const Tracker = require('./tracker')`) names it `name`, so a search by that name finds its uses.
 * Files are found by the module's base name; an `index` module is imported by its folder's name, so it is not tried.
 */
export function isImportedUnderItsName(project: ProjectIndex, file: string, name: string): boolean {
  const base = stripExtension(path.basename(file));
  if (base === 'index') return false;
  return findFilesNaming(project, base).every((other) => {
    if (other === file) return true;
    const module = loadProjectModule(other);
    if (!module) return false;
    let renamed = false;
    forEachDescendant(module.ast, module.visitorKeys, (node) => {
      const local = getDefaultImportName(node, base);
      if (local !== undefined && local !== name) renamed = true;
      return undefined;
    });
    return !renamed;
  });
}

/** The local name a default import of the module `base` gets: `''` when it is not a plain name (`import * as m`, `const { default: T } = require()`). */
function getDefaultImportName(node: TSESTree.Node, base: string): string | undefined {
  if (node.type === AST_NODE_TYPES.ImportDeclaration) {
    if (stripExtension(path.posix.basename(node.source.value)) !== base) return undefined;
    const specifier = node.specifiers.find((candidate) => candidate.type !== AST_NODE_TYPES.ImportSpecifier || getImportedName(candidate) === 'default');
    return specifier === undefined ? undefined : specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier ? '' : specifier.local.name;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return undefined;
  const [source] = node.arguments;
  if (source?.type !== AST_NODE_TYPES.Literal || typeof source.value !== 'string' || stripExtension(path.posix.basename(source.value)) !== base) return undefined;
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator) return '';
  return declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : declarator.id.type === AST_NODE_TYPES.ObjectPattern ? undefined : '';
}

function stripExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]sx?$/, '');
}

/**
 * An answer kept for the index's life, per depth: one found below the top of a chain of owners may
 * be cut short by the depth, so it answers only that depth. Without it, owners that return owners
 * would read the same files again for every mention above them.
 */
export function remember(answers: Map<string, boolean>, question: string, depth: number, answer: () => boolean): boolean {
  const key = `${question}\0${depth}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  const found = answer();
  answers.set(key, found);
  return found;
}
