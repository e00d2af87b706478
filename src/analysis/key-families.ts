import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { EXPIRE_COMMANDS } from '../redis';
import type { FunctionNode } from './ast';
import { forEachDescendant, getEnclosingFunction, getKeyName, getPropertyName, getStaticString, isFunction, isWithin, unwrapExpression } from './ast';
import { getReturnedExpressions } from './function-summaries';
import { getConstInit, getKeyShape, getReferencedBuiltKey, hasGetexExpiry } from './key-expiry';
import { comesFromListing } from './listed-keys';
import { collectScriptedCommands, readEvalLifetime } from './scripted-commands';

/*
 * A key family is the shape of a key with its varying parts as `*`: `` `${REDIS_PREFIX}iad:${account}` ``
 * and `this.getAccountKey()` (returning that template) are both `{REDIS_PREFIX}iad:*`. When code
 * somewhere deletes or expires keys of a family, their lifetime is managed there (an account's keys
 * go with the account, an export's hash got its TTL when it was created), and a write of the family
 * elsewhere is not a key that piles up unseen.
 */

/** Literal characters a family needs to be told apart from others (`*:*` is every key); a named constant counts as its name. */
const MIN_FAMILY_LITERAL = 3;
/** Commands that end a key's life, by lower-cased method name. */
const DELETE_COMMANDS: ReadonlySet<string> = new Set(['del', 'unlink', 'getdel']);
/**
 * Commands that take members out of a collection (a key with none left is gone) or cut it to a
 * length: a queue drained by a worker, an index pruned by score, a log trimmed to its last lines.
 */
const MEMBER_REMOVING_COMMANDS: ReadonlySet<string> = new Set([
  'srem', 'spop', 'smove', 'zrem', 'zremrangebyscore', 'zremrangebyrank', 'zremrangebylex', 'zpopmin', 'zpopmax', 'bzpopmin', 'bzpopmax', 'zmpop', 'bzmpop',
  'lpop', 'rpop', 'blpop', 'brpop', 'lmpop', 'blmpop', 'ltrim', 'lrem', 'rpoplpush', 'brpoplpush', 'lmove', 'blmove', 'hdel', 'xtrim', 'xdel',
]);
/** Commands that list keys by a glob pattern, which code deletes or expires when it also has those commands. */
const PATTERN_COMMANDS: ReadonlySet<string> = new Set(['keys', 'scan', 'scanstream', 'scaniterator', 'sscan']);

/** The key's family, or `undefined` when too little of it is literal to tell it from others. */
export function getKeyFamily(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): string | undefined {
  const shape = getKeyShape(sourceCode, key);
  return toFamily(shape.map((piece) => piece.replace(/\*/g, '\\*'))) ?? getBuilderFamily(sourceCode, key, shape);
}

/**
 * A key made by a builder no file shows (`Keys.projectHistoryOps({ project_id })`, from settings
 * the code is handed), handed only what names the entity (ids, an object of them): its family is
 * the builder's name, as `projectHistoryOps()`, which a deletion elsewhere names the same way. A
 * builder handed text of the key (`keyFromParts(indexPrefix, id)`, `buildKey('sess', id)`) joins
 * parts, and its name says nothing of the family; nor does a name as short as `key()`.
 */
function getBuilderFamily(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, shape: readonly string[]): string | undefined {
  const written = unwrapExpression(key);
  // `const key = Keys.projectNotificationTimestamp({ project_id })` before `del(key)`
  const init = written.type === AST_NODE_TYPES.Identifier ? getConstInit(sourceCode, written) : undefined;
  const node = init ? unwrapExpression(init) : written;
  const name = getBuilderName(node);
  if (node.type !== AST_NODE_TYPES.CallExpression || shape.join('') !== '' || name === undefined || name.length < MIN_BUILDER_NAME) return undefined;
  const handedText = node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement || getKeyShape(sourceCode, argument).join('') !== '');
  return handedText ? undefined : `${name}()`;
}

/** `profileKey` of `profileKey(id)` and of `keys.profileKey(id)`: the name of the builder a key comes from, which other code calls to build the same key. */
export function getBuilderName(key: TSESTree.Node): string | undefined {
  const node = unwrapExpression(key);
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(node.callee);
  return callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
}

