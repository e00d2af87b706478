import type { API, ASTNode, ASTPath, Collection, FileInfo, JSCodeshift } from 'jscodeshift';
import path from 'node:path';
import { getInstalledMajor } from 'eslint-plugin-redis-leaks/internal';
import type { ClientLibraryFacts, CommandDialect } from 'eslint-plugin-redis-leaks/internal';
import { CLIENT_LIBRARIES, EXPIRY_DIALECTS, getLibraryByModule, isCommandDialect, MULTI_KEY_COMMANDS } from 'eslint-plugin-redis-leaks/internal';
import type { Finding } from './rule-findings';
import { findRuleFindings } from './rule-findings';
import type { CodemodParser } from './parser';
import { getParserForPath } from './parser';
import type { CodemodOptions } from './transform-api';
import { readNumberOption, reportUnfixable, TRANSPARENT_WRAPPERS } from './transform-api';

/*
 * add-expiry fixes `require-expiry`: a `set` gets its client's expiry option
 * (`'EX', ttl` / `{ expiration: … }` / `{ ex: ttl }` / `{ expiry: … }`), and any other
 * key-creating write is followed by `expire(key, ttl, 'NX')`: a statement after the
 * write, or a link before `.exec()` in a `multi()`/`pipeline()` chain.
 *
 * The rule decides where; this file only rewrites. It analyses the original tree and
 * splices text into the original source, so every byte it does not add stays as written
 * (formatting, comments, parentheses). Whatever it cannot rewrite exactly, it reports
 * and leaves alone.
 */

export const parser = 'tsx';

const DEFAULT_TTL_SECONDS = 86_400;


/** ioredis `set` tokens that follow the expiry, in the order its typings accept: condition, then `GET`. */
const SET_TOKEN_ORDER: Readonly<Record<string, number>> = { nx: 0, xx: 0, get: 1 };

/** Methods of a promise: a command whose result continues with these was sent by a client, not queued in a batch. */
const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** `exec`, `execAsPipeline`, `execTyped`, `EXEC`: the call that sends a batch. */
const EXEC_METHOD = /^exec/i;

/** Methods that start a batch whose commands chain (`multi`, `pipeline`), over every command library. */
const BATCH_METHODS: ReadonlySet<string> = new Set(
  CLIENT_LIBRARIES.filter((library) => isCommandDialect(library.dialect)).flatMap((library) => library.batchMethods),
);

/** Containers whose statements sit in a list, so a statement can go before or after one. */
const STATEMENT_LISTS: ReadonlySet<string> = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock', 'SwitchCase']);

/** Statements whose body may be a single statement without braces: a fix there wraps it in a block. */
const BRACELESS_PARENTS: ReadonlySet<string> = new Set([
  'IfStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
]);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** jscodeshift's own Babel set-ups, by the parser name `getParserForPath` gives. */
const BABEL_PARSERS: Readonly<Record<CodemodParser, string>> = {
  babel: 'jscodeshift/parser/babel5Compat',
  ts: 'jscodeshift/parser/ts',
  tsx: 'jscodeshift/parser/tsx',
};

/** The settings read from the options, validated before any file is touched. */
interface Settings {
  /** The text written as the TTL: the seconds, or the user's constant name. */
  readonly ttlText: string;
  readonly ttlSeconds: number;
  readonly ttlName: string | undefined;
  readonly nx: boolean;
}

/** A replacement of `source.slice(start, end)`; insertions have `start === end`. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Statements to add before and after one existing statement. */
interface Around {
  readonly statement: ASTPath;
  readonly before: string[];
  readonly after: string[];
}

/** What one finding's fix adds, applied only when the whole fix is possible. */
interface Rewrite {
  readonly edits: Edit[];
  readonly around: { statement: ASTPath; before?: string; after?: string }[];
  /** Exports of a library the new code names (glide's `TimeUnit`), to import once. */
  readonly libraryNames: { library: ClientLibraryFacts; name: string }[];
  /** A key hoisted into a `const` of a name reserved in its function. */
  readonly hoisted?: { scope: ASTNode; name: string; key: ASTNode };
}

type Outcome = { readonly ok: true; readonly rewrite: Rewrite } | { readonly ok: false; readonly reason: string };

/** The file's own conventions, which new code follows. */
interface CodeStyle {
  readonly quote: string;
  readonly eol: string;
  readonly indentUnit: string;
}

/** Where a client library is imported, and how its exports can be named. */
interface LibraryImports {
  /** `import { A, B as C } from m` and `const { A, B: C } = require(m)`: export name → local name. */
  readonly localNames: Map<string, string>;
  /** `import * as ns from m`, `const ns = require(m)`. */
  readonly namespace: string | undefined;
  /** Where a missing export can be added: a value import or a destructured `require`, else after a type-only import. */
  readonly extendable: ASTPath | undefined;
  readonly typeOnly: ASTPath | undefined;
  readonly specifier: string;
}

interface FileContext {
  readonly j: JSCodeshift;
  readonly source: string;
  readonly program: ASTPath;
  readonly style: CodeStyle;
  readonly settings: Settings;
  /** The command dialects the file imports; a finding's client is one of them. */
  readonly dialects: readonly CommandDialect[];
  readonly libraries: Map<ClientLibraryFacts, LibraryImports>;
  readonly nodeRedisMajor: number | undefined;
  /** Names hoisted so far, per enclosing function. */
  readonly hoistedNames: Map<ASTNode, Set<string>>;
  /** Keys hoisted so far: a later write in the same chain may follow them. */
  readonly hoistedKeys: Set<ASTNode>;
}

/** The edits collected over the whole file, applied at once. */
interface FileChanges {
  readonly edits: Edit[];
  readonly around: Map<ASTNode, Around>;
  readonly libraryNames: Map<ClientLibraryFacts, Set<string>>;
}

/** A key-creating write the rule reported. */
interface Write {
  readonly path: ASTPath;
  readonly call: CallNode;
  readonly command: string;
}

type CallNode = ASTNode & { callee: MemberNode; arguments: ASTNode[] };
type MemberNode = ASTNode & { object: ASTNode; property: ASTNode; computed?: boolean };

export default function transform(file: FileInfo, api: API, options: CodemodOptions): string {
  const settings = readSettings(options);
  const findings = findRuleFindings(file.source, file.path, 'require-expiry');
  if (findings.length === 0) return file.source;
  const { j, root } = parseExactly(file, api);
  const context = createContext(file, j, root, settings);
  const changes: FileChanges = { edits: [], around: new Map(), libraryNames: new Map() };
  // Every finding is planned against the original tree, so no fix moves another's nodes. In source
  // order, inner calls of a chain first: their `expire`s queue in the order of the writes.
  const ordered = [...findings].sort((a, b) => a.start - b.start || a.end - b.end);
  const writes = ordered.map((finding) => ({ finding, path: findWriteAt(root, j, finding) }));
  let changed = false;
  for (const { finding, path: reported } of writes) {
    const outcome = reported ? planFix(context, reported) : unfixable('the reported call was not found in the parsed file');
    const committed = outcome.ok && commit(context, changes, outcome.rewrite);
    if (committed) changed = true;
    else reportUnfixable(file, api, options, { line: finding.line, reason: outcome.ok ? 'its rewrite overlaps another fix in the same place' : outcome.reason });
  }
  if (!changed) return file.source;
  const output = applyEdits(file.source, [...changes.edits, ...getFileLevelEdits(context, changes)]);
  assertParses(file, output);
  return output;
}

