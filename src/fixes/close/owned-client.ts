import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from '../../analysis/ast';
import { climbToValueHolder, getEnclosingFunction, getPropertyName, getValueParent } from '../../analysis/ast';
import type { ClientLibraryFacts } from '../../redis';
import { PASS_THROUGH_METHODS } from '../../redis';
import type { Outcome } from '../outcome';
import { cannotFix, ok } from '../outcome';

/** A client held by a `const`/`let` declaration statement that sits directly in a block. */
export interface OwnedClient {
  readonly name: string;
  readonly variable: Scope.Variable;
  readonly declaration: TSESTree.VariableDeclaration;
  readonly block: TSESTree.BlockStatement;
  /** The function the block belongs to: it decides whether the close can be awaited. */
  readonly owner: FunctionNode | undefined;
}

const IN_EXPRESSION =
  'the client is used inside a larger expression (`new Redis(url).get(key)`), so no variable holds it to close: assign it to a `const` first';
const DROPPED = 'the client is opened and dropped (`new Redis(url);`), so no variable holds it to close: assign it to a `const` first';
const ASSIGNED_ELSEWHERE =
  'the client is assigned to a variable declared elsewhere: declare it where it is opened (`const client = …`) or add the `try`/`finally` by hand';
const DESTRUCTURED = 'the client is destructured, so no variable holds it to close: assign it to a `const` first';

/**
 * Climbs from the expression that opens a client to the declaration statement that holds it:
 * through `await`, type assertions, pass-through calls (`.on('error', f)`) and node-redis'
 * awaited `.connect()`.
 */
export function findOwnedClient(sourceCode: Readonly<SourceCode>, creation: TSESTree.Node, library: ClientLibraryFacts): Outcome<OwnedClient> {
  const { outer, parent } = climbToValueHolder(creation, (member) => getPassThroughCall(member, library));
  // createClient().on('error', f) … then a method that does not give the client back
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) return cannotFix(IN_EXPRESSION);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer) return findDeclarationStatement(sourceCode, parent);
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) return cannotFix(ASSIGNED_ELSEWHERE);
  return cannotFix(parent?.type === AST_NODE_TYPES.ExpressionStatement ? DROPPED : IN_EXPRESSION);
}

/** The call whose callee is `member`, when it gives the same client back. */
function getPassThroughCall(member: TSESTree.MemberExpression, library: ClientLibraryFacts): TSESTree.CallExpression | undefined {
  const call = member.parent;
  const method = getPropertyName(member);
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || method === undefined) return undefined;
  if (PASS_THROUGH_METHODS.has(method)) return call;
  // node-redis: `await client.connect()` resolves to the client; unawaited, it is a promise.
  const awaited = getValueParent(call).parent?.type === AST_NODE_TYPES.AwaitExpression;
  return method === 'connect' && library.connectReturnsClient && awaited ? call : undefined;
}

// const client = new Redis();
// let client = await createClient().connect();
function findDeclarationStatement(sourceCode: Readonly<SourceCode>, declarator: TSESTree.VariableDeclarator): Outcome<OwnedClient> {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return cannotFix(DESTRUCTURED);
  const { name } = declarator.id;
  const declaration = declarator.parent;
  if (declaration.kind !== 'const' && declaration.kind !== 'let') {
    return cannotFix(`\`${name}\` is declared with \`${declaration.kind}\`, which code after its block can still use: declare it with \`const\` or \`let\``);
  }
  const block = declaration.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement || !block.body.includes(declaration)) {
    return cannotFix(`\`${name}\` is declared ${describePlace(block)}, not directly in a \`{ … }\` block, so there are no statements to wrap after it`);
  }
  const variable = sourceCode.getDeclaredVariables(declarator).find((candidate) => candidate.name === name);
  if (!variable) return cannotFix(IN_EXPRESSION);
  return ok({ name, variable, declaration, block, owner: getEnclosingFunction(block) });
}

function describePlace(container: TSESTree.Node): string {
  switch (container.type) {
    case AST_NODE_TYPES.SwitchCase:
      return 'in a `switch` case';
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return 'in a `for` head';
    default:
      return 'outside a block';
  }
}
