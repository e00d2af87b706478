import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { ClientLibraryFacts, CommandDialect } from '../redis';
import { isCommandDialect, KEY_CREATING_COMMANDS } from '../redis';
import type { MethodCall } from './ast';
import { getEnclosingFunction, getPropertyName, isMethodCall, unwrapExpression } from './ast';
import type { ClientAnalysis } from './client-analysis';
import type { KeyShape } from './key-expiry';
import { getConstInit, getKeyShape, getSetExpiry, getStaticKeyPrefix, getWrittenKeys, isFixedKey, KeyLifetimeIndex } from './key-expiry';
import { isFiniteKey } from './key-finite-parts';
import { isDefinedThingKey } from './key-named-parts';
import { isCallerNamedKey } from './caller-named-keys';
import { findExpiryInSiblingBranch } from './key-branches';
import { isUpdateOfWalkedHash } from './key-updates';
import type { LifetimeKind, ManagedFamilies } from './key-families';
import { collectManagedFamilies, getBuilderName, getKeyFamily, isManagedIn } from './key-families';
import { isFamilyManagedInProject } from './project-key-families';

/**
 * Commands that create a key with its expiry in the same call (`setex`, node-redis `setEx`),
 * by lower-cased method name. `require-expiry` has nothing to say about them, so they are
 * not in `KEY_CREATING_COMMANDS`; `redis-leaks audit` lists them as writes with an expiry.
 */
export const EXPIRING_WRITE_COMMANDS: ReadonlySet<string> = new Set(['setex', 'psetex']);

/** In the write's own file, a family deleted, expired or emptied of members by another function is managed there. */
const ANY_LIFETIME: ReadonlySet<LifetimeKind> = new Set(['delete', 'expire', 'members']);

/** Longest key text shown to a reader (messages, audit reports). */
const MAX_KEY_TEXT = 60;

/**
 * What the code does about one written key's lifetime:
 * - `fixed`: one constant key, which cannot pile up;
 * - `finite`: its varying parts are declared with finite types (`group: 'db' | 'search'`, an enum): a few keys
 *   the code spells out, which cannot pile up either (key-finite-parts.ts), or they name a thing the code
 *   defines, such as a plugin or a queue (key-named-parts.ts);
 * - `callerNamed`: the function passes on a key its caller names (a wrapper's parameter), whose family
 *   and time to live are the caller's choice;
 * - `ignored`: its static prefix matches the user's `ignoreKeys` (meant to be permanent);
 * - `setOption`: `set` names an expiry (`'EX', 60`, `{ EX: 60 }`);
 * - `unknownOption`: `set` takes options the analysis cannot see into, so it stays silent;
 * - `expireAfter`: an `expire` (or a `getex` with an expiry) of the same key may run once the key exists;
 * - `deletedAfter`: the function deletes the key after the write (`del`, `unlink`, `getdel`), so it cannot pile up;
 * - `expiryInBranch`: another branch of an `if`, a `?:` or a `switch` around the write writes the same
 *   key with an expiry, so this branch's key without one is the caller's choice (`PXAT` given or not);
 * - `updatesExisting`: a hash write of fields of a hash the function has read and is walking
 *   (`for (const field of Object.keys(await redis.hgetall(key))) redis.hset(key, field, v)`): the hash
 *   exists, and HSET keeps its time to live;
 * - `expireBefore`: only `expire`s that surely run before the key's first write, which do nothing to a new key;
 * - `managedElsewhere`: keys of its family (its shape, varying parts aside: `{REDIS_PREFIX}iad:*`) are deleted,
 *   expired or emptied of members by another function of the file, or deleted or emptied by another file of
 *   the project: their lifetime is managed there;
 * - `none`: nothing gives it a time to live.
 */
export type KeyExpiry =
  | 'callerNamed'
  | 'deletedAfter'
  | 'expireAfter'
  | 'expireBefore'
  | 'expiryInBranch'
  | 'finite'
  | 'fixed'
  | 'ignored'
  | 'managedElsewhere'
  | 'none'
  | 'setOption'
  | 'unknownOption'
  | 'updatesExisting';

/** Where the analysed file is, so the rest of its project can be searched; without it, only the file is. */
export interface KeyWriteLocation {
  readonly filename: string;
  readonly cwd?: string;
}

export interface WrittenKey {
  readonly node: TSESTree.Node;
  readonly expiry: KeyExpiry;
}