/**
 * The file's tree, parsed by the parser jscodeshift would pick but without recast: recast
 * parses a copy with tabs expanded and line breaks normalised, whose offsets are not the
 * source's, and this transform matches findings and splices text by offset.
 */
function parseExactly(file: FileInfo, api: API): { j: JSCodeshift; root: Collection } {
  return { j: api.jscodeshift, root: api.jscodeshift(parseWithBabel(file.path, file.source)) };
}

/**
 * The call a finding reports: the innermost node spanning exactly its offsets. (transform-api's
 * `findReportedNode` maps findings onto recast's altered copy; this tree is the source's own.)
 */
function findWriteAt(root: Collection, j: JSCodeshift, finding: Finding): ASTPath | undefined {
  const paths = root.find(j.Node).filter(({ node }) => startOf(node as ASTNode) === finding.start && endOf(node as ASTNode) === finding.end);
  return paths.paths().at(-1) as ASTPath | undefined;
}

function parseWithBabel(filePath: string, source: string): ASTNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parser = require(BABEL_PARSERS[getParserForPath(filePath)]) as () => { parse(source: string): ASTNode };
  return parser().parse(source);
}

/** The options, checked: `ttl` a whole number of seconds, `ttlName` an identifier, `nx` a boolean. */
function readSettings(options: CodemodOptions): Settings {
  const ttlSeconds = readNumberOption(options.ttl, DEFAULT_TTL_SECONDS);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new Error(`add-expiry: ttl must be a whole number of seconds, 1 or more; got ${String(options.ttl)}`);
  }
  const ttlName = options.ttlName === undefined || options.ttlName === '' ? undefined : String(options.ttlName);
  if (ttlName !== undefined && !IDENTIFIER.test(ttlName)) {
    throw new Error(`add-expiry: ttlName must be an identifier (a constant's name); got ${ttlName}`);
  }
  return { ttlSeconds, ttlName, ttlText: ttlName ?? String(ttlSeconds), nx: readNx(options.nx) };
}

/** `nx` from the CLI (`true`/`false`) or from jscodeshift's flags (`--nx=false`). */
function readNx(value: CodemodOptions['nx']): boolean {
  if (value === undefined || value === '' || value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`add-expiry: nx must be true or false; got ${String(value)}`);
}

function createContext(file: FileInfo, j: JSCodeshift, root: Collection, settings: Settings): FileContext {
  const libraries = findLibraryImports(j, root);
  const dialects = [...new Set([...libraries.keys()].map((library) => library.dialect).filter(isCommandDialect))];
  const usesNodeRedis = dialects.includes('node-redis');
  return {
    j,
    source: file.source,
    program: root.find(j.Program).paths()[0]!,
    style: getCodeStyle(j, root, file.source),
    settings,
    dialects,
    libraries,
    nodeRedisMajor: usesNodeRedis ? getInstalledMajor('@redis/client', path.dirname(path.resolve(file.path))) : undefined,
    hoistedNames: new Map(),
    hoistedKeys: new Set(),
  };
}

// --- Planning one finding --------------------------------------------------------------

/** The fix of one reported write, or why there is none. */
function planFix(context: FileContext, reported: ASTPath): Outcome {
  const { j } = context;
  const node = reported.node;
  if (!j.CallExpression.check(node) || !j.MemberExpression.check(node.callee)) {
    return unfixable('the write is not a plain method call (an optional call `?.`, or a computed method)');
  }
  const method = getPropertyName(j, node.callee);
  if (method === undefined) return unfixable('the write is not a plain method call (an optional call `?.`, or a computed method)');
  const write: Write = { path: reported, call: node as CallNode, command: method.toLowerCase() };
  return write.command === 'set' ? planSetOption(context, write) : planFollowUpExpire(context, write);
}

/**
 * `set` takes the expiry itself:
 * - ioredis, iovalkey: `set(k, v)` → `set(k, v, 'EX', ttl)`, before `NX`/`XX`/`GET` and a callback
 * - node-redis 5+: `set(k, v)` → `set(k, v, { expiration: { type: 'EX', value: ttl } })`; 4: `{ EX: ttl }`
 * - upstash: `{ ex: ttl }`; glide: `{ expiry: { type: TimeUnit.Seconds, count: ttl } }`
 * An existing options object literal gets the property merged in.
 */
function planSetOption(context: FileContext, write: Write): Outcome {
  const form = getSingleForm(context, (dialect) => `${EXPIRY_DIALECTS[dialect].set.style}|${getSetOptionTemplate(context, dialect)}`);
  if (!form.ok) return form;
  const { dialect } = form;
  const template = getSetOptionTemplate(context, dialect);
  const names = resolveLibraryNames(context, write.path, dialect, template);
  if (!names.ok) return names;
  const option = fillTemplate(context, template, names.value);
  const edits = EXPIRY_DIALECTS[dialect].set.style === 'tokens' ? getSetTokenEdits(context, write.call, option) : getSetObjectEdits(context, write.call, option);
  if (!edits.ok) return edits;
  return rewrite({ edits: edits.value, libraryNames: names.imports });
}

/**
 * Every other write is followed by `expire(key, ttl, 'NX')`: NX sets a TTL only on a key
 * that has none, so a TTL the key already has is kept (Redis 7.0+; `nx: false` writes a
 * plain `expire`). glide spells NX `{ expireOption: ExpireOptions.HasNoExpiry }`.
 */
function planFollowUpExpire(context: FileContext, write: Write): Outcome {
  const form = getSingleForm(context, (dialect) => getExpireArgumentsTemplate(context, dialect));
  if (!form.ok) return form;
  const key = getWrittenKey(context.j, write);
  if (!key.ok) return key;
  const template = getExpireArgumentsTemplate(context, form.dialect);
  const names = resolveLibraryNames(context, write.path, form.dialect, template);
  if (!names.ok) return names;
  const expireArguments = fillTemplate(context, template, names.value);
  const chain = getBatchChain(context, write);
  const placed = chain ? planChainExpire(context, write, key.value, expireArguments) : planStatementExpire(context, write, key.value, expireArguments, form.dialects);
  if (!placed.ok) return placed;
  return rewrite({ ...placed.rewrite, libraryNames: names.imports });
}

/**
 * The dialect a fix is written in. A file that imports several client libraries gets a fix
 * only when every one of them would be fixed the same way (the rule knows the receiver's
 * library; a codemod only sees the file's imports).
 */
function getSingleForm(
  context: FileContext,
  describe: (dialect: CommandDialect) => string,
): { ok: true; dialect: CommandDialect; dialects: readonly CommandDialect[] } | { ok: false; reason: string } {
  const [first] = context.dialects;
  if (first === undefined) return unfixable('no client library is imported in this file, so the form of its expiry is unknown');
  const forms = new Set(context.dialects.map(describe));
  if (forms.size > 1) {
    return unfixable(`this file imports several client libraries (${context.dialects.join(', ')}) whose expiries are written differently; which one this write uses is unclear`);
  }
  return { ok: true, dialect: first, dialects: context.dialects };
}

