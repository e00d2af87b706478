import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getKeyName, isFunction, isNothing, unwrapExpression } from './ast';
import type { FunctionNode } from './ast';
import type { ExportFact } from '../redis';
import { ClientAnalysis } from './client-analysis';
import type { FunctionSummary } from './function-summaries';
import type { ModuleValue } from './module-values';
import { getLibraryExport } from './module-values';
import { resolveProjectModule } from './module-resolution';
import { findExportedNode, findLateCommonJsExports, listExportNames } from './export-names';
import type { FilesAnswer } from './file-stamps';
import { isAnswerCurrent } from './file-stamps';
import { getModificationTime, getModulesReadFor, loadProjectModule, mayHoldClient } from './project-modules';

/** Re-exports and imports followed at most this deep from the file being linted. */
const MAX_DEPTH = 4;
let depth = 0;
/** `export * from` lines followed per module (a barrel of hundreds is a package's surface, not where a client is made). */
const MAX_STAR_EXPORTS = 32;
/** Files being summarised right now: an import cycle back into one of them is unknown. */
const active = new Set<string>();
/** The exports being read right now, outermost first: each depends on every module read on the way. */
const reading: KnownExports[] = [];
/** How many times a module was left unread because of a cycle or the depth limit (see readExports). */
let cuts = 0;
const analyses = new WeakMap<object, ClientAnalysis>();

/**
 * What the export `exportName` (`'default'` for the default export or `module.exports`) of the
 * project module `specifier` is when it is client-related: a shared client (`instance`), a
 * `factory`, a `getter`, or a client library's own export passed on. Unknown: `undefined`.
 */
export function getProjectExport(fromFile: string, specifier: string, exportName: string): ModuleValue | undefined {
  try {
    return readProjectExport(fromFile, specifier, exportName);
  } catch {
    return undefined; // whatever goes wrong in another file is unknown, never a crash of this file's lint
  }
}

function readProjectExport(fromFile: string, specifier: string, exportName: string): ModuleValue | undefined {
  const file = resolveProjectModule(fromFile, specifier);
  if (!file) return undefined;
  if (reading.length > 0) dependOn(file, getModificationTime(file));
  if (active.has(file) || depth >= MAX_DEPTH) {
    cuts += 1; // unknown here, though the module may export a client: what rests on this is not kept
    return undefined;
  }
  if (!mayHoldClient(file)) {
    // The answer rests on what the module's imports held: a client one of them gains must be seen.
    if (reading.length > 0) for (const [module, mtimeMs] of getModulesReadFor(file)) dependOn(module, mtimeMs);
    return undefined;
  }
  const known = getKnownExports(file);
  if (!known) return undefined;
  for (const [dependency, mtimeMs] of known.files) dependOn(dependency, mtimeMs);
  if (known.values.has(exportName) || known.complete) return known.values.get(exportName) ?? undefined;
  const sourceCode = loadProjectModule(file);
  return sourceCode ? (readExports(known, sourceCode, file, exportName) ?? undefined) : undefined;
}

/**
 * Reads the exports of a file ESLint is linting now, while its parse is at hand, so that the
 * files importing it need not parse it again. Only when the text is the file's on disk (an editor
 * lints unsaved text) and the file may hold a client (no other is ever asked about).
 */
export function readExportsOfLintedFile(sourceCode: Readonly<SourceCode>, file: string, analysis: ClientAnalysis): void {
  if (active.size > 0 || !path.isAbsolute(file) || !mayHoldClient(file)) return;
  try {
    const known = getKnownExports(file);
    if (!known || known.complete || !isTextOnDisk(sourceCode.text, file)) return;
    readExports(known, sourceCode, file, undefined, analysis);
  } catch {
    // unknown, as in getProjectExport
  }
}

/**
 * Every export the module spells out, once per version of the file (`export *` fans out, index
 * files re-export each other, and a module many files import must not be parsed again for each),
 * and `wanted` when `export *` may be where it comes from.
 */
