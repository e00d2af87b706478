import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getEnclosingFunction, getModuleFunctionName, getPropertyName, getThisClassBody, isTruthTest } from './ast';
import { findCallSites, getCallingFunction, getEventSource, isRunInPlace } from './collection-sites';
import type { LongLivedCollection } from './collection-growth';
import { findFilesNaming, getProjectIndex } from './project-files';
import type { Site } from './project-mentions';
import { findMentions, findSites, isDefaultExport, isImportedUnderItsName, isNoUse, remember } from './project-mentions';
import { runsOnceAtLoad } from './runs-once';

/*
 * Whether a collection dies with an object or a closure made per call: an instance field of a
 * class, or a local of a factory (`createModelCache(projectId)`), whose every instance in the
 * project (tests aside) is made inside a function that runs more than once and stays in that
 * call. By name across files, as the project's text shows it. One instance kept anywhere else (a
 * module variable, an argument, a return value, a function run once at start-up) may live as
 * long as the process, and so may none found (a framework may make it).
 */

/** The parameters a handler gets per request: an object stored on them lives as long as the request. */
const REQUEST_CONTEXT = /^(?:ctx|context|req|request|res|response)$/;
/** How many owners deep a field may be: `this.validator = new Validator()` in a per-request `Interaction`. */
const MAX_OWNER_DEPTH = 2;

/** A non-static class field, or a closure local of a named factory, whose every owner is made per call. */
export function isOwnedByPerCallOwner(sourceCode: Readonly<SourceCode>, file: string, cwd: string | undefined, collection: LongLivedCollection): boolean {
  const { declaration } = collection;
  if (collection.lifetime === 'closure') {
    const factory = getEnclosingFunction(declaration);
    return factory !== undefined && isFactoryCalledPerCall(sourceCode, file, cwd, factory);
  }
  if (collection.lifetime !== 'class' || (declaration.type === AST_NODE_TYPES.PropertyDefinition && declaration.static)) return false;
  const classBody = declaration.type === AST_NODE_TYPES.PropertyDefinition ? declaration.parent : declaration.type === AST_NODE_TYPES.AssignmentExpression ? getThisClassBody(declaration) : undefined;
  return classBody !== undefined && isCreatedPerCall(sourceCode, file, cwd, classBody.parent);
}

/**
 * Every mention of the class in this file and the project's others is a `new Name(…)` kept per call,
 * or a subclass (`class Sub extends Name`) whose own instances are all made that way (imports,
 * exports under its name, type positions and `instanceof` aside), and there is one. Any other
 * mention (the class handed on as a value, an import under another name) may make one that lives on.
 */
export function isCreatedPerCall(sourceCode: Readonly<SourceCode>, file: string, cwd: string | undefined, classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, depth = 0): boolean {
  const id = classNode.id ?? (classNode.parent?.type === AST_NODE_TYPES.VariableDeclarator && classNode.parent.id.type === AST_NODE_TYPES.Identifier ? classNode.parent.id : undefined);
  const project = id ? getProjectIndex(file, cwd) : undefined;
  if (!id || !project || (isDefaultExport(classNode) && !isImportedUnderItsName(project, file, id.name))) return false;
  return remember(project.answers, `class\0${file}\0${id.name}`, depth, () => {
    const sites = findMentions(sourceCode, file, project, id);
    if (sites === undefined) return false;
    const subclasses = sites.filter(({ node }) => getSubclass(node) !== undefined);
    const madePerCall = (site: Site) => depth < MAX_OWNER_DEPTH && isCreatedPerCall(site.sourceCode, site.file, cwd, getSubclass(site.node)!, depth + 1);
    if (!subclasses.every(madePerCall)) return false;
    const others = sites.filter((site) => !subclasses.includes(site));
    // Instances made only through subclasses: no `new Name(…)` of its own is needed.
    const noneOfItsOwn = subclasses.length > 0 && others.every(({ node }) => isNoUse(node) || getInstanceMade(node) === undefined);
    return noneOfItsOwn || allKeptPerCall(others, getInstanceMade, cwd, depth, false);
  });
}