/** The newest spelling the installed client understands (node-redis 4 ignores `expiration`); an unknown install gets the newest. */
function getSetOptionTemplate(context: FileContext, dialect: CommandDialect): string {
  const { setOption, currentSetOption } = EXPIRY_DIALECTS[dialect];
  const major = dialect === 'node-redis' ? context.nodeRedisMajor : undefined;
  if (currentSetOption && (major === undefined || major >= currentSetOption.sinceMajor)) return currentSetOption.option;
  return setOption;
}

/** `TTL, 'NX'` (or glide's options object); only `TTL` when `nx` is off. */
function getExpireArgumentsTemplate(context: FileContext, dialect: CommandDialect): string {
  return context.settings.nx ? EXPIRY_DIALECTS[dialect].expireNxArguments : 'TTL';
}

// --- set: tokens ---------------------------------------------------------------------

/**
 * ioredis tokens go right after the value: `set(k, v, 'NX')` → `set(k, v, 'EX', ttl, 'NX')`.
 * Tokens the typings only accept in another order are put in it: `'GET', 'NX'` → `'NX', 'GET'`.
 */
function getSetTokenEdits(context: FileContext, call: CallNode, option: string): Result<Edit[]> {
  const { j, source } = context;
  const [, value, ...rest] = call.arguments;
  if (!value || j.SpreadElement.check(value)) return unfixable('the `set` has no value argument to put the expiry after');
  const tokens = rest.filter((argument) => !isFunction(j, argument));
  const order = tokens.map((token) => SET_TOKEN_ORDER[getStaticString(j, token)?.toLowerCase() ?? '']);
  const reorder = order.every((rank) => rank !== undefined) && order.some((rank, index) => index > 0 && rank! < order[index - 1]!);
  if (!reorder) return ok([insertAt(endOf(value), `, ${option}`)]);
  const sorted = tokens.map((token, index) => ({ token, rank: order[index]! })).sort((a, b) => a.rank - b.rank);
  const text = [option, ...sorted.map(({ token }) => textOf(source, token))].join(', ');
  return ok([{ start: startOf(tokens[0]!), end: endOf(tokens.at(-1)!), text }]);
}

// --- set: options object -------------------------------------------------------------

/**
 * The option goes into the options object:
 * - `set(k, v)` → `set(k, v, { EX: ttl })`
 * - `set(k, v, {})` → `set(k, v, { EX: ttl })`
 * - `set(k, v, { NX: true })` → `set(k, v, { EX: ttl, NX: true })`, one line or many
 * - `set(k, v, { EX: undefined })` → `set(k, v, { EX: ttl })` (a value the client skips)
 */
function getSetObjectEdits(context: FileContext, call: CallNode, option: string): Result<Edit[]> {
  const { j, source } = context;
  const [, value, options] = call.arguments;
  if (!value || j.SpreadElement.check(value)) return unfixable('the `set` has no value argument to put the expiry after');
  if (!options) return ok([insertAt(endOf(value), `, { ${option} }`)]);
  const object = unwrap(j, options);
  if (!j.ObjectExpression.check(object)) return unfixable('the options of this `set` are not an object literal, so the expiry cannot be merged in');
  const properties = object.properties as ASTNode[];
  if (properties.length === 0) return ok([{ start: startOf(object), end: endOf(object), text: `{ ${option} }` }]);
  const optionKey = option.slice(0, option.indexOf(':')).trim();
  const same = properties.find((property) => getPlainPropertyKey(j, property) === optionKey);
  if (same) return ok([{ start: startOf(same), end: endOf(same), text: option }]);
  const first = properties[0]!;
  const gap = getWhitespaceBefore(source, startOf(first));
  return ok([insertAt(startOf(first), `${option},${gap === '' ? ' ' : gap}`)]);
}

// --- expire after a statement ------------------------------------------------------------

/**
 * `await redis.sadd(key, m);` → followed by `await redis.expire(key, ttl, 'NX');`
 * - the same form as the write: `await`, `void`, or neither; `const n = redis.incr(k)` gets `void`
 * - a batch in a variable (`pipeline.sadd(k, m);`) gets `pipeline.expire(…);`, before its
 *   `exec()` when other commands are queued in between, so their results keep their places
 * - a braceless `if (x) await redis.rpush(k, v);` becomes a block
 * - a key with side effects (`keyFor(id)`, `i++`) is hoisted into a `const` first
 */
function planStatementExpire(context: FileContext, write: Write, key: ASTPath, expireArguments: string, dialects: readonly CommandDialect[]): Outcome {
  const { j, source } = context;
  const statement = getWriteStatement(context, write.path);
  if (!statement) return unfixable('the write is part of a larger expression (an arrow body, a `return`, an argument), so no `expire` statement can follow it');
  if (!getStatementSlot(context, statement.path)) return unfixable('the write is not in a block where a statement can follow it');
  const receiver = write.call.callee.object;
  if (!isPlainReceiver(j, receiver)) return unfixable('the client is not a variable or a `this` field, so the `expire` cannot name it again');
  const batch = isBatchVariable(context, write.path, receiver);
  if (!batch && statement.form !== 'await' && dialects.includes('upstash')) {
    return unfixable('an HTTP client sends requests that are not awaited in any order, so an `expire` after this write may arrive first');
  }
  const hoist = planKeyHoist(context, write, key, statement.path);
  if (!hoist.ok) return hoist;
  const prefix = batch ? '' : { await: 'await ', void: 'void ', bare: '' }[statement.form];
  const semicolon = endsWithSemicolon(source, statement.path.node) ? ';' : '';
  const expire = `${prefix}${textOf(source, receiver)}.expire(${hoist.value.keyText}, ${expireArguments})${semicolon}`;
  const before = batch ? findExecBeyondQueuedCommands(context, statement.path, receiver, key) : undefined;
  const around = [...hoist.value.around, before ? { statement: before, before: expire } : { statement: statement.path, after: expire }];
  return rewrite({ edits: hoist.value.edits, around, hoisted: hoist.value.hoisted });
}

/** How the write stands as a statement: `await w;`, `void w;`, `w;`, `const x = [await] w;`. */
function getWriteStatement(context: FileContext, write: ASTPath): { path: ASTPath; form: 'await' | 'bare' | 'void' } | undefined {
  const { j } = context;
  let current = climbWrappers(j, write);
  let form: 'await' | 'bare' | 'void' = 'bare';
  let parent = parentOf(current);
  if (parent && j.AwaitExpression.check(parent.node)) {
    form = 'await';
    current = climbWrappers(j, parent);
    parent = parentOf(current);
  }
  if (parent && form === 'bare' && j.UnaryExpression.check(parent.node) && parent.node.operator === 'void') {
    form = 'void';
    current = parent;
    parent = parentOf(current);
  }
  if (parent && j.ExpressionStatement.check(parent.node)) return { path: parent, form };
  // const count = await redis.incr(key);
  const declaration = parent && parentOf(parent);
  if (parent && declaration && j.VariableDeclarator.check(parent.node) && current.name === 'init' && j.VariableDeclaration.check(declaration.node)) {
    if (declaration.node.declarations.length !== 1) return undefined;
    // export const count = await redis.incr(key);
    const exported = parentOf(declaration);
    const statement = exported && j.ExportNamedDeclaration.check(exported.node) ? exported : declaration;
    return { path: statement, form: form === 'bare' ? 'void' : form };
  }
  return undefined;
}

/**
 * Where a statement sits: in a list (a block, the program, a `case`), or as the braceless
 * body of an `if`/loop, which a fix turns into a block.
 */