/** `key()`, `get()`: too common a name to stand for one family. */
const MIN_BUILDER_NAME = 4;

function toFamily(pieces: readonly string[]): string | undefined {
  const family = pieces.join('*');
  const literal = family.replace(/[*:._\-/|{}]/g, '');
  return literal.length >= MIN_FAMILY_LITERAL && /[A-Za-z]/.test(literal) ? family : undefined;
}

/**
 * How code manages a family's lifetime: it deletes its keys, gives them a time to live, or takes
 * their members out (`srem`, `zremrangebyscore`, `lpop`, `ltrim`, `hdel`, …).
 */
export type LifetimeKind = 'delete' | 'expire' | 'members';

/** Where a family's lifetime is managed in one file: the calls, to leave out those of the write's own function. */
export interface ManagedFamilies {
  /** Families managed, with the kind and the function of each call (`undefined`: the module's top level). */
  readonly exact: ReadonlyMap<string, readonly { readonly kind: LifetimeKind; readonly in: FunctionNode | undefined }[]>;
  /** Glob patterns of `keys`/`scan` whose found keys the code deletes, expires or trims: managed, as a sweep does. */
  readonly patterns: readonly RegExp[];
}

/** Every family a file deletes, expires or takes members out of. */
export function collectManagedFamilies(sourceCode: Readonly<SourceCode>): ManagedFamilies {
  const exact = new Map<string, { kind: LifetimeKind; in: FunctionNode | undefined }[]>();
  const patterns: { readonly pattern: string; readonly listing: TSESTree.CallExpression }[] = [];
  const lifetimeCalls: { readonly call: TSESTree.CallExpression; readonly command: string }[] = [];
  const scripted = collectScriptedCommands(sourceCode);
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = getPropertyName(node.callee);
    const command = method?.toLowerCase();
    if (method === undefined || command === undefined) return undefined;
    const args = node.arguments.filter((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && !isFunction(argument));
    const script = scripted.get(method);
    if (PATTERN_COMMANDS.has(command)) {
      const pattern = getMatchPattern(sourceCode, command, args);
      if (pattern !== undefined) patterns.push({ pattern, listing: node });
      return undefined;
    }
    // `del(...keys)` of a scan, or each listed key trimmed (`zremrangebyrank(key, 0, -max)`)
    if (DELETE_COMMANDS.has(command) || EXPIRE_COMMANDS.has(command) || MEMBER_REMOVING_COMMANDS.has(command)) lifetimeCalls.push({ call: node, command });
    const managed = script
      ? { kind: script.kind, keys: args.slice(0, script.numberOfKeys) }
      : command === 'eval'
        ? getEvalManagedKeys(sourceCode, node)
        : getManagedKeys(sourceCode, node, command, args);
    if (!managed) return undefined;
    for (const key of managed.keys) {
      const family = getKeyFamily(sourceCode, key);
      if (family === undefined) continue;
      const where = exact.get(family) ?? [];
      where.push({ kind: managed.kind, in: getEnclosingFunction(node) });
      exact.set(family, where);
    }
    return undefined;
  });
  // A sweep deletes, expires or trims the keys it listed: a listing beside a queue it pops, or an
  // index it prunes by the listed names (`srem('online', name)`), is no sweep.
  const swept = patterns.filter(({ listing }) =>
    lifetimeCalls.some(({ call, command }) => getKeysOfLifetimeCall(call, command).some((key) => comesFromListing(sourceCode, key, listing))),
  );
  return { exact, patterns: swept.flatMap(({ pattern }) => toGlob(pattern) ?? []) };
}

/** The keys a delete (all its arguments), an expire or a member removal (its first) ends or trims. */
function getKeysOfLifetimeCall(call: TSESTree.CallExpression, command: string): readonly TSESTree.CallExpressionArgument[] {
  return DELETE_COMMANDS.has(command) ? call.arguments : call.arguments.slice(0, 1);
}

/**
 * Whether a family is managed in the file in one of `kinds`, by a call outside `exceptIn` (the
 * write's own function, judged on its own).
 */
