import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import path from 'node:path';
import { escapeRegExp } from '../util/escape-regexp';
import type { LongLivedCollection } from './collection-growth';
import { getProjectIndex, readIndexedText } from './project-files';

/*
 * A class field is an object's property: other modules of the project reach it through the
 * instance (`this.connection.mailboxes.delete(path)` in the module of the objects it holds), so a
 * trim there bounds it as much as one in its own class. Read from the other files' text alone, and
 * only when a finding is about to be reported.
 */

/**
 * Whether another source file of the project (tests aside) deletes entries of a public field
 * named like `collection` through another object, or clears it: `.mailboxes.delete(`,
 * `store.seen.clear(`; not `this.mailboxes.delete(`, which is that file's own class's field.
 */
export function isTrimmedInAnotherModule(file: string, cwd: string | undefined, collection: LongLivedCollection): boolean {
  if (collection.lifetime !== 'class' || !path.isAbsolute(file) || !isPublicField(collection)) return false;
  const project = getProjectIndex(file, cwd);
  if (!project) return false;
  // Remembered per name as the files that trim it: which file asks must not change the answer for the others.
  const question = `trims\0${collection.name}`;
  let trimming = project.mentions.get(question);
  if (trimming === undefined) {
    const trim = new RegExp(`(?<!\\bthis\\s*)\\.\\s*${escapeRegExp(collection.name)}\\s*\\.\\s*(?:delete|clear)\\s*\\(`, 'g');
    trimming = project.files.filter((other) => {
      const text = readIndexedText(project, other);
      return text !== undefined && text.includes(collection.name) && [...text.matchAll(trim)].some((match) => !isInComment(text, match.index));
    });
    project.mentions.set(question, trimming);
  }
  return trimming.some((other) => other !== file);
}

/** Whether the text at `index` follows `//` on its line, or is a line of a block comment (`* …`). */
function isInComment(text: string, index: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', index - 1) + 1, index);
  return line.includes('//') || /^\s*(?:\/\*|\*)/.test(line);
}

/** A field other modules may touch: not `#cache`, nor declared or made a `private`/`protected` parameter property. */
function isPublicField(collection: LongLivedCollection): boolean {
  const { declaration } = collection;
  if (declaration.type === AST_NODE_TYPES.PropertyDefinition) return declaration.key.type !== AST_NODE_TYPES.PrivateIdentifier && isPublic(declaration.accessibility);
  if (declaration.type !== AST_NODE_TYPES.AssignmentExpression || declaration.left.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (declaration.left.property.type === AST_NODE_TYPES.PrivateIdentifier) return false;
  // `private cache: Map<…>;` declared in the class, assigned in the constructor.
  const declared = findDeclaredMember(declaration, collection.name);
  return declared === undefined || isPublic(declared.accessibility);
}

function isPublic(accessibility: TSESTree.Accessibility | undefined): boolean {
  return accessibility !== 'private' && accessibility !== 'protected';
}

/** The class body's own declaration of `name`: a field, or a constructor parameter property. */
function findDeclaredMember(node: TSESTree.Node, name: string): TSESTree.PropertyDefinition | TSESTree.TSParameterProperty | undefined {
  let body: TSESTree.Node | undefined = node.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
  if (!body) return undefined;
  for (const member of body.body) {
    if (member.type === AST_NODE_TYPES.PropertyDefinition && member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name) return member;
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'constructor') continue;
    for (const param of member.value.params) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const target = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
      if (target.type === AST_NODE_TYPES.Identifier && target.name === name) return param;
    }
  }
  return undefined;
}