function getStatementSlot(context: FileContext, statement: ASTPath): 'braceless' | 'list' | undefined {
  const parent = parentOf(statement);
  if (!parent) return undefined;
  if (STATEMENT_LISTS.has(parent.node.type)) return 'list';
  if (BRACELESS_PARENTS.has(parent.node.type) && !context.j.VariableDeclaration.check(statement.node)) return 'braceless';
  return undefined;
}

/**
 * For `pipeline.incr(k);` followed by more commands on `pipeline` and then its `exec()`:
 * the statement that runs `exec()`, so the `expire` is queued last and every other result
 * keeps its index. Not when the key's variables may change on the way there.
 */
function findExecBeyondQueuedCommands(context: FileContext, statement: ASTPath, receiver: ASTNode, key: ASTPath): ASTPath | undefined {
  const { j } = context;
  const siblings = getSiblingStatements(statement);
  if (!siblings || !j.Identifier.check(receiver)) return undefined;
  const batch = receiver.name;
  const later = siblings.slice(siblings.indexOf(statement.node) + 1);
  const execIndex = later.findIndex((node) => j(node).find(j.CallExpression).some((call) => isBatchCall(j, call.node, batch, true)));
  if (execIndex <= 0) return undefined;
  const between = later.slice(0, execIndex);
  const queuesMore = between.some((node) => j(node).find(j.CallExpression).some((call) => isBatchCall(j, call.node, batch, false)));
  if (!queuesMore || between.some((node) => assignsAny(j, node, getIdentifierNames(j, key.node)))) return undefined;
  const siblingPaths = getSiblingPaths(statement);
  return siblingPaths?.find((candidate) => candidate.node === later[execIndex]);
}

// --- expire in a chain ----------------------------------------------------------------

/**
 * A write whose value is a batch: queued in a `multi()`/`pipeline()` chain, or continued by
 * more commands (`pipeline.lpush(k, m).ltrim(k, 0, 99)`). A client's own commands return
 * promises, which only go on with `then`/`catch`/`finally`.
 */
function getBatchChain(context: FileContext, write: Write): boolean {
  const { j } = context;
  const next = getChainedCall(j, write.path);
  if (next) return !PROMISE_METHODS.has(getPropertyName(j, (next.node as CallNode).callee) ?? '');
  return startsFromBatch(j, write.call.callee.object);
}

/**
 * `redis.multi().hset(k, f, v).exec()` → `redis.multi().hset(k, f, v).expire(k, ttl, 'NX').exec()`:
 * the `expire` goes right before `exec()`, so the results of the chain's commands keep their
 * indexes. A chain with no `exec()` gets it at its end, or, for `pipeline.lpush(…).ltrim(…);`
 * with more commands queued on `pipeline` later, as `pipeline.expire(…);` before its `exec()`.
 * Line breaks before `.exec()` are copied.
 */
function planChainExpire(context: FileContext, write: Write, key: ASTPath, expireArguments: string): Outcome {
  const { j, source } = context;
  let current = write.path;
  let next = getChainedCall(j, current);
  while (next && !EXEC_METHOD.test(getPropertyName(j, (next.node as CallNode).callee) ?? '')) {
    current = next;
    next = getChainedCall(j, current);
  }
  const statement = findEnclosingStatement(context, current);
  const hoist = planKeyHoist(context, write, key, statement);
  if (!hoist.ok) return hoist;
  const { keyText, edits, around, hoisted } = hoist.value;
  const batch = next ? undefined : getChainBatchVariable(context, write, current, statement);
  const exec = batch && findExecBeyondQueuedCommands(context, statement!, batch, key);
  if (exec) {
    const semicolon = endsWithSemicolon(source, statement!.node) ? ';' : '';
    return rewrite({ edits, around: [...around, { statement: exec, before: `${batch!.name}.expire(${keyText}, ${expireArguments})${semicolon}` }], hoisted });
  }
  // The line break and indentation before `.exec` (or before the write's own `.method`), for a chain laid out one call per line.
  const link = next ? (next.node as CallNode).callee : write.call.callee;
  const gap = getWhitespaceAfter(source, endOf((link as MemberNode).object));
  const edit = insertAt(endOf(current.node), `${gap}.expire(${keyText}, ${expireArguments})`);
  return rewrite({ edits: [...edits, edit], around, hoisted });
}

/** `pipeline` in the statement `pipeline.lpush(k, m).ltrim(k, 0, 99);`, when it holds a batch. */
function getChainBatchVariable(context: FileContext, write: Write, top: ASTPath, statement: ASTPath | undefined): (ASTNode & { name: string }) | undefined {
  const { j } = context;
  if (!statement || !j.ExpressionStatement.check(statement.node) || statement.node.expression !== top.node) return undefined;
  let root = unwrap(j, write.call.callee.object);
  while (j.CallExpression.check(root) && j.MemberExpression.check(root.callee)) root = unwrap(j, root.callee.object);
  return j.Identifier.check(root) && isBatchVariable(context, write.path, root) ? root : undefined;
}

/** The statement an expression is evaluated in, straight through (no callback, condition or short circuit on the way). */
function findEnclosingStatement(context: FileContext, expression: ASTPath): ASTPath | undefined {
  const { j } = context;
  let current = expression;
  for (let parent = parentOf(current); parent; current = parent, parent = parentOf(current)) {
    const node = parent.node;
    if (j.ExpressionStatement.check(node) || j.ReturnStatement.check(node)) return parent;
    if (j.VariableDeclarator.check(node)) {
      const declaration = parentOf(parent);
      return current.name === 'init' && declaration && (declaration.node as { declarations: unknown[] }).declarations.length === 1 ? declaration : undefined;
    }
    const chained = j.MemberExpression.check(node) && current.name === 'object';
    const called = j.CallExpression.check(node) && current.name === 'callee';
    const voided = j.UnaryExpression.check(node) && node.operator === 'void';
    if (!chained && !called && !voided && !j.AwaitExpression.check(node) && !TRANSPARENT_WRAPPERS.has(node.type)) return undefined;
  }
  return undefined;
}

// --- keys ------------------------------------------------------------------------------

/**
 * The key to expire: the first argument, or the one key of an `mset` of one pair
 * (`mset(k, v)`, `mSet([[k, v]])`, `mSet([k, v])`, `mSet({ [k]: v })`).
 */
function getWrittenKey(j: JSCodeshift, write: Write): Result<ASTPath> {
  const argumentPaths = write.path.get('arguments') as ASTPath;
  const args = write.call.arguments;
  if (args.some((argument) => j.SpreadElement.check(argument)) || args.length === 0) return unfixable('the key of this write is not an argument of its own');
  if (!MULTI_KEY_COMMANDS.has(write.command)) return ok(argumentPaths.get(0) as ASTPath);
  const several = unfixable(`this \`${getPropertyName(j, write.call.callee)}\` writes several keys; give each one that needs it an \`expire\` by hand`);
  if (args.length === 2) return ok(argumentPaths.get(0) as ASTPath);
  if (args.length !== 1) return several;
  const [only] = args;
  if (j.ArrayExpression.check(only)) {
    const [pair] = only.elements;
    if (only.elements.length === 1 && j.ArrayExpression.check(pair)) return ok(argumentPaths.get(0, 'elements', 0, 'elements', 0) as ASTPath);
    if (only.elements.length === 2 && !j.ArrayExpression.check(pair)) return ok(argumentPaths.get(0, 'elements', 0) as ASTPath);
  }
  if (j.ObjectExpression.check(only) && only.properties.length === 1) return ok(argumentPaths.get(0, 'properties', 0, 'key') as ASTPath);
  return several;
}