/** A call of a key-creating command on a known Redis client (or one of its pipelines). */
export interface KeyWrite {
  readonly call: MethodCall;
  /** The method as written: `set`, `sAdd`, `HSET`. */
  readonly method: string;
  /** The method lower-cased, as listed in `KEY_CREATING_COMMANDS`. */
  readonly command: string;
  readonly dialect: CommandDialect;
  /** The client's library, whose facts a fix follows (its transport, version, exports). */
  readonly library: ClientLibraryFacts;
  /** Whether the call is queued in a pipeline or transaction rather than sent by the client. */
  readonly batch: boolean;
  /** Every key the call names, in order; empty when the analysis cannot see them (`mset(pairs)`). */
  readonly keys: readonly WrittenKey[];
}

/** Whether keys of this kind pile up: they vary and nothing the analysis sees gives them a time to live. */
export function isMissingExpiry(expiry: KeyExpiry): expiry is 'expireBefore' | 'none' {
  return expiry === 'none' || expiry === 'expireBefore';
}

/**
 * Whether the code gives the key a time to live, as far as the analysis sees (options it cannot read
 * count as one: it stays silent). A key deleted later or left without one by choice has no time to live.
 */
export function hasExpiry(expiry: KeyExpiry): expiry is 'expireAfter' | 'setOption' | 'unknownOption' {
  return expiry === 'setOption' || expiry === 'unknownOption' || expiry === 'expireAfter';
}

/**
 * The one decision of `require-expiry`, shared with `redis-leaks audit`: which calls
 * write keys on a Redis client, and what gives each key its expiry. One per file.
 */
export class KeyWriteAnalysis {
  private readonly lifetimes: KeyLifetimeIndex;
  private managedFamilies: ManagedFamilies | undefined;

  constructor(
    private readonly sourceCode: Readonly<SourceCode>,
    private readonly clients: ClientAnalysis,
    /** Tested against a key's static prefix (the rule's `ignoreKeys`). */
    private readonly ignoreKeys: readonly RegExp[] = [],
    private readonly location?: KeyWriteLocation,
  ) {
    this.lifetimes = new KeyLifetimeIndex(sourceCode, (call, method) => this.isClientCall(call, method));
  }

  /** The key write a call is, or `undefined` when it is no key-creating command on a known client. */
  getKeyWrite(node: TSESTree.CallExpression): KeyWrite | undefined {
    if (!isMethodCall(node)) return undefined;
    const method = getPropertyName(node.callee);
    const command = method?.toLowerCase();
    // The cheap name test comes before the client lookup, which follows data flow.
    if (method === undefined || command === undefined || !KEY_CREATING_COMMANDS.has(command)) return undefined;
    const client = this.getClient(node, method);
    if (client === undefined) return undefined;
    const { dialect } = client;
    const setExpiry = command === 'set' ? getSetExpiry(node, dialect) : 'absent';
    const keys = (getWrittenKeys(node, command) ?? []).map((key) => ({ node: key, expiry: this.getKeyExpiry(node, command, key, setExpiry) }));
    return { call: node, method, command, ...client, keys };
  }

  /**
   * A call of a command that writes its key with an expiry ({@link EXPIRING_WRITE_COMMANDS})
   * on a known client, or `undefined`. Its keys are `setOption`, or `fixed` when constant.
   * Not a `require-expiry` decision: the rule never looks at these calls.
   */
  getExpiringKeyWrite(node: TSESTree.CallExpression): KeyWrite | undefined {
    if (!isMethodCall(node)) return undefined;
    const method = getPropertyName(node.callee);
    const command = method?.toLowerCase();
    if (method === undefined || command === undefined || !EXPIRING_WRITE_COMMANDS.has(command)) return undefined;
    const client = this.getClient(node, method);
    if (client === undefined) return undefined;
    const key = node.arguments[0];
    if (!key || key.type === AST_NODE_TYPES.SpreadElement) return { call: node, method, command, ...client, keys: [] };
    return { call: node, method, command, ...client, keys: [{ node: key, expiry: isFixedKey(this.sourceCode, key) ? 'fixed' : 'setOption' }] };
  }

  /** The key's literal text around its varying parts, constants folded in (`['order:', ':items']` for `` `order:${id}:items` ``). */
  getKeyShape(key: TSESTree.Node): KeyShape {
    return getKeyShape(this.sourceCode, key);
  }