/** The class that `mention` is the superclass of (`class Sub extends Name`), if it is one. */
function getSubclass(mention: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  const parent = mention.parent;
  const isClass = parent?.type === AST_NODE_TYPES.ClassDeclaration || parent?.type === AST_NODE_TYPES.ClassExpression;
  return isClass && parent.superClass === mention ? parent : undefined;
}

/**
 * `new Name(…)`; `Name.key(a, b)`, a static member, makes none (a static factory's own `new` is
 * followed where it is written); any other use (`Name.prototype`, `class Sub extends Name`, the class
 * handed on) is `null`.
 */
function getInstanceMade(mention: TSESTree.Node): TSESTree.Node | null | undefined {
  const parent = mention.parent;
  if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === mention) return parent;
  const isStaticMember = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === mention && !parent.computed && getPropertyName(parent) !== 'prototype';
  return isStaticMember ? undefined : null;
}

/**
 * Every mention of a module-level factory (`function createMemo() { const cache = new Map(); return … }`)
 * in this file and the project's others is a call whose result is kept per call. Imports, exports
 * under its name and type queries aside, any other use (stored, handed on, renamed) may keep one for good.
 */
function isFactoryCalledPerCall(sourceCode: Readonly<SourceCode>, file: string, cwd: string | undefined, factory: FunctionNode): boolean {
  const id = getModuleFunctionName(factory);
  const project = id === undefined ? undefined : getProjectIndex(file, cwd);
  if (!id || !project || (isDefaultExport(factory) && !isImportedUnderItsName(project, file, id.name))) return false;
  return remember(project.answers, `factory\0${file}\0${id.name}`, 0, () => {
    const sites = findMentions(sourceCode, file, project, id);
    return sites !== undefined && allKeptPerCall(sites, getFactoryCall, cwd, 0, true);
  });
}

/**
 * Whether every mention is a use (`toUse`: the creation it makes; `undefined`: none made; `null`: any
 * other use) kept per call, and there is one.
 */
function allKeptPerCall(mentions: readonly Site[], toUse: (mention: TSESTree.Node) => TSESTree.Node | null | undefined, cwd: string | undefined, depth: number, lend: boolean): boolean {
  let uses = 0;
  for (const mention of mentions) {
    if (isNoUse(mention.node)) continue;
    const use = toUse(mention.node);
    if (use === undefined) continue;
    if (!use || !isKeptPerCall({ ...mention, node: use }, cwd, depth, lend)) return false;
    uses += 1;
  }
  return uses > 0;
}

/** `createMemo(…)`; any other use (`register(createMemo)`) is `null`. */
function getFactoryCall(mention: TSESTree.Node): TSESTree.Node | null {
  const parent = mention.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === mention ? parent : null;
}

/**
 * `const tracker = new Tracker()` in a function that runs per call, used there only through its
 * members (`lend`: also called, or lent to a call); used at once (`new Converter().convert(x)`);
 * stored on the request (`ctx.interaction = …`); or stored on `this` by the constructor (or made by a
 * field's initialiser) of a class whose instances are themselves made per call.
 */