/**
 * A key that is safe to evaluate again is written twice; one with side effects
 * (`keyFor(id)`, `` `k:${i++}` ``) is first hoisted into a `const` before the statement:
 * `const key = keyFor(id);`. Only when nothing with side effects runs before the key
 * in that statement.
 */
function planKeyHoist(
  context: FileContext,
  write: Write,
  key: ASTPath,
  statement: ASTPath | undefined,
): Result<{ keyText: string; edits: Edit[]; around: Rewrite['around']; hoisted?: Rewrite['hoisted'] }> {
  const { j, source } = context;
  const keyNode = key.node;
  if (isPure(j, keyNode)) return ok({ keyText: textOf(source, keyNode), edits: [], around: [] });
  const cannot = 'the key has side effects (a call, `++`) and cannot be moved out of where it is evaluated';
  if (!statement || !getStatementSlot(context, statement) || !runsFirstInStatement(context, write)) return unfixable(cannot);
  const scope = getEnclosingFunction(context, statement);
  const name = chooseName(context, scope);
  const semicolon = endsWithSemicolon(source, statement.node) ? ';' : '';
  return ok({
    keyText: name,
    edits: [{ start: startOf(keyNode), end: endOf(keyNode), text: name }],
    around: [{ statement, before: `const ${name} = ${textOf(source, keyNode)}${semicolon}` }],
    hoisted: { scope, name, key: keyNode },
  });
}

/**
 * Whether the key is the first thing with side effects its statement evaluates: the write's
 * receiver is a variable or a field, reached through batch or command calls whose arguments
 * have none (queuing a command does nothing until `exec()`), or are keys hoisted before it.
 */
function runsFirstInStatement(context: FileContext, write: Write): boolean {
  const { j } = context;
  const settled = (argument: ASTNode) => isPure(j, argument) || context.hoistedKeys.has(argument);
  let current = unwrap(j, write.call.callee.object);
  while (j.CallExpression.check(current) && j.MemberExpression.check(current.callee)) {
    if (!current.arguments.every(settled)) return false;
    current = unwrap(j, current.callee.object);
  }
  return isPlainReceiver(j, current);
}

/** `key`, else `key2`, `key3`…: a name no identifier in the enclosing function uses yet. */
function chooseName(context: FileContext, scope: ASTNode): string {
  const { j } = context;
  const used = new Set(j(scope).find(j.Identifier).nodes().map((node) => node.name));
  for (const name of context.hoistedNames.get(scope) ?? []) used.add(name);
  let name = 'key';
  for (let index = 2; used.has(name); index += 1) name = `key${index}`;
  return name;
}

// --- library names (glide's TimeUnit, ExpireOptions) -------------------------------------

/**
 * The local names for the library exports a template uses (`TimeUnit.Seconds`):
 * an existing import (`TimeUnit`, `TimeUnit as TU`), a namespace (`glide.TimeUnit`),
 * or an import to add, when the name is free where the write is.
 */
function resolveLibraryNames(
  context: FileContext,
  write: ASTPath,
  dialect: CommandDialect,
  template: string,
): { ok: true; value: Map<string, string>; imports: Rewrite['libraryNames'] } | { ok: false; reason: string } {
  const names = getTemplateExports(template);
  const value = new Map<string, string>();
  const imports: Rewrite['libraryNames'] = [];
  if (names.length === 0) return { ok: true, value, imports };
  const entry = [...context.libraries].find(([library]) => library.dialect === dialect);
  if (!entry) return unfixable(`the fix needs \`${names.join('`, `')}\` from the client library, which this file does not import where it can be extended`);
  const [library, imported] = entry;
  for (const name of names) {
    const local = imported.localNames.get(name) ?? (imported.namespace && `${imported.namespace}.${name}`);
    if (local) {
      value.set(name, local);
      continue;
    }
    if (!imported.extendable && !imported.typeOnly) return unfixable(`the fix needs \`${name}\` from ${library.name}, and this file's import of it cannot take one more name`);
    if (isNameTaken(write, name)) return unfixable(`the fix needs \`${name}\` from ${library.name}, but that name already means something else here`);
    value.set(name, name);
    imports.push({ library, name });
  }
  return { ok: true, value, imports };
}

/** `TimeUnit` in `expiry: { type: TimeUnit.Seconds, count: TTL }`: capitalised names whose members a template reads. */
function getTemplateExports(template: string): string[] {
  return [...new Set([...template.matchAll(/\b([A-Z]\w*)\./g)].map((match) => match[1]!))];
}

/** Whether `name` is declared in a scope the write can see. */
function isNameTaken(write: ASTPath, name: string): boolean {
  const scope = (write as ASTPath & { scope?: { lookup(name: string): unknown } }).scope;
  return Boolean(scope?.lookup(name));
}