  /** The literal text before the key's first varying part, constants folded in (`sess:` for `` `sess:${id}` ``). */
  getKeyPrefix(key: TSESTree.Node): string {
    return getStaticKeyPrefix(this.sourceCode, key);
  }

  /** The key as written, on one line, shortened, without a template literal's backticks (they would break a code span). */
  getKeyText(key: TSESTree.Node): string {
    const oneLine = this.sourceCode
      .getText(key)
      .replace(/\s+/g, ' ')
      .replace(/^`(.*)`$/, '$1');
    return oneLine.length > MAX_KEY_TEXT ? `${oneLine.slice(0, MAX_KEY_TEXT - 1)}…` : oneLine;
  }

  private getKeyExpiry(call: MethodCall, command: string, key: TSESTree.Node, setExpiry: ReturnType<typeof getSetExpiry>): KeyExpiry {
    if (isFixedKey(this.sourceCode, key)) return 'fixed';
    if (isFiniteKey(this.sourceCode, key) || isDefinedThingKey(this.sourceCode, key, getEnclosingFunction(call))) return 'finite';
    if (isCallerNamedKey(this.sourceCode, key, getEnclosingFunction(call))) return 'callerNamed';
    if (this.ignoreKeys.length > 0 && this.isIgnored(key)) return 'ignored';
    if (setExpiry === 'present') return 'setOption';
    if (setExpiry === 'unknown') return 'unknownOption';
    const lifetime = this.lifetimes.getLifetime(call, key);
    if (lifetime === 'expireAfter' || lifetime === 'deletedAfter') return lifetime;
    if (findExpiryInSiblingBranch(this.sourceCode, call, key, (other) => this.writesWithExpiry(other))) return 'expiryInBranch';
    if (lifetime === 'none' && isUpdateOfWalkedHash(this.sourceCode, call, command, key)) return 'updatesExisting';
    if (lifetime === 'none' && this.isFamilyManagedElsewhere(call, key)) return 'managedElsewhere';
    return lifetime;
  }

  /** Keys of the write's family deleted or expired outside its function: in the file, then in the project. */
  private isFamilyManagedElsewhere(call: MethodCall, key: TSESTree.Node): boolean {
    const family = getKeyFamily(this.sourceCode, key);
    if (family === undefined) return false;
    this.managedFamilies ??= collectManagedFamilies(this.sourceCode);
    if (isManagedIn(this.managedFamilies, family, ANY_LIFETIME, getEnclosingFunction(call) ?? this.sourceCode.ast)) return true;
    // `const key = nonceHistoryKey(chain, wallet)` before the write: the builder is named where the key is made.
    const written = unwrapExpression(key);
    const made = written.type === AST_NODE_TYPES.Identifier ? getConstInit(this.sourceCode, written) : undefined;
    return this.location !== undefined && isFamilyManagedInProject(this.location.filename, this.location.cwd, family, getBuilderName(made ?? key));
  }

  /** The command dialect of the client a call runs on, or `undefined` when it is no known Redis client. */
  private getDialect(call: MethodCall, method: string): CommandDialect | undefined {
    return this.getClient(call, method)?.dialect;
  }

  /** The client a call runs on, when it is a known Redis client: its library, dialect, and whether the call is batched. */
  private getClient(call: MethodCall, method: string): Pick<KeyWrite, 'batch' | 'dialect' | 'library'> | undefined {
    const client = this.clients.getClientOf(call.callee.object, method);
    const dialect = client?.library.dialect;
    return client && dialect !== undefined && isCommandDialect(dialect) ? { dialect, library: client.library, batch: client.batch } : undefined;
  }

  private isClientCall(call: MethodCall, method: string): boolean {
    return this.getDialect(call, method) !== undefined;
  }

  /** A write on a client that names an expiry: `set` with `'PXAT', at` or `{ EX: 60 }`, `setex`, `psetex`. */
  private writesWithExpiry(call: MethodCall): boolean {
    const method = getPropertyName(call.callee);
    const command = method?.toLowerCase();
    if (method === undefined || command === undefined || (command !== 'set' && !EXPIRING_WRITE_COMMANDS.has(command))) return false;
    const dialect = this.getDialect(call, method);
    return dialect !== undefined && (command !== 'set' || getSetExpiry(call, dialect) === 'present');
  }

  private isIgnored(key: TSESTree.Node): boolean {
    const prefix = this.getKeyPrefix(key);
    return this.ignoreKeys.some((pattern) => pattern.test(prefix));
  }
}