function readExports(known: KnownExports, sourceCode: Readonly<SourceCode>, file: string, wanted?: string, analysis?: ClientAnalysis): ModuleValue | null | undefined {
  depth += 1;
  active.add(file);
  reading.push(known);
  try {
    // A fresh analysis (or the linted file's own): one kept from an earlier read has answered from
    // the modules as they were then, and would hold the module's tree as long as its entry lives.
    const reader = new ExportReader(analysis ?? new ClientAnalysis(sourceCode, file), sourceCode, file);
    const found = new Map<string, ModuleValue | null>();
    let cut = false;
    const read = (name: string) => {
      const cutsBefore = cuts;
      const value = reader.find(name) ?? null;
      // Found with a module left unread (a cycle, the depth limit): right for this question only.
      if (cuts === cutsBefore) known.values.set(name, value);
      else cut = true;
      found.set(name, value);
    };
    const { names, complete } = listExportNames(sourceCode.ast, reader.lateExports);
    for (const name of names) if (!known.values.has(name)) read(name);
    if (wanted !== undefined && !known.values.has(wanted) && !found.has(wanted)) read(wanted);
    known.complete = complete && !cut;
    return wanted === undefined ? undefined : (known.values.get(wanted) ?? found.get(wanted));
  } finally {
    reading.pop();
    active.delete(file);
    depth -= 1;
  }
}

/**
 * Records that the exports being read rest on `file` as it is now (a re-export, `export *`):
 * they are read again once it changes, though their own file did not. A module read from the
 * exports another module already knows passes on what that module rests on.
 */
function dependOn(file: string, mtimeMs: number | undefined): void {
  for (const known of reading) if (!known.files.has(file)) known.files.set(file, mtimeMs);
}

interface KnownExports extends FilesAnswer {
  readonly mtimeMs: number;
  /** What each export was found to be; `null`: not client-related. */
  readonly values: Map<string, ModuleValue | null>;
  /** Every export is in `values`: any other name is not one. */
  complete: boolean;
  /** The modules the reading reached, and their modification times then: `values` hold while these do. */
  readonly files: Map<string, number | undefined>;
}

/** By file, for its modification time. */
const exportsByFile = new Map<string, KnownExports>();
/** Modules whose exports are remembered at most (each entry is a few small objects). */
const MAX_KNOWN_MODULES = 4096;

/** Entries are read again after half a minute, as resolutions are found again (module-resolution.ts): a re-export of a module not created yet sees one created since. */
const ENTRY_TTL_MS = 30_000;

function getKnownExports(file: string): KnownExports | undefined {
  const mtimeMs = getModificationTime(file);
  if (mtimeMs === undefined) return undefined;
  const now = Date.now();
  const entry = exportsByFile.get(file);
  if (entry?.mtimeMs === mtimeMs && isAnswerCurrent(entry, now, ENTRY_TTL_MS)) return entry;
  const known: KnownExports = { mtimeMs, values: new Map(), complete: false, files: new Map(), at: now, checkedAt: now };
  exportsByFile.delete(file);
  exportsByFile.set(file, known);
  if (exportsByFile.size > MAX_KNOWN_MODULES) exportsByFile.delete(exportsByFile.keys().next().value!);
  return known;
}

function isTextOnDisk(text: string, file: string): boolean {
  const onDisk = readFileSync(file, 'utf8');
  return (onDisk.charCodeAt(0) === 0xfeff ? onDisk.slice(1) : onDisk) === text;
}

/** Typed mode: the summary of a function the checker found in another source file of the project. */
export function summarizeProjectFunction(sourceCode: Readonly<SourceCode>, file: string, fn: FunctionNode): ModuleValue | undefined {
  if (reading.length > 0) dependOn(file, getModificationTime(file));
  if (active.has(file) || depth >= MAX_DEPTH) {
    cuts += 1;
    return undefined;
  }
  depth += 1;
  active.add(file);
  try {
    const summary = getAnalysis(sourceCode, file).summarizeFunction(fn);
    return summary && toModuleValue(summary);
  } finally {
    active.delete(file);
    depth -= 1;
  }
}

/** A function's summary as what the module exports: a factory keeps whether it makes long-running consumers, and clients still to be connected. */
function toModuleValue(summary: FunctionSummary): ModuleValue {
  const fact: ExportFact = summary.kind === 'factory' ? { kind: 'factory', longRunning: summary.longRunning, connectsExplicitly: summary.connectsExplicitly } : { kind: 'getter' };
  return { library: summary.library, fact };
}

function getAnalysis(sourceCode: Readonly<SourceCode>, file: string): ClientAnalysis {
  let analysis = analyses.get(sourceCode);
  if (!analysis) {
    analysis = new ClientAnalysis(sourceCode, file);
    analyses.set(sourceCode, analysis);
  }
  return analysis;
}

