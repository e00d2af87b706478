import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { forEachDescendant, getEnclosingFunction } from './ast';
import { getProjectIndex } from './project-files';
import { loadProjectModule } from './project-modules';
import { runsOnceAtLoad } from './runs-once';

/**
 * Whether every instance of a class is made per call: each `new Name(…)` in the file and in the
 * project (tests aside) is kept in a local variable of a function that runs more than once, and
 * used there only through its members (not returned, stored or handed on), so an
 * instance field lives as long as that call (a tracker per extraction, a validator per sign-in).
 * One instance kept anywhere else (a module variable, a field, an argument, a return value, a
 * function run once at start-up) may live as long as the process, and so may none found (the class
 * may be made by a framework). By name across files, as the project's text shows it.
 */
export function isCreatedPerCall(sourceCode: Readonly<SourceCode>, file: string, cwd: string | undefined, classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
  const name = getClassName(classNode);
  const project = name === undefined ? undefined : getProjectIndex(file, cwd);
  if (!name || !project) return false;
  const question = `perCall\0${file}\0${name}`;
  const cached = project.answers.get(question);
  if (cached !== undefined) return cached;
  const others = (project.creatingFiles.get(name) ?? []).filter((other) => other !== file);
  const sites = [...findCreations(sourceCode, name)];
  let answer = true;
  for (const other of others) {
    const module = loadProjectModule(other);
    if (!module) {
      answer = false; // a file that names the class and cannot be read: unknown
      break;
    }
    sites.push(...findCreations(module, name));
  }
  answer &&= sites.length > 0 && sites.every(({ sourceCode: where, node }) => isKeptPerCall(where, node));
  project.answers.set(question, answer);
  return answer;
}

function getClassName(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | undefined {
  if (classNode.id) return classNode.id.name;
  const { parent } = classNode;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
}

function* findCreations(sourceCode: Readonly<SourceCode>, name: string): Generator<{ sourceCode: Readonly<SourceCode>; node: TSESTree.NewExpression }> {
  const found: TSESTree.NewExpression[] = [];
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === name) found.push(node);
    return undefined;
  });
  for (const node of found) yield { sourceCode, node };
}

/** `const tracker = new SourceTracker()` in a function that runs per call. */
function isKeptPerCall(sourceCode: Readonly<SourceCode>, creation: TSESTree.NewExpression): boolean {
  const fn = getEnclosingFunction(creation);
  if (!fn || runsOnceAtLoad(sourceCode, fn)) return false;
  let value: TSESTree.Node = creation;
  while (value.parent?.type === AST_NODE_TYPES.AwaitExpression || value.parent?.type === AST_NODE_TYPES.TSAsExpression) value = value.parent;
  const declarator = value.parent;
  if (
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init !== value ||
    declarator.id.type !== AST_NODE_TYPES.Identifier ||
    declarator.parent.kind === 'var' ||
    getEnclosingFunction(declarator) !== fn
  ) {
    return false;
  }
  // Used only through its members (`tracker.add(…)`): not returned, stored or handed on.
  const [variable] = sourceCode.getDeclaredVariables(declarator);
  return variable !== undefined && variable.references.every(({ identifier, init }) => init === true || isMemberObject(identifier));
}

function isMemberObject(identifier: TSESTree.Node): boolean {
  let node: TSESTree.Node = identifier;
  while (node.parent?.type === AST_NODE_TYPES.TSNonNullExpression || node.parent?.type === AST_NODE_TYPES.TSAsExpression) node = node.parent;
  return node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node;
}