export function isManagedIn(families: ManagedFamilies, family: string, kinds: ReadonlySet<LifetimeKind>, exceptIn?: FunctionNode | TSESTree.Program): boolean {
  const isOutside = ({ kind, in: fn }: { readonly kind: LifetimeKind; readonly in: FunctionNode | undefined }) =>
    kinds.has(kind) && (exceptIn === undefined || (fn === undefined ? exceptIn.type !== AST_NODE_TYPES.Program : !isWithin(fn, exceptIn)));
  if (families.exact.get(family)?.some(isOutside) || families.patterns.some((pattern) => pattern.test(family))) return true;
  // `del(keyFor(kind, id))` manages `keyFor('last-check', id)`: a varying part of the managed family stands for one varying part or one literal segment.
  for (const [managed, calls] of families.exact) {
    if (managed.includes('*') && calls.some(isOutside) && toSegmentGlob(managed).test(family)) return true;
  }
  return false;
}

/**
 * A family as a pattern whose varying parts (`*`) each match one varying part of another family, or
 * a run of literal text without a separator (`:`, `.`, `/`): `app:*:*` matches `app:last-check:*`,
 * not `app:weekly-*:*` or `app:a.b:*`.
 */
function toSegmentGlob(family: string): RegExp {
  let glob = segmentGlobs.get(family);
  if (!glob) {
    glob = new RegExp(`^${family.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('(?:\\*|[^*:./]+)')}$`);
    segmentGlobs.set(family, glob);
    if (segmentGlobs.size > MAX_SEGMENT_GLOBS) segmentGlobs.delete(segmentGlobs.keys().next().value!);
  }
  return glob;
}

const segmentGlobs = new Map<string, RegExp>();
const MAX_SEGMENT_GLOBS = 4096;

/** The keys a call manages, and how: all of a delete's, a member removal's key-like arguments, an expire's first, a `set` or `getex` with a time's first. */
function getManagedKeys(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression, command: string, args: readonly TSESTree.Node[]): { kind: LifetimeKind; keys: TSESTree.Node[] } | undefined {
  if (DELETE_COMMANDS.has(command)) return { kind: 'delete', keys: call.arguments.flatMap((argument) => getDeletedKeys(sourceCode, argument, 0)) };
  // Keys come first, but `zmpop(2, a, b, 'MIN')` and `blpop(a, b, 0)` name several: any argument with a family is one.
  if (MEMBER_REMOVING_COMMANDS.has(command)) return { kind: 'members', keys: [...args] };
  const [key] = args;
  if (!key) return undefined;
  const expires = EXPIRE_COMMANDS.has(command) || (command === 'getex' && hasGetexExpiry(call as never)) || (command === 'set' && args.slice(2).some(namesExpiry));
  return expires ? { kind: 'expire', keys: [key] } : undefined;
}

/** The keys an `eval` of a script of the file deletes or expires (`eval(CLEANUP_LUA, 2, sessionKey(id), pointerKey)`). */
function getEvalManagedKeys(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): { kind: LifetimeKind; keys: TSESTree.Node[] } | undefined {
  const lifetime = readEvalLifetime(sourceCode, call);
  if (!lifetime) return undefined;
  return { kind: lifetime.kind, keys: lifetime.keys.flatMap((key) => (lifetime.kind === 'delete' ? getDeletedKeys(sourceCode, key, 0) : [key])) };
}

/** Lists of keys followed through `const`s and `map` calls at most this deep. */
const MAX_KEY_LIST_DEPTH = 2;

/**
 * The keys a delete's argument names: itself, the elements of an array (`del([a, b])`, `del(...keys)`
 * with `const keys = [a, b]`), or what a `map`/`flatMap` callback returns for each item:
 * `ids.map((id) => \`sess:${id}\`)`, `wallets.flatMap((w) => [nonceKey(w), historyKey(w)])`, or a
 * key builder of the file handed as the callback (`queueIds.map(this.detailsKey)`).
 */
