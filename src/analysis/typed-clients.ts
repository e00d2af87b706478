import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import type { Type } from 'typescript';
import type { ClientLibraryFacts } from '../redis';
import { CLIENT_LIBRARIES } from '../redis';

const packagePatterns = CLIENT_LIBRARIES.flatMap((library) =>
  library.declarationPackages.map((name) => ({ library, marker: `/node_modules/${name}/` })),
);

/**
 * Typed mode: the client library that declares `method` on the type of `object`.
 * `cache.set(k, v)` on a `Map` is declared by the TypeScript lib and gives `undefined`;
 * `redis.set(k, v)` on a client injected from another module gives its library.
 */
export function getLibraryDeclaringMethod(
  services: ParserServicesWithTypeInformation,
  object: TSESTree.Node,
  method: string,
): ClientLibraryFacts | undefined {
  return getLibraryDeclaringAnyMethod(services, object, [method]);
}

/** Typed mode: the client library that declares one of `methods` on the type of `object`; the type is computed once. */
export function getLibraryDeclaringAnyMethod(
  services: ParserServicesWithTypeInformation,
  object: TSESTree.Node,
  methods: Iterable<string>,
): ClientLibraryFacts | undefined {
  const checker = services.program.getTypeChecker();
  const type = services.getTypeAtLocation(object).getNonNullableType();
  if (type.getConstructSignatures().length > 0) return undefined; // a class, not an instance
  for (const method of methods) {
    const property = checker.getPropertyOfType(type, method);
    const fileName = property?.declarations?.[0]?.getSourceFile().fileName.replaceAll('\\', '/');
    const library = fileName && packagePatterns.find(({ marker }) => fileName.includes(marker))?.library;
    if (library) return library;
  }
  return undefined;
}

/** Typed mode: the names of the classes an instance type extends, itself first (`MailWorker`, `Worker`, `QueueBase`, …). */
export function getClassChainNames(services: ParserServicesWithTypeInformation, node: TSESTree.Node): string[] {
  const names: string[] = [];
  const seen = new Set<unknown>();
  const visit = (type: Type): void => {
    if (seen.has(type)) return;
    seen.add(type);
    const symbol = type.getSymbol();
    if (symbol) names.push(symbol.getName());
    for (const base of type.getBaseTypes?.() ?? []) visit(base);
  };
  visit(services.getTypeAtLocation(node).getNonNullableType());
  return names;
}