function isKeptPerCall(site: Site, cwd: string | undefined, depth: number, lend: boolean): boolean {
  const { sourceCode, node: creation } = site;
  const made = climbToValue(creation);
  if (made.parent?.type === AST_NODE_TYPES.PropertyDefinition && made.parent.value === made) return isFieldOfPerCallObject(site, made.parent, cwd, depth);
  // Callbacks run in place (`urls.map((url) => new Tracker())`) belong to the function around them.
  const fn = getCallingFunction(creation);
  if (!fn || runsOnceAtLoad(sourceCode, fn)) return false;
  const value = climbToValue(creation);
  const holder = value.parent;
  const place: Place = { site, fn, cwd, depth, lend };
  if (holder?.type === AST_NODE_TYPES.MemberExpression) return holder.object === value;
  if (isReturnedBy(value, fn)) return isResultKeptPerCall(site, fn, cwd, depth);
  if (holder?.type === AST_NODE_TYPES.NewExpression) return isLentToPerCallObject(value, holder, place);
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === value) {
    if (holder.left.type === AST_NODE_TYPES.Identifier) return isLocalUsedInPlace(holder.left, place);
    return isRequestMember(holder.left, fn) || isOwnedByPerCallObject(site, holder, fn, cwd, depth);
  }
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== value || holder.parent.kind === 'var' || getCallingFunction(holder) !== fn) return false;
  if (isUsingDeclaration(holder.parent) && holder.id.type === AST_NODE_TYPES.Identifier) {
    return sourceCode.getDeclaredVariables(holder).every((variable) => variable.references.every(({ identifier, init }) => init === true || isScopedUseInPlace(identifier, place)));
  }
  const names = holder.id.type === AST_NODE_TYPES.Identifier ? [holder.id] : holder.id.type === AST_NODE_TYPES.ObjectPattern && lend ? holder.id.properties : [];
  if (names.length === 0 || names.some((name) => name.type !== AST_NODE_TYPES.Identifier && !(name.type === AST_NODE_TYPES.Property && name.value.type === AST_NODE_TYPES.Identifier))) return false;
  return sourceCode.getDeclaredVariables(holder).every((variable) => variable.references.every(({ identifier, init }) => init === true || isUsedInPlace(identifier, place)));
}

/** Where a value made per call is being followed: the function whose call it belongs to, and how deep in owners. */
interface Place {
  readonly site: Site;
  readonly fn: FunctionNode;
  readonly cwd: string | undefined;
  readonly depth: number;
  readonly lend: boolean;
}

/** `return value` in `fn` itself, or the body of an arrow `fn`. */
function isReturnedBy(value: TSESTree.Node, fn: FunctionNode): boolean {
  const holder = value.parent;
  if (holder?.type === AST_NODE_TYPES.ReturnStatement) return getEnclosingFunction(holder) === fn;
  return holder === fn && fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.body === value;
}

/**
 * `let censor; … censor = this.makeCensor()`: a `let` (or `const`) of the same call, written
 * there, and otherwise read only as {@link isUsedInPlace} allows.
 */
function isLocalUsedInPlace(target: TSESTree.Identifier, place: Place): boolean {
  const { sourceCode } = place.site;
  const variable = ASTUtils.findVariable(sourceCode.getScope(target), target.name);
  const declarator = variable?.defs.length === 1 ? variable.defs[0]!.node : undefined;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.parent.kind === 'var' || getCallingFunction(declarator) !== place.fn) return false;
  return variable!.references.every((reference) => reference.isWrite() || isUsedInPlace(reference.identifier, place));
}

/** `new Censor(rows, helper)` lends the helper to an object that is itself kept in the same call. */
function isLentToPerCallObject(value: TSESTree.Node, creation: TSESTree.NewExpression, place: Place): boolean {
  if (!(creation.arguments as readonly TSESTree.Node[]).includes(value) || place.depth >= MAX_OWNER_DEPTH) return false;
  return getCallingFunction(creation) === place.fn && isKeptPerCall({ ...place.site, node: creation }, place.cwd, place.depth + 1, false);
}

/**
 * `return new Blocks()` (or a local made so and returned) from a named function or method: kept per
 * call when every call of it in the project (by name, tests aside) keeps the result per call. A name
 * that many files mention is too common to follow.
 */
function isResultKeptPerCall(site: Site, fn: FunctionNode, cwd: string | undefined, depth: number): boolean {
  const name = getModuleFunctionName(fn) ?? getMethodName(fn);
  const project = name && depth < MAX_OWNER_DEPTH ? getProjectIndex(site.file, cwd) : undefined;
  if (!name || !project || isDefaultExport(fn)) return false;
  return remember(project.answers, `result\0${site.file}\0${name.name}`, depth, () => {
    const others = findFilesNaming(project, name.name).filter((other) => other !== site.file);
    if (others.length > MAX_FILES_CALLING) return false;
    const sites = findSites(site.sourceCode, site.file, others, (node) => (node.type === AST_NODE_TYPES.Identifier && node.name === name.name && node !== name ? node : undefined));
    return sites !== undefined && allKeptPerCall(sites, getCall, cwd, depth + 1, true);
  });
}

