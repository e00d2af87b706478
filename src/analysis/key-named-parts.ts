/**
 * A key named after a thing the code itself defines or installs: a plugin, a service, a queue, a
 * module, a command, a hook or a route (`` `erxes-service-${name}` `` in `join({ name }:
 * PluginConfig)`, `keyForConfig(pluginName)`). There are as many such keys as the program has of
 * those things, written when they start or are set up, so they cannot pile up with the traffic;
 * `no-unbounded-cache` reads a `Map` keyed by `queueName` or `pluginName` the same way.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
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
  return parameters !== undefined && parameters.length > 0 && parameters.every(isDefinedThingName);
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
