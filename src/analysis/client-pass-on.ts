/*
 * A cheap test on a module's text, before it is parsed: can something it exports be a client it
 * got from another module of the project? Only when it passes on a name it imports from a module
 * that may hold one: returns it (`return redis`, `=> makeClient()`), stores it (`client: redis`,
 * `this.client = redis`, `const alias = redis`), hands it to a constructor (`new
 * Service(redis)`), makes a new client from it (`redis.duplicate()`, `db.createClient()`), extends it
 * (`class RedisService extends BaseRedis`), or exports
 * it again (`export { redis }`, `export * from './redis'`). A module
 * that only calls methods on it (`redis.hget(…)`) exports no client, and is not parsed to learn so.
 * Unsure shapes (an import this test cannot read) count as passing it on.
 */

/** An import of the module's text: the specifier, and the local names it binds (`undefined`: a shape not read here). */
interface TextImport {
  readonly specifier: string;
  readonly names: readonly string[] | undefined;
  /** `export * from`, `export { x } from`: whatever the other module holds, this one exports. */
  readonly reexport: boolean;
}

const ES_IMPORT = /\bimport\s+(?:type\s+)?([\w$]+\s*,?\s*)?(\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*from\s*['"`]([^'"`\s]{1,200})['"`]/g;
const ES_REEXPORT = /\bexport\s+(?:type\s+)?(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"`]([^'"`\s]{1,200})['"`]/g;
/** `const { redis } = require('./db')`, not `require('./db').redis` (a member of the module: not read here). */
const REQUIRE_BINDING = /\b(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*(?:await\s+)?require\s*\(\s*['"`]([^'"`\s]{1,200})['"`]\s*\)(?!\s*[.[(])/g;
const ANY_IMPORT = /(?:\bfrom|\brequire\s*\(|\bimport\s*\(?)\s*['"`]([^'"`\s]{1,200})['"`]/g;

/**
 * Whether `text` passes on a name imported from a module for which `holdsClient(specifier)` is
 * true: see the file comment.
 */
export function passesOnImportedClient(text: string, holdsClient: (specifier: string) => boolean): boolean {
  const imports = readImports(text);
  const passed: string[] = [];
  for (const { specifier, names, reexport } of imports) {
    if (!holdsClient(specifier)) continue;
    if (reexport || names === undefined) return true;
    passed.push(...names);
  }
  if (passed.length === 0) return false;
  // A name this test cannot read (a comment in the braces, a default and named mix it misread): unsure.
  if (passed.some((name) => !/^[\w$]+$/.test(name))) return true;
  // The import statements themselves bind the names (`{ redis }`): they are not a use.
  const body = text.replace(ES_IMPORT, ' ').replace(REQUIRE_BINDING, ' ');
  return passed.some((name) => passesOn(name).test(body) || makesClientFrom(name).test(body));
}

function readImports(text: string): TextImport[] {
  const imports: TextImport[] = [];
  // Where each specifier read so far starts in the text: the same place a looser pattern finds again.
  const read = new Set<number>();
  const at = (match: RegExpMatchArray, specifier: string) => match.index! + match[0].lastIndexOf(specifier);
  for (const match of text.matchAll(ES_IMPORT)) {
    const [, defaultName, clause, specifier] = match;
    const names = [defaultName?.replace(/[\s,]/g, ''), ...readClause(clause)].filter((name): name is string => !!name);
    imports.push({ specifier: specifier!, names, reexport: false });
    read.add(at(match, specifier!));
  }
  for (const match of text.matchAll(ES_REEXPORT)) {
    imports.push({ specifier: match[1]!, names: [], reexport: true });
    read.add(at(match, match[1]!));
  }
  for (const match of text.matchAll(REQUIRE_BINDING)) {
    imports.push({ specifier: match[2]!, names: readClause(match[1]), reexport: false });
    read.add(at(match, match[2]!));
  }
  // Any other import or require (`module.exports = require('./db')`, `require('./db').redis`): not read here.
  for (const match of text.matchAll(ANY_IMPORT)) {
    if (!read.has(at(match, match[1]!))) imports.push({ specifier: match[1]!, names: undefined, reexport: false });
  }
  return imports;
}

/** `redis`, `{ redis, makeClient as make }`, `{ redis: client }`, `* as db`: the local names. */
function readClause(clause: string | undefined): string[] {
  if (!clause) return [];
  clause = clause.replace(/\/\*[^]*?\*\/|\/\/[^\n]*/g, ' ');
  const namespace = /^\*\s*as\s+([\w$]+)$/.exec(clause.trim());
  if (namespace) return [namespace[1]!];
  if (!clause.trim().startsWith('{')) return [clause.trim()];
  return clause
    .replace(/[{}]/g, '')
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((part) => part.split(/\s+as\s+|\s*:\s*/).at(-1)!.trim());
}

const passesOnByName = new Map<string, RegExp>();
const makesClientByName = new Map<string, RegExp>();

/**
 * `redis.duplicate()`, `db.createClient(…)`, `Redis.fromEnv()`, `pool.connect()`: a method that makes a
 * new client from the imported one, wherever it is written.
 */
function makesClientFrom(name: string): RegExp {
  let pattern = makesClientByName.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?:\\s*\\??\\.\\s*[\\w$]+)*\\s*\\??\\.\\s*(?:duplicate|create[\\w$]*|connect|from[A-Z][\\w$]*)\\s*\\(`);
    makesClientByName.set(name, pattern);
  }
  return pattern;
}

/**
 * `return name`, `=> name(…)`, `client: name`, `= new name(…)`, `new Service(name`, `{ name` or
 * `, name` (shorthand in an object, a later argument), `export { name`, `export default name`;
 * `db.redis` passes too, but a method called on it (`name.hget(…)`, `db.redis.get(…)`) does not,
 * nor a first argument of a plain call (`Object.entries(name)`).
 */
function passesOn(name: string): RegExp {
  let pattern = passesOnByName.get(name);
  if (!pattern) {
    const escaped = name.replace(/\$/g, '\\$');
    const value = `${escaped}(?![\\w$])(?!(?:\\s*\\??\\.\\s*[\\w$]+)+\\s*\\()`;
    const before = `\\breturn\\s+|=>\\s*|[:=]\\s*|[{,[]\\s*|\\bnew\\s+[\\w$.]+\\s*\\(\\s*|\\bextends\\s+|\\bexport\\s+(?:default\\s+)?|\\bexport\\s*\\{[^}]*?`;
    pattern = new RegExp(`(?:${before})(?:await\\s+)?(?:new\\s+)?(?<![\\w$.])${value}`);
    passesOnByName.set(name, pattern);
  }
  return pattern;
}
