/**
 * The shape every client library's facts fill in. Data only: no AST here.
 * Rules and codemods read these tables; they never hard-code a library name.
 */

/** Libraries whose clients send Redis commands, by how they spell commands and their options. */
export type CommandDialect = 'bun' | 'glide' | 'ioredis' | 'node-redis' | 'upstash';

/** Every kind of library: command clients, BullMQ's queue classes, generic-pool's pools. */
export type ClientDialect = CommandDialect | 'bullmq' | 'generic-pool';

/** What a module export (or a member of one) is, as far as leaks are concerned. */
export type ExportFact =
  /** A class whose instances own connections, created with `new`. */
  | {
      readonly kind: 'class';
      /** A consumer that runs on its own once created (BullMQ `Worker`): leaving it open is usual. */
      readonly longRunning?: boolean;
      /** Static members: nested classes (`Redis.Cluster`) and factories (`Redis.createClient`). */
      readonly statics?: Readonly<Record<string, ExportFact>>;
      /**
       * A project's class that extends a client class and keeps its instances' lifecycle itself: its
       * constructor may hand back a shared instance, or a method of its own closes the client
       * (`onModuleDestroy() { return this.quit() }`). Its instances are clients; its `new` opens none the caller must close.
       */
      readonly ownLifecycle?: boolean;
    }
  /**
   * A function that returns a new client (or a promise of one); `longRunning` as for a class, when it makes a consumer (a BullMQ `Worker`);
   * `connectsExplicitly` when the client opens its connection only once `connect()` is called (node-redis' `createClient()`).
   */
  | { readonly kind: 'factory'; readonly longRunning?: boolean; readonly connectsExplicitly?: boolean }
  /** A plain object of exports (`import * as redis from 'redis'`). */
  | { readonly kind: 'namespace'; readonly members: Readonly<Record<string, ExportFact>> }
  /** A type-only export naming a client instance type (`RedisClientType`). */
  | { readonly kind: 'type' }
  /** A client the module itself creates and shares: its importers write through it and never close it. */
  | { readonly kind: 'instance' }
  /** A function that returns a client which outlives the call (a shared client's getter): its result is used, never closed. */
  | { readonly kind: 'getter' };

export interface ClientLibraryFacts {
  /** The name users know the library by, used in messages. */
  readonly name: string;
  readonly dialect: ClientDialect;
  /** Module specifiers that load this library. */
  readonly modules: readonly string[];
  /** What `require(module)` and `import * as ns` give. A default import gives its `default` member, or the module itself (CommonJS interop). */
  readonly moduleValue: ExportFact;
  /** How requests travel: `http` clients (REST) hold no connection, and their un-awaited requests may arrive in any order. */
  readonly transport: 'http' | 'tcp';
  /** How a client is closed; `undefined` when there is nothing a fix can close (HTTP clients, generic-pool's pools). */
  readonly close: CloseFacts | undefined;
  /** The package whose installed major version decides version-dependent facts (node-redis: `@redis/client`). */
  readonly versionPackage?: string;
  /**
   * When `versionPackage` is not installed where a file can resolve it (a checkout not yet
   * installed, Yarn Plug'n'Play), the dependency a `package.json` declares instead: on one of
   * `packages`, whose major is `versionPackage`'s from `sameFrom` on, and `olderAs` before it
   * (`redis` 4 ships `@redis/client` 1), and 0 below `from`, when there was no `versionPackage` yet (`redis` 3).
   */
  readonly declaredVersion?: { readonly packages: readonly string[]; readonly sameFrom: number; readonly olderAs: number; readonly from?: number };
  /**
   * The major of `versionPackage` from which the clients of factories marked `connectsExplicitly` open
   * their connection only on `connect()` (node-redis 4, `@redis/client` 1); before it, on creation.
   */
  readonly explicitConnectFrom?: number;
  /** Methods on a client that open another client (`duplicate`). */
  readonly spawnMethods: readonly string[];
  /** Methods on a client that start a pipeline or transaction whose commands chain. */
  readonly batchMethods: readonly string[];
  /** Whether `await client.connect()` resolves to the client itself (node-redis). */
  readonly connectReturnsClient: boolean;
  /** Package folders under `node_modules` whose declarations define this library's types (typed mode). */
  readonly declarationPackages: readonly string[];
  /**
   * Whether its objects may run on a client they are given (BullMQ's `connection: redis`): then they
   * open no connection but add listeners to that client, which only their `close()` removes.
   */
  readonly runsOnGivenClient?: boolean;
  /** How resources are leased from this library's objects, when they are: pools, sentinels. */
  readonly leases?: LeaseFacts;
}

/** How a client of a library is closed. */
export interface CloseFacts {
  /** The graceful close a fix inserts and messages recommend (`quit`, `close`). */
  readonly graceful: string;
  /** Whether it returns a promise to await (glide's and Bun's `close()` are synchronous). */
  readonly returnsPromise: boolean;
  /** Other methods that close a client too: immediate closes, deprecated spellings. */
  readonly others: readonly string[];
  /** Majors of `versionPackage` before `major` close with `graceful` instead (node-redis 4 has no `close()`). */
  readonly before?: { readonly major: number; readonly graceful: string };
}

/** A resource borrowed with `acquire()` that must be given back on every path. */
export interface LeaseFacts {
  /** Methods on the pool that lend a resource (`pool.acquire()`). */
  readonly acquireMethods: readonly string[];
  /** Methods that give it back: on the pool, taking the resource (`pool.release(conn)`), or on the resource itself (`lease.release()`). */
  readonly releaseMethods: readonly string[];
  readonly releasedBy: 'pool' | 'resource';
  /** The method that acquires, runs a callback and releases for you (`pool.use(fn)`), for messages. */
  readonly scopedUse: string | undefined;
}