class ExportReader {
  /** CommonJS exports a function of the module assigns (`exports.redis = new Redis()` in `connect()`). */
  readonly lateExports: ReadonlyMap<string, readonly TSESTree.Expression[]>;

  constructor(
    private readonly analysis: ClientAnalysis,
    private readonly sourceCode: Readonly<SourceCode>,
    private readonly file: string,
  ) {
    this.lateExports = findLateCommonJsExports(sourceCode);
  }

  find(name: string): ModuleValue | undefined {
    const late = this.lateExports.get(name);
    // `module.exports.redis = false` as the module loads, then a client once `connect()` has run
    if (late && this.isOnlyPlaceholderAtTop(name)) return this.valueOfLateExport(late);
    const fromStar: string[] = [];
    for (const statement of this.sourceCode.ast.body) {
      const found = this.findIn(statement, name, fromStar);
      if (found !== undefined) return found ?? undefined;
    }
    // export * from './clients', export * from 'ioredis' (never the default export)
    for (const source of name === 'default' ? [] : fromStar.slice(0, MAX_STAR_EXPORTS)) {
      const value = getLibraryExport(source, name) ?? getProjectExport(this.file, source, name);
      if (value) return value;
    }
    return undefined;
  }

  /** Whether the module's top level gives the export no value but a placeholder (`null`, `false`), if any. */
  private isOnlyPlaceholderAtTop(name: string): boolean {
    return this.sourceCode.ast.body.every((statement) => {
      const exported = findExportedNode(statement, name);
      return exported === undefined || (exported !== null && 'node' in exported && isPlaceholder(exported.node));
    });
  }

  /**
   * An export only functions assign: the shared client they make (`exports.redis = new Redis(conf)` in
   * `connect()`, read by importers once connected) when each value is a client of one library, or
   * nothing yet (`exports.redis = null` in `close()`).
   */
  private valueOfLateExport(values: readonly TSESTree.Expression[]): ModuleValue | undefined {
    let library: ModuleValue['library'] | undefined;
    for (const value of values) {
      const expression = unwrapExpression(value);
      if (isPlaceholder(expression)) continue;
      // A creation (`new Redis()`), a getter's or a spawned client (`redis.duplicate()`): all are handles.
      const handle = this.analysis.getClientOf(expression);
      if (!handle || handle.batch || (library && library !== handle.library)) return undefined;
      library = handle.library;
    }
    return library && { library, fact: { kind: 'instance' } };
  }