/** Files that may call a function whose result is followed, at most: each is parsed to read its calls. */
const MAX_FILES_CALLING = 16;

/** The key of a method (`makeCensor() {}`, `private makeCensor() {}`), not a getter, setter or constructor. */
function getMethodName(fn: FunctionNode): TSESTree.Identifier | undefined {
  const method = fn.parent;
  return method?.type === AST_NODE_TYPES.MethodDefinition && method.kind === 'method' && !method.computed && method.key.type === AST_NODE_TYPES.Identifier ? method.key : undefined;
}

/** `makeCensor(…)` or `x.makeCensor(…)`; any other use is `null`, a method of the same name in another class too (its calls cannot be told apart). */
function getCall(mention: TSESTree.Node): TSESTree.Node | null {
  const parent = mention.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === mention && !parent.computed) {
    return parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent ? parent.parent : null;
  }
  return getFactoryCall(mention);
}

/** Through `await`, `as`, `!`, and the branches of `?:` and `??`: where the value lands. */
function climbToValue(node: TSESTree.Node): TSESTree.Node {
  let value = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = value.parent;
    const passes =
      parent?.type === AST_NODE_TYPES.AwaitExpression ||
      parent?.type === AST_NODE_TYPES.TSAsExpression ||
      parent?.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent?.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      (parent?.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== value) ||
      parent?.type === AST_NODE_TYPES.LogicalExpression;
    if (!passes) return value;
    value = parent;
  }
}

/**
 * `tracker.add(…)`; when lent, also `memo(x)` and `rewrite(html, memo)`; `new Censor(rows, tracker)`
 * kept in the same call; `if (tracker)`; `ctx.interaction = tracker`; `return tracker`, when the
 * function's result is kept per call.
 */
function isUsedInPlace(identifier: TSESTree.Node, place: Place): boolean {
  const { site, fn, lend } = place;
  if (!isWithinCall(site.sourceCode, identifier, fn)) return false;
  const value = climbToValue(identifier);
  const user = value.parent;
  if (user?.type === AST_NODE_TYPES.MemberExpression) return user.object === value;
  if (user?.type === AST_NODE_TYPES.AssignmentExpression) return user.right === value && isRequestMember(user.left, fn);
  if (isTruthTest(value)) return true;
  if (isReturnedBy(value, fn)) return isResultKeptPerCall(site, fn, place.cwd, place.depth);
  if (user?.type === AST_NODE_TYPES.NewExpression) return isLentToPerCallObject(value, user, place);
  if (!lend) return false;
  // Lent: called, or handed to a plain function (`rewrite(html, memo)`), not to a method that may keep it (`list.push(memo)`) …
  if (user?.type === AST_NODE_TYPES.CallExpression) return user.callee === value || user.callee.type === AST_NODE_TYPES.Identifier;
  // … also inside an options object written in the call (`compile({ segment, loadSegment })`).
  return user?.type === AST_NODE_TYPES.Property && user.value === value && user.parent.type === AST_NODE_TYPES.ObjectExpression && isPlainCallArgument(user.parent);
}

/** An argument of a call of a plain function (`compile(options)`), as written there. */
function isPlainCallArgument(node: TSESTree.Node): boolean {
  const argument = climbToValue(node);
  const call = argument.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier && (call.arguments as readonly TSESTree.Node[]).includes(argument);
}

/** `using index = …` and `await using index = …`: the object is disposed when the block ends. */
function isUsingDeclaration(declaration: TSESTree.VariableDeclaration): boolean {
  return declaration.kind === 'using' || declaration.kind === 'await using';
}

/** Methods that put their argument into a collection, which may outlive the call. */
const STORING_METHODS: ReadonlySet<string> = new Set(['add', 'push', 'set', 'splice', 'unshift']);

