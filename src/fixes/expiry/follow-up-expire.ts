import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { ClientAnalysis, KeyWrite } from '../../analysis';
import type { MethodCall } from '../../analysis/ast';
import { unwrapExpression } from '../../analysis/ast';
import { MULTI_KEY_COMMANDS } from '../../redis';
import { endsWithSemicolon, getWhitespaceAfter } from '../code-style';
import type { Outcome, TextEdit } from '../outcome';
import { cannotFix, insertAt, ok } from '../outcome';
import { findExecBeyondQueuedCommands, getChainedCall, getChainRoot, isChainedToPromise, isExecCall, startsFromBatch } from './batch-chain';
import { getKeyReference } from './key-hoist';
import { isPlainReceiver } from './receivers';
import type { AroundStatement } from './statements';
import { findEnclosingStatement, getAroundEdits, getStatementSlot, getWriteStatement } from './statements';

export interface FollowUpExpireRequest {
  readonly sourceCode: Readonly<SourceCode>;
  readonly clients: ClientAnalysis;
  readonly write: KeyWrite;
  readonly key: TSESTree.Node;
  /** The filled-in arguments after the key: `86400, 'NX'`. */
  readonly expireArguments: string;
}

/**
 * Every write but `set` is followed by `expire(key, ttl, 'NX')`: NX sets a TTL only on a key
 * that has none, so a TTL the key already has is kept.
 * - as a statement after the write's statement, or before the batch's `exec()` (see {@link getStatementEdits})
 * - as a link before `.exec()` in a `multi()`/`pipeline()` chain (see {@link getChainEdits})
 */
export function getFollowUpExpireEdits(request: FollowUpExpireRequest): Outcome<TextEdit[]> {
  const { write, key } = request;
  if (MULTI_KEY_COMMANDS.has(write.command) && write.keys.length !== 1) {
    return cannotFix(`this \`${write.method}\` writes several keys; give each one that needs it an \`expire\` by hand`);
  }
  // `mSet({ name: v })` writes the key `'name'`, which the identifier alone does not say.
  if (key.parent?.type === AST_NODE_TYPES.Property && key.parent.key === key && !key.parent.computed) {
    return cannotFix('the key of this write is not an argument of its own');
  }
  return isQueuedInChain(write) ? getChainEdits(request) : getStatementEdits(request);
}

/**
 * A write whose value is its batch: queued in a `multi()`/`pipeline()` chain, or continued by more
 * commands (`pipeline.lpush(k, m).ltrim(k, 0, 99)`). A sent command's promise goes on with `then`.
 * (Typed mode knows a client by its type, not its batches: the chain's own batch method tells.)
 */
function isQueuedInChain(write: KeyWrite): boolean {
  const queued = write.batch || startsFromBatch(write.call, write.library.batchMethods);
  if (!queued || isChainedToPromise(write.call)) return false;
  return getChainedCall(write.call) !== undefined || !isPlainReceiver(write.call.callee.object);
}

/**
 * `await redis.sadd(key, m);` → followed by `await redis.expire(key, ttl, 'NX');`
 * - the same form as the write: `await`, `void`, or neither; `const n = redis.incr(k)` gets `void`
 * - a batch in a variable (`pipeline.sadd(k, m);`) gets `pipeline.expire(…);`, before its `exec()`
 *   when other commands are queued in between, so their results keep their places
 * - a braceless `if (x) await redis.rpush(k, v);` becomes a block
 * - a key with side effects (`keyFor(id)`, `i++`) is hoisted into a `const` first
 */