/** A template from the facts with the TTL, the file's quotes and the local names of library exports filled in. */
function fillTemplate(context: FileContext, template: string, names: ReadonlyMap<string, string>): string {
  return template
    .replace(/'/g, context.style.quote)
    .replace(/\bTTL\b/g, context.settings.ttlText)
    .replace(/\b([A-Z]\w*)\./g, (match, name: string) => (names.has(name) ? `${names.get(name)!}.` : match));
}

// --- committing and applying -----------------------------------------------------------

/** Adds a planned fix to the file's changes, unless one of its edits overlaps an edit already planned. */
function commit(context: FileContext, changes: FileChanges, planned: Rewrite): boolean {
  if (planned.edits.some((edit) => changes.edits.some((other) => overlaps(edit, other)))) return false;
  changes.edits.push(...planned.edits);
  for (const { statement, before, after } of planned.around) {
    let entry = changes.around.get(statement.node);
    if (!entry) {
      entry = { statement, before: [], after: [] };
      changes.around.set(statement.node, entry);
    }
    if (before !== undefined) entry.before.push(before);
    if (after !== undefined) entry.after.push(after);
  }
  for (const { library, name } of planned.libraryNames) {
    const names = changes.libraryNames.get(library) ?? new Set<string>();
    changes.libraryNames.set(library, names.add(name));
  }
  if (planned.hoisted) {
    const names = context.hoistedNames.get(planned.hoisted.scope) ?? new Set<string>();
    context.hoistedNames.set(planned.hoisted.scope, names.add(planned.hoisted.name));
    context.hoistedKeys.add(planned.hoisted.key);
  }
  return true;
}

function overlaps(a: Edit, b: Edit): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Statements added around existing ones, missing imports, and the TTL constant: edits made once per file. */
function getFileLevelEdits(context: FileContext, changes: FileChanges): Edit[] {
  const edits = [...changes.around.values()].flatMap((entry) => getAroundEdits(context, entry));
  for (const [library, names] of changes.libraryNames) edits.push(getImportEdit(context, context.libraries.get(library)!, [...names]));
  return [...edits, ...getTtlConstantEdits(context)];
}

/**
 * Statements before and after a statement, on lines of their own at its indentation.
 * A braceless body becomes a block: `if (x) w;` → `if (x) {\n  w;\n  expire;\n}`.
 */
function getAroundEdits(context: FileContext, { statement, before, after }: Around): Edit[] {
  const { source, style } = context;
  const { eol } = style;
  const node = statement.node;
  const start = startOf(node);
  const afterAt = getInsertionPointAfter(source, endOf(node));
  if (getStatementSlot(context, statement) === 'braceless') {
    const indent = getLineIndent(source, startOf(parentOf(statement)!.node));
    const inner = indent + style.indentUnit;
    const gapStart = start - getWhitespaceBefore(source, start).length;
    const opening = ` {${eol}${inner}${before.map((text) => `${text}${eol}${inner}`).join('')}`;
    const closing = `${after.map((text) => `${eol}${inner}${text}`).join('')}${eol}${indent}}`;
    return [{ start: gapStart, end: start, text: opening }, insertAt(afterAt.offset, closing)];
  }
  const indent = getLineIndent(source, start);
  const ownLine = isFirstOnLine(source, start);
  const edits: Edit[] = [];
  if (before.length > 0) edits.push(insertAt(start, before.map((text) => (ownLine ? `${text}${eol}${indent}` : `${text} `)).join('')));
  if (after.length > 0) edits.push(insertAt(afterAt.offset, after.map((text) => (afterAt.lineEnd ? `${eol}${indent}${text}` : ` ${text}`)).join('')));
  return edits;
}

/**
 * Adds exports to the library's import: `import { GlideClient, TimeUnit } from …`,
 * `const { GlideClient, TimeUnit } = require(…)`, or, next to a type-only import,
 * a new `import { TimeUnit } from …;`.
 */
function getImportEdit(context: FileContext, imported: LibraryImports, names: readonly string[]): Edit {
  const { j, source, style } = context;
  if (imported.extendable) {
    const node = imported.extendable.node;
    const items = (j.ImportDeclaration.check(node) ? node.specifiers : (node as { properties: ASTNode[] }).properties) as ASTNode[];
    return appendToList(source, items, names);
  }
  const anchor = imported.typeOnly!.node;
  const semicolon = endsWithSemicolon(source, anchor) ? ';' : '';
  const quote = style.quote;
  const line = `import { ${names.join(', ')} } from ${quote}${imported.specifier}${quote}${semicolon}`;
  return insertAt(getInsertionPointAfter(source, endOf(anchor)).offset, `${style.eol}${line}`);
}

/** `{ A }` → `{ A, B }`; `{\n  A,\n}` → `{\n  A,\n  B,\n}`: the list's own separators and trailing comma. */
function appendToList(source: string, items: readonly ASTNode[], names: readonly string[]): Edit {
  const last = items.at(-1)!;
  const gap = getWhitespaceBefore(source, startOf(last));
  const separator = gap === '' ? ' ' : gap;
  const afterLast = source.slice(endOf(last)).match(/^\s*,/);
  if (afterLast) return insertAt(endOf(last) + afterLast[0].length, names.map((name) => `${separator}${name},`).join(''));
  return insertAt(endOf(last), names.map((name) => `,${separator}${name}`).join(''));
}

/**
 * `const SESSION_TTL = 86400;` after the imports, when the `ttlName` the user chose is
 * not declared at the top of the file already.
 */
function getTtlConstantEdits(context: FileContext): Edit[] {
  const { j, source, style, settings, program } = context;
  const name = settings.ttlName;
  if (name === undefined || getTopLevelNames(j, program.node).has(name)) return [];
  const body = (program.node as { body: ASTNode[] }).body;
  const firstCode = body.findIndex((statement) => !isImportStatement(j, statement));
  const anchor = (firstCode === -1 ? body : body.slice(0, firstCode)).at(-1);
  const semicolon = !anchor || endsWithSemicolon(source, anchor) ? ';' : '';
  const declaration = `const ${name} = ${settings.ttlSeconds}${semicolon}`;
  if (anchor) return [insertAt(getInsertionPointAfter(source, endOf(anchor)).offset, `${style.eol}${style.eol}${declaration}`)];
  return body[0] ? [insertAt(startOf(body[0]), `${declaration}${style.eol}${style.eol}`)] : [];
}

/** Applies non-overlapping edits; insertions at one offset keep the order they were made in. */
function applyEdits(source: string, edits: readonly Edit[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  let output = '';
  let offset = 0;
  for (const { edit } of ordered) {
    output += source.slice(offset, edit.start) + edit.text;
    offset = Math.max(offset, edit.end);
  }
  return output + source.slice(offset);
}

/** A rewrite that would not parse is a bug here: fail the file rather than write it. */
function assertParses(file: FileInfo, output: string): void {
  try {
    parseWithBabel(file.path, output);
  } catch (error) {
    throw new Error(`add-expiry: the rewrite of ${file.path} would not parse (${(error as Error).message})`);
  }
}

// --- reading the file ----------------------------------------------------------------------

/**
 * The client libraries a file loads, by module:
 * `import { Redis } from 'ioredis'`, `import type { RedisClientType } from 'redis'`,
 * `import * as glide from '@valkey/valkey-glide'`, `import Redis = require('ioredis')`,
 * `const { createClient } = require('redis')`, `const Redis = require('ioredis')`.
 */
function findLibraryImports(j: JSCodeshift, root: Collection): Map<ClientLibraryFacts, LibraryImports> {
  const libraries = new Map<ClientLibraryFacts, LibraryImports>();
  const record = (specifier: string | undefined, read: (entry: LibraryImports) => LibraryImports) => {
    const library = specifier === undefined ? undefined : getLibraryByModule(specifier);
    if (!library) return;
    const entry = libraries.get(library) ?? { localNames: new Map(), namespace: undefined, extendable: undefined, typeOnly: undefined, specifier: specifier! };
    libraries.set(library, read(entry));
  };
  root.find(j.ImportDeclaration).forEach((declaration) => record(String(declaration.node.source.value), (entry) => readImport(j, declaration, entry)));
  root.find(j.TSImportEqualsDeclaration).forEach(({ node }) => {
    if (!j.TSExternalModuleReference.check(node.moduleReference)) return;
    record(String(node.moduleReference.expression.value), (entry) => ({ ...entry, namespace: entry.namespace ?? String(node.id.name) }));
  });
  root.find(j.CallExpression).forEach((call) => record(getRequiredModule(j, call.node), (entry) => readRequire(j, call, entry)));
  return libraries;
}

/** `import { A, B as C } from m` (extendable when all its specifiers are named), `import * as ns from m`, `import type { … } from m`. */
function readImport(j: JSCodeshift, declaration: ASTPath, entry: LibraryImports): LibraryImports {
  const node = declaration.node as ASTNode & { importKind?: string; specifiers?: ASTNode[] };
  if (node.importKind === 'type') return { ...entry, typeOnly: entry.typeOnly ?? declaration };
  const specifiers = node.specifiers ?? [];
  const localNames = new Map(entry.localNames);
  let { namespace } = entry;
  for (const specifier of specifiers) {
    if (j.ImportNamespaceSpecifier.check(specifier)) namespace = String(specifier.local?.name);
    if (j.ImportSpecifier.check(specifier) && (specifier as { importKind?: string }).importKind !== 'type') {
      localNames.set(String(specifier.imported.name), String(specifier.local?.name ?? specifier.imported.name));
    }
  }
  const named = specifiers.length > 0 && specifiers.every((specifier) => j.ImportSpecifier.check(specifier));
  return { ...entry, localNames, namespace, extendable: entry.extendable ?? (named ? declaration : undefined) };
}

/** `const { A, B: C } = require(m)` (extendable) and `const ns = require(m)`, at the top of the file where every function sees them. */
function readRequire(j: JSCodeshift, call: ASTPath, entry: LibraryImports): LibraryImports {
  const declarator = parentOf(call);
  const declaration = declarator && parentOf(declarator);
  if (!declarator || !j.VariableDeclarator.check(declarator.node) || call.name !== 'init' || !j.Program.check(declaration && parentOf(declaration)?.node)) {
    return entry;
  }
  const { id } = declarator.node;
  if (j.Identifier.check(id)) return { ...entry, namespace: entry.namespace ?? id.name };
  if (!j.ObjectPattern.check(id)) return entry;
  const localNames = new Map(entry.localNames);
  for (const property of id.properties as ASTNode[]) {
    const key = getPlainPropertyKey(j, property);
    const value = (property as { value?: ASTNode }).value;
    if (key !== undefined && j.Identifier.check(value)) localNames.set(key, value.name);
  }
  return { ...entry, localNames, extendable: entry.extendable ?? (declarator.get('id') as ASTPath) };
}

/** `'ioredis'` in `require('ioredis')`. */
function getRequiredModule(j: JSCodeshift, node: ASTNode): string | undefined {
  if (!j.CallExpression.check(node) || !j.Identifier.check(node.callee) || node.callee.name !== 'require') return undefined;
  const [argument] = node.arguments;
  return argument ? getStaticString(j, argument) : undefined;
}

/** `'use strict'`, `import …`, `import x = require(…)`, `const x = require(…)`: the statements a new top-level constant goes after. */
function isImportStatement(j: JSCodeshift, statement: ASTNode): boolean {
  if (j.ImportDeclaration.check(statement) || j.TSImportEqualsDeclaration.check(statement)) return true;
  // Babel's ESTree mode keeps directives in the body.
  if (j.ExpressionStatement.check(statement) && typeof (statement as { directive?: unknown }).directive === 'string') return true;
  if (!j.VariableDeclaration.check(statement)) return false;
  return statement.declarations.every((declarator) => {
    let init = j.VariableDeclarator.check(declarator) ? declarator.init : undefined;
    while (j.MemberExpression.check(init)) init = init.object;
    return init !== undefined && init !== null && getRequiredModule(j, init) !== undefined;
  });
}

/** Names declared at the top of the file: imports, variables, functions, classes, enums. */
function getTopLevelNames(j: JSCodeshift, program: ASTNode): Set<string> {
  const names = new Set<string>();
  for (const statement of (program as { body: ASTNode[] }).body) {
    const declaration = (j.ExportNamedDeclaration.check(statement) && statement.declaration) || statement;
    const id = (declaration as { id?: ASTNode }).id;
    if (j.Identifier.check(id)) names.add(id.name);
    if (j.ImportDeclaration.check(declaration)) for (const specifier of declaration.specifiers ?? []) names.add(String(specifier.local?.name));
    if (j.VariableDeclaration.check(declaration)) {
      for (const declarator of declaration.declarations) {
        if (j.VariableDeclarator.check(declarator)) for (const name of getIdentifierNames(j, declarator.id)) names.add(name);
      }
    }
  }
  return names;
}

/** The quote of the file's first string literal, its line ending, and its indentation step. */
function getCodeStyle(j: JSCodeshift, root: Collection, source: string): CodeStyle {
  // Babel's TypeScript parser makes `StringLiteral`s (raw in `extra`), its JavaScript one ESTree `Literal`s.
  const literal = root.find(j.Literal).nodes().find((node) => getStaticString(j, node) !== undefined) as
    | (ASTNode & { raw?: string; extra?: { raw?: string } })
    | undefined;
  const quote = (literal?.raw ?? literal?.extra?.raw)?.startsWith('"') ? '"' : "'";
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  return { quote, eol, indentUnit: getIndentUnit(source) };
}

/** A tab when lines are indented with tabs, else the smallest indentation of a code line (not a `*` comment line), else two spaces. */
function getIndentUnit(source: string): string {
  let smallest: number | undefined;
  for (const line of source.split('\n')) {
    const indent = /^[ \t]*/.exec(line)![0];
    const rest = line.slice(indent.length);
    if (indent === '' || rest.trim() === '' || rest.startsWith('*')) continue;
    if (indent.startsWith('\t')) return '\t';
    smallest = Math.min(smallest ?? indent.length, indent.length);
  }
  return ' '.repeat(smallest ?? 2);
}

// --- syntax predicates ---------------------------------------------------------------------

/** `set` in `redis.set(…)` and `redis['set'](…)`. */
function getPropertyName(j: JSCodeshift, member: ASTNode): string | undefined {
  if (!j.MemberExpression.check(member)) return undefined;
  const { property } = member;
  if (!member.computed && j.Identifier.check(property)) return property.name;
  return member.computed ? getStaticString(j, property) : undefined;
}

/** `'EX'`, `"EX"`, `` `EX` ``. */
function getStaticString(j: JSCodeshift, node: ASTNode): string | undefined {
  if (j.StringLiteral.check(node)) return node.value;
  if (j.Literal.check(node) && typeof node.value === 'string') return node.value;
  if (j.TemplateLiteral.check(node) && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a` in `{ a: 1 }` and `{ 'a': 1 }`; nothing for computed keys, spreads and methods. */
function getPlainPropertyKey(j: JSCodeshift, property: ASTNode): string | undefined {
  if (!j.ObjectProperty.check(property) && !j.Property.check(property)) return undefined;
  if (property.computed) return undefined;
  return j.Identifier.check(property.key) ? property.key.name : getStaticString(j, property.key);
}

/** `redis`, `this.redis`, `this.#redis`: receivers that name the same client when written again. */
function isPlainReceiver(j: JSCodeshift, node: ASTNode): boolean {
  const receiver = unwrap(j, node);
  if (j.Identifier.check(receiver)) return true;
  return j.MemberExpression.check(receiver) && j.ThisExpression.check(receiver.object) && !receiver.computed;
}

/**
 * A variable holding a batch: `const pipeline = redis.pipeline()`, `const tx = client.multi()`.
 * Its commands are queued, not sent, so the `expire` is queued the same way.
 */
function isBatchVariable(context: FileContext, write: ASTPath, receiver: ASTNode): boolean {
  const { j } = context;
  if (!j.Identifier.check(receiver)) return false;
  const scope = (write as ASTPath & { scope?: { lookup(name: string): { getBindings(): Record<string, ASTPath[]> } | null } }).scope;
  const binding = scope?.lookup(receiver.name)?.getBindings()[receiver.name]?.[0];
  const declarator = binding && parentOf(binding)?.node;
  return j.VariableDeclarator.check(declarator) && declarator.init != null && startsFromBatch(j, declarator.init);
}

/** `redis.multi()`, `redis.pipeline().incr(k)`: a chain that starts with a batch method. */
function startsFromBatch(j: JSCodeshift, node: ASTNode): boolean {
  let current = unwrap(j, node);
  while (j.CallExpression.check(current) && j.MemberExpression.check(current.callee)) {
    if (BATCH_METHODS.has(getPropertyName(j, current.callee) ?? '')) return true;
    current = unwrap(j, current.callee.object);
  }
  return false;
}

/** `batch.exec()` (when `exec`), or any other method called on `batch`. */
function isBatchCall(j: JSCodeshift, call: ASTNode, batch: string, exec: boolean): boolean {
  if (!j.CallExpression.check(call) || !j.MemberExpression.check(call.callee)) return false;
  let receiver = unwrap(j, call.callee.object);
  while (!exec && j.CallExpression.check(receiver) && j.MemberExpression.check(receiver.callee)) receiver = unwrap(j, receiver.callee.object);
  if (!j.Identifier.check(receiver) || receiver.name !== batch) return false;
  return EXEC_METHOD.test(getPropertyName(j, call.callee) ?? '') === exec;
}

/** The call a chain goes on with: `w.next(…)` for the write `w`. */
function getChainedCall(j: JSCodeshift, expression: ASTPath): ASTPath | undefined {
  const member = parentOf(expression);
  if (!member || !j.MemberExpression.check(member.node) || expression.name !== 'object') return undefined;
  const call = parentOf(member);
  return call && j.CallExpression.check(call.node) && member.name === 'callee' ? call : undefined;
}

/**
 * Expressions that evaluate to the same key twice and change nothing: names, literals,
 * member reads, templates and operators over those. Calls, `new`, `++`, assignments,
 * `await` and tagged templates have side effects.
 */
function isPure(j: JSCodeshift, node: ASTNode | null | undefined): boolean {
  if (!node) return true;
  if (TRANSPARENT_WRAPPERS.has(node.type)) return isPure(j, (node as { expression: ASTNode }).expression);
  if (j.Identifier.check(node) || j.ThisExpression.check(node) || j.PrivateName.check(node)) return true;
  if (j.Literal.check(node) || j.StringLiteral.check(node) || j.NumericLiteral.check(node) || j.BigIntLiteral.check(node)) return true;
  if (j.BooleanLiteral.check(node) || j.NullLiteral.check(node)) return true;
  if (j.TemplateLiteral.check(node)) return node.expressions.every((expression) => isPure(j, expression as ASTNode));
  if (j.MemberExpression.check(node)) return isPure(j, node.object) && (!node.computed || isPure(j, node.property));
  if (j.BinaryExpression.check(node) || j.LogicalExpression.check(node)) return isPure(j, node.left) && isPure(j, node.right);
  if (j.ConditionalExpression.check(node)) return isPure(j, node.test) && isPure(j, node.consequent) && isPure(j, node.alternate);
  if (j.UnaryExpression.check(node)) return node.operator !== 'delete' && isPure(j, node.argument);
  return false;
}

function isFunction(j: JSCodeshift, node: ASTNode): boolean {
  return j.FunctionExpression.check(node) || j.ArrowFunctionExpression.check(node);
}

/** Whether a statement assigns (`=`, `+=`, `++`) any of `names`. */
function assignsAny(j: JSCodeshift, statement: ASTNode, names: ReadonlySet<string>): boolean {
  const assigned = (target: ASTNode) => j.Identifier.check(target) && names.has(target.name);
  return (
    j(statement).find(j.AssignmentExpression).some((path) => assigned(path.node.left)) ||
    j(statement).find(j.UpdateExpression).some((path) => assigned(path.node.argument))
  );
}

function getIdentifierNames(j: JSCodeshift, node: ASTNode): Set<string> {
  const names = new Set<string>();
  if (j.Identifier.check(node)) names.add(node.name);
  j(node).find(j.Identifier).forEach(({ node: identifier }) => void names.add(identifier.name));
  return names;
}

/** The nearest function around a statement, or the program: where a hoisted name must be new. */
function getEnclosingFunction(context: FileContext, statement: ASTPath): ASTNode {
  const { j } = context;
  for (let current = parentOf(statement); current; current = parentOf(current)) {
    if (j.Function.check(current.node)) return current.node;
  }
  return context.program.node;
}

function unwrap(j: JSCodeshift, node: ASTNode): ASTNode {
  let current = node;
  while (TRANSPARENT_WRAPPERS.has(current.type)) current = (current as { expression: ASTNode }).expression;
  return current;
}

/** Up through parentheses and type assertions around an expression. */
function climbWrappers(j: JSCodeshift, expression: ASTPath): ASTPath {
  let current = expression;
  for (let parent = parentOf(current); parent && TRANSPARENT_WRAPPERS.has(parent.node.type); parent = parentOf(current)) current = parent;
  return current;
}

// --- paths and text ------------------------------------------------------------------------

function parentOf(path: ASTPath): ASTPath | undefined {
  return (path.parent as ASTPath | null) ?? undefined;
}

/** The statements of the list a statement sits in (a block's body, a `case`'s consequent). */
function getSiblingStatements(statement: ASTPath): ASTNode[] | undefined {
  const list = statement.parentPath?.value as unknown;
  return Array.isArray(list) ? (list as ASTNode[]) : undefined;
}

function getSiblingPaths(statement: ASTPath): ASTPath[] | undefined {
  const listPath = statement.parentPath as ASTPath | undefined;
  const list = getSiblingStatements(statement);
  return list && listPath ? list.map((_, index) => listPath.get(index) as ASTPath) : undefined;
}

function startOf(node: ASTNode): number {
  return (node as unknown as { start: number }).start;
}

function endOf(node: ASTNode): number {
  return (node as unknown as { end: number }).end;
}

function textOf(source: string, node: ASTNode): string {
  return source.slice(startOf(node), endOf(node));
}

function insertAt(offset: number, text: string): Edit {
  return { start: offset, end: offset, text };
}

function endsWithSemicolon(source: string, node: ASTNode): boolean {
  return source[endOf(node) - 1] === ';';
}

/** The spaces and tabs (and line breaks) right before `offset`. */
function getWhitespaceBefore(source: string, offset: number): string {
  return /\s*$/.exec(source.slice(0, offset))![0];
}

function getWhitespaceAfter(source: string, offset: number): string {
  return /^\s*/.exec(source.slice(offset))![0];
}

/** The indentation of the line `offset` is on. */
function getLineIndent(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

function isFirstOnLine(source: string, offset: number): boolean {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return source.slice(lineStart, offset).trim() === '';
}

/**
 * Where a new line goes after a statement: the end of its line when only a comment
 * follows it there (the comment stays with the statement), else right after it.
 */
function getInsertionPointAfter(source: string, end: number): { offset: number; lineEnd: boolean } {
  const lineEnd = source.indexOf('\n', end);
  const stop = lineEnd === -1 ? source.length : lineEnd;
  const rest = source.slice(end, stop).replace(/\r$/, '');
  const trailing = /^[ \t]*(?:\/\/.*|\/\*(?:(?!\*\/).)*\*\/[ \t]*)?$/.exec(rest);
  if (!trailing) return { offset: end, lineEnd: false };
  return { offset: source[stop - 1] === '\r' ? stop - 1 : stop, lineEnd: true };
}

// --- outcomes --------------------------------------------------------------------------------

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function unfixable(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function rewrite(parts: Partial<Rewrite>): Outcome {
  return {
    ok: true,
    rewrite: { edits: parts.edits ?? [], around: parts.around ?? [], libraryNames: parts.libraryNames ?? [], hoisted: parts.hoisted },
  };
}