/**
 * A use of an object declared with `using`: disposed when the block ends, by contract, so handing
 * it to a method (`this.emit(doc, index)`) or iterating it (`for await (const doc of index)`) does
 * not keep it; storing it (`open.push(index)`, `this.index = index`) or returning it still may.
 */
function isScopedUseInPlace(identifier: TSESTree.Node, place: Place): boolean {
  if (isUsedInPlace(identifier, { ...place, lend: true })) return true;
  if (!isWithinCall(place.site.sourceCode, identifier, place.fn)) return false;
  const value = climbToValue(identifier);
  const user = value.parent;
  if (user?.type === AST_NODE_TYPES.ForOfStatement) return user.right === value;
  if (user?.type !== AST_NODE_TYPES.CallExpression || !(user.arguments as readonly TSESTree.Node[]).includes(value)) return false;
  const method = user.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(user.callee) : undefined;
  return method === undefined || !STORING_METHODS.has(method);
}

/**
 * Whether code at `node` runs during the call of `fn`: in `fn` itself, or in callbacks handed to
 * calls in it (`rows.map(…)`, `await pipeline(stream, async (row) => …)`), but not in one an event
 * source keeps (`app.get('/x', (req) => tracker.add(req.id))`, `setInterval(…)`, `bus.on(…)`), which
 * keeps what it uses alive, nor in a function stored or returned.
 */
function isWithinCall(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, fn: FunctionNode, depth = 0): boolean {
  for (let inner = getEnclosingFunction(node); inner !== fn; inner = getEnclosingFunction(inner)) {
    if (!inner || depth > MAX_OWNER_DEPTH) return false;
    if (isRunInPlace(inner)) continue;
    const call = inner.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && (call.arguments as readonly TSESTree.Node[]).includes(inner)) {
      if (getEventSource(inner) !== undefined) return false;
      continue;
    }
    // `const processRow = async (row) => …` of the call: every use calls it or lends it to a call, there.
    const { sites } = findCallSites(sourceCode, inner);
    const declaration = inner.type === AST_NODE_TYPES.FunctionDeclaration ? inner : inner.parent;
    const reads = declaration ? sourceCode.getDeclaredVariables(declaration).flatMap((variable) => variable.references.filter((reference) => reference.isRead())).length : 0;
    return sites.length > 0 && sites.length === reads && sites.every((site) => site.eventSource === undefined && isWithinCall(sourceCode, site.node, fn, depth + 1));
  }
  return true;
}

/** `ctx.interaction` where `ctx` is a parameter of the per-call function `fn` named for a request. */
function isRequestMember(target: TSESTree.Node, fn: FunctionNode): boolean {
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.object.type !== AST_NODE_TYPES.Identifier) return false;
  const { name } = target.object;
  return REQUEST_CONTEXT.test(name) && fn.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === name);
}

/** `this.validator = new Validator()` in the constructor of a class that is itself made per call. */
function isOwnedByPerCallObject(site: Site, assignment: TSESTree.AssignmentExpression, fn: FunctionNode, cwd: string | undefined, depth: number): boolean {
  const constructor = fn.parent;
  if (assignment.left.type !== AST_NODE_TYPES.MemberExpression || assignment.left.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  if (constructor?.type !== AST_NODE_TYPES.MethodDefinition || constructor.kind !== 'constructor' || depth >= MAX_OWNER_DEPTH) return false;
  return isCreatedPerCall(site.sourceCode, site.file, cwd, constructor.parent.parent, depth + 1);
}

/** `private overlay = new Overlay()`: made with each instance of a class that is itself made per call (a static field lives with the class). */
function isFieldOfPerCallObject(site: Site, field: TSESTree.PropertyDefinition, cwd: string | undefined, depth: number): boolean {
  if (field.static || depth >= MAX_OWNER_DEPTH) return false;
  return isCreatedPerCall(site.sourceCode, site.file, cwd, field.parent.parent, depth + 1);
}

