import type { ClientLibraryFacts, ExportFact } from './types';

const redisStatics: Record<string, ExportFact> = {
  Cluster: { kind: 'class' },
  createClient: { kind: 'factory' },
};

// `require('ioredis')` is the Redis class itself, with the class again under
// `Redis` and `default` and the `Cluster` class beside it (built/index.js).
function ioredisLike(name: string, moduleName: string, classAliases: readonly string[]): ClientLibraryFacts {
  const redisClass: ExportFact = { kind: 'class', statics: redisStatics };
  const statics = { ...redisStatics, ...Object.fromEntries(classAliases.map((alias) => [alias, redisClass])) };
  return {
    name,
    dialect: 'ioredis',
    modules: [moduleName],
    moduleValue: { kind: 'class', statics },
    transport: 'tcp',
    // `disconnect()` drops pending replies; `end()` is its deprecated alias.
    close: { graceful: 'quit', returnsPromise: true, others: ['disconnect', 'end'] },
    spawnMethods: ['duplicate'],
    batchMethods: ['pipeline', 'multi'],
    connectReturnsClient: false,
    declarationPackages: [moduleName],
  };
}

export const ioredis = ioredisLike('ioredis', 'ioredis', ['Redis', 'default']);

/** iovalkey is a fork of ioredis that also exports the class as `Valkey`. */
export const iovalkey = ioredisLike('iovalkey', 'iovalkey', ['Redis', 'default', 'Valkey']);