function getDeletedKeys(sourceCode: Readonly<SourceCode>, argument: TSESTree.Node, depth: number): TSESTree.Node[] {
  if (argument.type === AST_NODE_TYPES.SpreadElement) return getDeletedKeys(sourceCode, argument.argument, depth);
  if (isFunction(argument)) return [];
  const node = unwrapExpression(argument);
  if (depth >= MAX_KEY_LIST_DEPTH) return [argument];
  if (node.type === AST_NODE_TYPES.ArrayExpression) return node.elements.flatMap((element) => (element === null ? [] : getDeletedKeys(sourceCode, element, depth + 1)));
  const init = node.type === AST_NODE_TYPES.Identifier ? getConstInit(sourceCode, node) : undefined;
  const list = init && unwrapExpression(init);
  // `const keys = [a, b]` or `const keys = ids.map(…)`: a list; any other `const` is the key itself (its text is read through it).
  if (list && (list.type === AST_NODE_TYPES.ArrayExpression || getMappedKeys(sourceCode, list) !== undefined)) return getDeletedKeys(sourceCode, list, depth + 1);
  // `profileId ? profileKey(profileId) : ''`, held in a `const` or not: either key, or none
  const choice = list?.type === AST_NODE_TYPES.ConditionalExpression ? list : node.type === AST_NODE_TYPES.ConditionalExpression ? node : undefined;
  if (choice) return [choice.consequent, choice.alternate].filter((branch) => getStaticString(unwrapExpression(branch)) !== '').flatMap((branch) => getDeletedKeys(sourceCode, branch, depth + 1));
  return getMappedKeys(sourceCode, node) ?? [argument];
}

/** What a `map`/`flatMap` callback returns for each item, as keys; `undefined` when `node` is no such call. */
function getMappedKeys(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): TSESTree.Node[] | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(node.callee);
  const [callback] = node.arguments;
  if ((method !== 'map' && method !== 'flatMap') || !callback || callback.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (!isFunction(callback)) {
    const built = getReferencedBuiltKey(sourceCode, callback);
    return built ? [built] : undefined;
  }
  // An `async` callback gives promises, a generator iterators: no key is in the list.
  if (callback.async || callback.generator) return [];
  const { returned } = getReturnedExpressions(sourceCode, callback);
  return returned.flatMap((result) => {
    const value = unwrapExpression(result);
    return value.type === AST_NODE_TYPES.ArrayExpression ? value.elements.filter((element): element is TSESTree.Expression => element !== null && element.type !== AST_NODE_TYPES.SpreadElement) : [result];
  });
}

/** `'EX'`, `'PX'`, `'EXAT'`, `'PXAT'` tokens, or an options object with `EX`, `PX`, `ex`, `px` or `expiration`. */
function namesExpiry(argument: TSESTree.Node): boolean {
  const node = unwrapExpression(argument);
  const token = getStaticString(node)?.toUpperCase();
  if (token !== undefined) return /^P?EX(?:AT)?$/.test(token);
  return node.type === AST_NODE_TYPES.ObjectExpression && node.properties.some((property) => /^(?:p?ex(?:at)?|expiration)$/i.test(getKeyName(property as TSESTree.Property) ?? ''));
}

/** The glob of `keys(pattern)`, `scan(cursor, 'MATCH', pattern)`, `scanStream({ match })`, `scanIterator({ MATCH })`. */
function getMatchPattern(sourceCode: Readonly<SourceCode>, command: string, args: readonly TSESTree.Node[]): string | undefined {
  if (command === 'keys') return args[0] && getKeyShape(sourceCode, args[0]).join('*');
  for (const [index, argument] of args.entries()) {
    const token = getStaticString(argument);
    if (token?.toLowerCase() === 'match' && args[index + 1]) return getKeyShape(sourceCode, args[index + 1]!).join('*');
    const options = unwrapExpression(argument);
    if (options.type !== AST_NODE_TYPES.ObjectExpression) continue;
    const match = options.properties.find((property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && getKeyName(property)?.toLowerCase() === 'match');
    if (match) return getKeyShape(sourceCode, match.value).join('*');
  }
  return undefined;
}

/** A glob as a regular expression over family text (where `*` stands for a varying part); too broad a glob: none. */
function toGlob(pattern: string): RegExp | undefined {
  if (toFamily([pattern]) === undefined) return undefined;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}