function getStatementEdits({ sourceCode, write, key, expireArguments }: FollowUpExpireRequest): Outcome<TextEdit[]> {
  const placed = getWriteStatement(write.call);
  if (!placed) return cannotFix('the write is part of a larger expression (an arrow body, a `return`, an argument), so no `expire` statement can follow it');
  const { statement, form } = placed;
  if (!getStatementSlot(statement)) return cannotFix('the write is not in a block where a statement can follow it');
  const receiver = unwrapExpression(write.call.callee.object);
  if (!isPlainReceiver(receiver)) return cannotFix('the client is not a variable or a `this` field, so the `expire` cannot name it again');
  if (!write.batch && form !== 'await' && write.library.transport === 'http') {
    return cannotFix('an HTTP client sends requests that are not awaited in any order, so an `expire` after this write may arrive first');
  }
  const reference = getKeyReference(sourceCode, write.call, key, statement);
  if (!reference.ok) return reference;
  const { keyText, declaration } = reference.value;
  const prefix = write.batch ? '' : { await: 'await ', void: 'void ', bare: '' }[form];
  const expire = `${prefix}${sourceCode.getText(receiver)}.expire(${keyText}, ${expireArguments})${getSemicolon(sourceCode, statement)}`;
  const exec = write.batch && receiver.type === AST_NODE_TYPES.Identifier ? findExecBeyondQueuedCommands(sourceCode, statement, receiver.name, key) : undefined;
  const around: AroundStatement[] = exec
    ? [{ statement, before: toList(declaration) }, { statement: exec, before: [expire] }]
    : [{ statement, before: toList(declaration), after: [expire] }];
  return ok([...reference.value.edits, ...around.flatMap((entry) => getAroundEdits(sourceCode, entry))]);
}

/**
 * `redis.multi().hset(k, f, v).exec()` → `redis.multi().hset(k, f, v).expire(k, ttl, 'NX').exec()`:
 * the `expire` goes right before `exec()`, so the results of the chain's commands keep their
 * indexes. A chain with no `exec()` gets it at its end, or, for `pipeline.lpush(…).ltrim(…);`
 * with more commands queued on `pipeline` later, as `pipeline.expire(…);` before its `exec()`.
 * The line break and indentation before `.exec` are copied.
 */
function getChainEdits({ sourceCode, clients, write, key, expireArguments }: FollowUpExpireRequest): Outcome<TextEdit[]> {
  let last: MethodCall = write.call;
  let next = getChainedCall(last);
  while (next && !isExecCall(next)) {
    last = next;
    next = getChainedCall(last);
  }
  const statement = findEnclosingStatement(last);
  const reference = getKeyReference(sourceCode, write.call, key, statement);
  if (!reference.ok) return reference;
  const { keyText, declaration, edits } = reference.value;
  const hoist: AroundStatement[] = statement && declaration ? [{ statement, before: [declaration] }] : [];
  const batch = next || !statement ? undefined : getChainBatchVariable(clients, write.call, last, statement);
  const exec = batch && findExecBeyondQueuedCommands(sourceCode, statement!, batch.name, key);
  if (exec) {
    const expire = `${batch!.name}.expire(${keyText}, ${expireArguments})${getSemicolon(sourceCode, statement!)}`;
    return ok([...edits, ...[...hoist, { statement: exec, before: [expire] }].flatMap((entry) => getAroundEdits(sourceCode, entry))]);
  }
  // The line break and indentation before `.exec` (or before the write's own `.method`), for a chain laid out one call per line.
  const link = next ? next.callee : write.call.callee;
  const gap = getWhitespaceAfter(sourceCode.text, link.object.range[1]);
  const linkEdit = insertAt(last.range[1], `${gap}.expire(${keyText}, ${expireArguments})`);
  return ok([...edits, ...hoist.flatMap((entry) => getAroundEdits(sourceCode, entry)), linkEdit]);
}

/** `pipeline` in the statement `pipeline.lpush(k, m).ltrim(k, 0, 99);`, when it holds a batch. */
function getChainBatchVariable(clients: ClientAnalysis, write: MethodCall, last: MethodCall, statement: TSESTree.Statement): TSESTree.Identifier | undefined {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression !== last) return undefined;
  const root = getChainRoot(write);
  return root.type === AST_NODE_TYPES.Identifier && clients.getClientOf(root)?.batch === true ? root : undefined;
}

function getSemicolon(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node): string {
  return endsWithSemicolon(sourceCode.text, statement) ? ';' : '';
}

function toList(line: string | undefined): string[] {
  return line === undefined ? [] : [line];
}
