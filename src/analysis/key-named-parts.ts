/**
 * A key named after a thing the code itself defines or installs: a plugin, a service, a queue, a
 * module, a command, a hook or a route (`` `erxes-service-${name}` `` in `join({ name }:
 * PluginConfig)`, `keyForConfig(pluginName)`), or a stream's consumer group (`` `ack:${group}` ``
 * where the function also reads or acknowledges as `group`). There are as many such keys as the
 * program has of those things, written when they start or are set up, so they cannot pile up with
 * the traffic; `no-unbounded-cache` reads a `Map` keyed by `queueName` or `pluginName` the same way.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getPropertyName } from './ast';
import { findKeyParameters } from './caller-named-keys';

/** What the code defines or installs, by the words that name it. Not a job, a worker or an action: those also name runs and events. */
const DEFINED_THING = '(?:plugin|service|queue|module|command|hook|route)';
/** `pluginName`, `queue_name`, `serviceName`. */
const THING_NAME = new RegExp(`^${DEFINED_THING}_?name$`, 'i');
/** A type named for such a thing: `PluginConfig`, `ServiceOptions`, `QueueDefinition`. */
const THING_TYPE = /^(?:Plugin|Service|Queue|Module|Command|Hook|Route)(?:[A-Z_]|$)/;

/** Whether every varying part of `key` is a parameter that holds the name of a thing the code defines, and one at least varies. */
export function isDefinedThingKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, fn: FunctionNode | undefined): boolean {
  const parameters = findKeyParameters(sourceCode, key, fn);
  return parameters !== undefined && parameters.length > 0 && parameters.every((parameter) => isDefinedThingName(parameter) || isConsumerGroup(sourceCode, parameter));
}

/** `pluginName`, or `name` taken from a parameter typed for such a thing (`{ name }: PluginConfig`). */
function isDefinedThingName(parameter: TSESTree.Node): boolean {
  if (parameter.type !== AST_NODE_TYPES.Identifier) return false;
  if (THING_NAME.test(parameter.name)) return true;
  const property = parameter.parent;
  const pattern = property?.type === AST_NODE_TYPES.Property ? property.parent : undefined;
  if (parameter.name !== 'name' || property?.type !== AST_NODE_TYPES.Property || property.value !== parameter || pattern?.type !== AST_NODE_TYPES.ObjectPattern) return false;
  const annotation = pattern.typeAnnotation?.typeAnnotation;
  return annotation?.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier && THING_TYPE.test(annotation.typeName.name);
}

/** Stream commands that take a consumer group after the stream's key, by lower-cased method name, with the group's place. */
const GROUP_ARGUMENT: ReadonlyMap<string, number> = new Map([
  ['xack', 1],
  ['xclaim', 1],
  ['xautoclaim', 1],
  ['xpending', 1],
  ['xgroupcreate', 1],
  ['xgroupsetid', 1],
  // ioredis' `xgroup('CREATE', key, group, …)`
  ['xgroup', 2],
]);

/** Where `xreadgroup` takes its group: second after ioredis' `'GROUP'` token, else first (node-redis' `xReadGroup(group, consumer, …)`). */
function getReadGroupPlace(call: TSESTree.CallExpression): number {
  const [first] = call.arguments;
  return first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' && first.value.toUpperCase() === 'GROUP' ? 1 : 0;
}

/**
 * A parameter the code also hands to a stream command as its consumer group: groups are created by
 * the code (`XGROUP CREATE` at start-up), a fixed few per deployment.
 */
function isConsumerGroup(sourceCode: Readonly<SourceCode>, parameter: TSESTree.Node): boolean {
  if (parameter.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(parameter), parameter);
  return (
    variable !== null &&
    variable.references.some(({ identifier }) => {
      const call = identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const command = getPropertyName(call.callee)?.toLowerCase() ?? '';
      const place = command === 'xreadgroup' ? getReadGroupPlace(call) : GROUP_ARGUMENT.get(command);
      return place !== undefined && call.arguments[place] === identifier;
    })
  );
}