  /** The export's value when `statement` declares it (`null`: declared, not a client), else `undefined`. */
  private findIn(statement: TSESTree.ProgramStatement, name: string, fromStar: string[]): ModuleValue | null | undefined {
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration) {
      if (statement.exported === null) fromStar.push(statement.source.value);
      // export * as IORedis from 'ioredis': the library's module under a name
      else if (statement.exported.name === name) return getLibraryExport(statement.source.value, '*') ?? null;
      return undefined;
    }
    const exported = findExportedNode(statement, name);
    if (!exported) return exported;
    // export { Redis } from 'ioredis': the library's own export, passed on
    if ('source' in exported) return getLibraryExport(exported.source, exported.local) ?? getProjectExport(this.file, exported.source, exported.local) ?? null;
    return this.valueOf(exported.node) ?? null;
  }

  private valueOf(node: TSESTree.Node): ModuleValue | undefined {
    if (node.type === AST_NODE_TYPES.TSTypeAliasDeclaration) return this.valueOfTypeAlias(node);
    const expression = unwrapExpression(node);
    if (expression.type === AST_NODE_TYPES.Identifier) return this.valueOfBinding(expression);
    if (isFunction(expression)) return this.valueOfFunction(expression);
    if (expression.type === AST_NODE_TYPES.NewExpression || expression.type === AST_NODE_TYPES.CallExpression) {
      // A client created as the module loads is the process's shared client; an instance of the file's own
      // subclass that holds other clients too (`pub = new Redis()`) is read for them, as any class's instance.
      const creation = this.analysis.getClientCreation(expression);
      const members = creation && expression.type === AST_NODE_TYPES.NewExpression ? this.valueOfInstance(expression) : undefined;
      if (creation) return members ?? { library: creation.library, fact: { kind: 'instance' } };
    }
    const handle = this.analysis.getClientOf(expression);
    if (handle && !handle.batch) return { library: handle.library, fact: { kind: 'instance' } };
    if (expression.type === AST_NODE_TYPES.ObjectExpression) return this.valueOfObject(expression);
    if (expression.type === AST_NODE_TYPES.NewExpression) return this.valueOfInstance(expression);
    return this.analysis.resolveValue(expression);
  }

  /** `{ client, getClient() { … } }`: an object whose members are clients, factories or getters (of one library). */
  private valueOfObject(object: TSESTree.ObjectExpression): ModuleValue | undefined {
    const members: [string, ModuleValue][] = [];
    for (const property of object.properties) {
      const name = property.type === AST_NODE_TYPES.Property ? getKeyName(property) : undefined;
      const value = name === undefined ? undefined : this.valueOf((property as TSESTree.Property).value);
      if (value) members.push([name!, value]);
    }
    return toNamespace(members);
  }

  /** `new RedisService()` of a class of this file: its client fields, and methods that are factories or getters. */
  private valueOfInstance(creation: TSESTree.NewExpression): ModuleValue | undefined {
    const callee = unwrapExpression(creation.callee);
    const variable = callee.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(this.sourceCode.getScope(callee), callee.name) : undefined;
    const declaration = variable?.defs.length === 1 ? variable.defs[0]!.node : undefined;
    const classBody = declaration?.type === AST_NODE_TYPES.ClassDeclaration || declaration?.type === AST_NODE_TYPES.ClassExpression ? declaration.body : undefined;
    if (!classBody) return undefined;
    const members: [string, ModuleValue][] = [...this.analysis.getClassMembers(classBody)]
      .filter(([, handle]) => !handle.batch)
      .map(([name, handle]) => [name, { library: handle.library, fact: { kind: 'instance' } }]);
    for (const element of classBody.body) {
      if (element.type !== AST_NODE_TYPES.MethodDefinition || element.kind !== 'method' || element.static) continue;
      const name = getKeyName(element);
      const value = name === undefined || element.value.type !== AST_NODE_TYPES.FunctionExpression ? undefined : this.valueOfFunction(element.value);
      if (value) members.push([name!, value]);
    }
    return toNamespace(members);
  }

  private valueOfBinding(identifier: TSESTree.Identifier): ModuleValue | undefined {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration) return this.valueOfTypeAlias(def.node);
    if (def?.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return this.valueOfFunction(def.node);
    if (def?.type === 'Variable' && def.node.init && def.node.id.type === AST_NODE_TYPES.Identifier) {
      const written = variable!.references.filter((reference) => reference.isWrite()).length;
      const value = written <= 1 ? this.valueOf(def.node.init) : undefined;
      if (value) return value;
    }
    // let client; … client = new Redis(): what the analysis knows of the variable
    const handle = this.analysis.getClientOf(identifier);
    if (handle && !handle.batch) return { library: handle.library, fact: { kind: 'instance' } };
    return this.analysis.resolveValue(identifier);
  }

  /** `export type NodeRedis = ReturnType<typeof createClient>`: a client type under another name. */
  private valueOfTypeAlias(alias: TSESTree.TSTypeAliasDeclaration): ModuleValue | undefined {
    const library = alias.typeParameters ? undefined : this.analysis.getClientLibraryOfType(alias.typeAnnotation);
    return library && { library, fact: { kind: 'type' } };
  }

  private valueOfFunction(fn: FunctionNode): ModuleValue | undefined {
    const summary = this.analysis.summarizeFunction(fn);
    return summary && toModuleValue(summary);
  }
}

/** What a CommonJS module gives an export before it has the value: `null`, `undefined`, `false`. */
function isPlaceholder(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  return isNothing(value) || (value.type === AST_NODE_TYPES.Literal && value.value === false);
}

/** Members of one library as a namespace value (`redisService.client`); mixed or none: unknown. */
function toNamespace(members: readonly [string, ModuleValue][]): ModuleValue | undefined {
  const [first] = members;
  if (!first || members.some(([, value]) => value.library !== first[1].library)) return undefined;
  return { library: first[1].library, fact: { kind: 'namespace', members: Object.fromEntries(members.map(([name, value]) => [name, value.fact])) } };
}
