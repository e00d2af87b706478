import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { forEachDescendant, getEnclosingFunction, getKeyName, getPropertyName, unwrapExpression } from './ast';

export interface ExportNames {
  readonly names: ReadonlySet<string>;
  /** False when `export * from` may add names this module does not spell out. */
  readonly complete: boolean;
}

/**
 * The names a module exports, as module-exports.ts reads them: ES exports, `export default`
 * (`'default'`), and CommonJS `module.exports = …` (`'default'`), its object's keys,
 * `exports.name = …` and `module.exports.name = …`, and `lateExports` (names a function assigns).
 */
export function listExportNames(program: TSESTree.Program, lateExports: ReadonlyMap<string, unknown> = new Map()): ExportNames {
  const names = new Set<string>(lateExports.keys());
  let complete = true;
  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ExportNamedDeclaration:
        addDeclared(statement, names);
        break;
      case AST_NODE_TYPES.ExportDefaultDeclaration:
        names.add('default');
        break;
      case AST_NODE_TYPES.ExportAllDeclaration:
        if (statement.exported === null) complete = false;
        else names.add(statement.exported.name);
        break;
      case AST_NODE_TYPES.ExpressionStatement:
        addCommonJs(statement.expression, names);
        break;
      default:
        break;
    }
  }
  return { names, complete };
}

function addDeclared({ declaration, specifiers }: TSESTree.ExportNamedDeclaration, names: Set<string>): void {
  if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
    for (const { id } of declaration.declarations) if (id.type === AST_NODE_TYPES.Identifier) names.add(id.name);
  } else if (declaration && 'id' in declaration && declaration.id?.type === AST_NODE_TYPES.Identifier) {
    names.add(declaration.id.name);
  }
  for (const { exported } of specifiers) names.add(exported.type === AST_NODE_TYPES.Identifier ? exported.name : exported.value);
}

function addCommonJs(expression: TSESTree.Expression, names: Set<string>): void {
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=' || expression.left.type !== AST_NODE_TYPES.MemberExpression) return;
  const { left } = expression;
  if (isModuleExports(left)) {
    names.add('default');
    const value = unwrapExpression(expression.right);
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return;
    for (const property of value.properties) {
      const name = property.type === AST_NODE_TYPES.Property ? getKeyName(property) : undefined;
      if (name !== undefined) names.add(name);
    }
    return;
  }
  const object = unwrapExpression(left.object);
  const name = getPropertyName(left);
  if (name !== undefined && ((object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') || isModuleExports(object))) names.add(name);
}

/**
 * What `statement` exports as `name`: the node that holds the value (a declaration, an initialiser,
 * a local name, the right side of a CommonJS assignment), a re-export of another module's export,
 * `null` when it declares the name with nothing to read (`export { 'a b' as x }`), or `undefined`
 * when it does not export `name` (`export * from` is the caller's to follow).
 */
export function findExportedNode(statement: TSESTree.ProgramStatement, name: string): { node: TSESTree.Node } | { source: string; local: string } | null | undefined {
  switch (statement.type) {
    case AST_NODE_TYPES.ExportDefaultDeclaration:
      return name === 'default' ? { node: statement.declaration } : undefined;
    case AST_NODE_TYPES.ExportNamedDeclaration:
      return findNamedExport(statement, name);
    case AST_NODE_TYPES.ExpressionStatement:
      return findCommonJsExport(statement.expression, name);
    default:
      return undefined;
  }
}

function findNamedExport({ declaration, specifiers, source }: TSESTree.ExportNamedDeclaration, name: string): { node: TSESTree.Node } | { source: string; local: string } | null | undefined {
  if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
    const declarator = declaration.declarations.find(({ id }) => id.type === AST_NODE_TYPES.Identifier && id.name === name);
    return declarator && { node: declarator.id };
  }
  if (declaration && 'id' in declaration && declaration.id?.type === AST_NODE_TYPES.Identifier && declaration.id.name === name) return { node: declaration };
  const specifier = specifiers.find(({ exported }) => (exported.type === AST_NODE_TYPES.Identifier ? exported.name : exported.value) === name);
  if (!specifier) return undefined;
  const local = specifier.local.type === AST_NODE_TYPES.Identifier ? specifier.local.name : specifier.local.value;
  // export { redis as client } from './redis'
  if (source) return { source: source.value, local };
  return specifier.local.type === AST_NODE_TYPES.Identifier ? { node: specifier.local } : null;
}

/** `module.exports = client`, `module.exports = { client, getRedis }`, `exports.client = …`, `module.exports.client = …`. */
function findCommonJsExport(expression: TSESTree.Expression, name: string): { node: TSESTree.Node } | undefined {
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=' || expression.left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const { left, right } = expression;
  if (isModuleExports(left)) {
    const value = unwrapExpression(right);
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return name === 'default' ? { node: value } : undefined;
    const property = value.properties.find((candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && getKeyName(candidate) === name);
    return property && { node: property.value };
  }
  const exportsObject = unwrapExpression(left.object);
  const onExports = (exportsObject.type === AST_NODE_TYPES.Identifier && exportsObject.name === 'exports') || isModuleExports(exportsObject);
  return onExports && getPropertyName(left) === name ? { node: right } : undefined;
}

/**
 * CommonJS exports a function of the module assigns when it runs, by name: `exports.redis = new
 * Redis(conf)` in an exported `connect()`, which the module's importers read later (`db.redis`).
 * The values each name is given there, in order; only for modules whose text names `exports.`.
 * `exports` is the module's own (no variable of that name is declared), and not once the module
 * replaces `module.exports` whole, after which it exports nothing.
 */
export function findLateCommonJsExports(sourceCode: Readonly<SourceCode>): ReadonlyMap<string, readonly TSESTree.Expression[]> {
  const late = new Map<string, TSESTree.Expression[]>();
  if (!sourceCode.text.includes('exports.')) return late;
  const replaced = sourceCode.ast.body.some(
    (statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression && isModuleExports(statement.expression.left),
  );
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || !ASSIGNMENTS.has(node.operator) || node.left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    if (!getEnclosingFunction(node)) return undefined; // the module's top level: read as it runs (findExportedNode)
    const object = unwrapExpression(node.left.object);
    const name = getPropertyName(node.left);
    const onExports = isModuleExports(object) || (!replaced && object.type === AST_NODE_TYPES.Identifier && object.name === 'exports' && !isDeclared(sourceCode, object));
    if (name === undefined || !onExports) return undefined;
    const values = late.get(name) ?? [];
    values.push(node.right);
    late.set(name, values);
    return undefined;
  });
  return late;
}

/** `=`, and the assignments that set a value only when there is none yet (`exports.redis ??= new Redis()`). */
const ASSIGNMENTS: ReadonlySet<string> = new Set(['=', '??=', '||=']);

/** Whether the code declares `identifier` (a parameter, a variable), rather than it being a global or the module's own. */
function isDeclared(sourceCode: Readonly<SourceCode>, identifier: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  return variable !== null && variable.defs.length > 0;
}

export function isModuleExports(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === 'module' &&
    getPropertyName(node) === 'exports'
  );
}
