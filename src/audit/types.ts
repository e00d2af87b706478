/**
 * The shapes `redis-leaks audit` passes between its parts: what the server shows
 * (key patterns, connections), what the code writes (key write sites), and the
 * report that ties them together. `--json` prints `AuditReport` as it is.
 */

/** Keys without a TTL that share a pattern, from the SCAN sample. */
export interface KeyPatternGroup {
  /** `epoch_batch_size:*`, `sess:*:data`: the key with its varying parts as `*`. */
  readonly pattern: string;
  /** Sampled keys of this pattern (with and without a TTL). */
  readonly sampledKeys: number;
  /** Sampled keys of this pattern with no TTL (`PTTL` = -1). */
  readonly keysWithoutTtl: number;
  /** `sampledKeys` scaled to the whole keyspace (`dbsize / sampled`). */
  readonly estimatedKeys: number;
  /** Share of all sampled keys, 0..1. */
  readonly share: number;
  /** Estimated bytes of the whole group, extrapolated from `MEMORY USAGE` of the keys measured; undefined when none could be measured. */
  readonly estimatedBytes?: number;
  /** Redis types seen (`string`, `set`, `hash`…), most common first. */
  readonly types: readonly string[];
  /** Median and longest `OBJECT IDLETIME` of the measured keys, in seconds. */
  readonly idleSeconds?: { readonly median: number; readonly max: number };
  /** Up to three sampled keys, for the reader. */
  readonly examples: readonly string[];
}

/** What the SCAN pass saw. */
export interface KeySample {
  /** Keys in the database(s) scanned (`DBSIZE`, summed over masters). */
  readonly totalKeys: number;
  readonly sampledKeys: number;
  /** Sampled keys that have no TTL. */
  readonly keysWithoutTtl: number;
  /** Keys whose memory was measured with `MEMORY USAGE`. */
  readonly measuredKeys: number;
  /** Whether SCAN covered the whole keyspace (false: stopped at `--sample` or `--timeout`). */
  readonly complete: boolean;
  /** Every pattern seen, sorted by estimated memory then count, largest first; `keysWithoutTtl` tells which leak. */
  readonly patterns: readonly KeyPatternGroup[];
}

/** One row of `CLIENT LIST`, the fields the audit reads. */
export interface ClientConnection {
  readonly id: string;
  /** `ip:port` of the peer. */
  readonly addr: string;
  /** `CLIENT SETNAME` name, '' when unnamed. */
  readonly name: string;
  readonly ageSeconds: number;
  readonly idleSeconds: number;
  /** Last command, e.g. `get`, `blpop`, `subscribe`. */
  readonly cmd: string;
  /** Client flags, e.g. `N`, `S` (replica), `P` (pub/sub), `b` (blocked). */
  readonly flags: string;
  readonly db: number;
}

/** Connections grouped by peer host (no port) and client name. */
export interface ConnectionGroup {
  /** The peer's IP (the port varies per connection). */
  readonly host: string;
  readonly name: string;
  readonly count: number;
  /** Connections idle at least the idle threshold. */
  readonly idleCount: number;
  readonly oldestSeconds: number;
  readonly medianAgeSeconds: number;
  readonly medianIdleSeconds: number;
  /** Why this group looks like a client leak, when it does (many idle connections from one place). */
  readonly leak?: string;
}

export interface ConnectionReport {
  /** `connected_clients` from `INFO clients` (summed over nodes), less the audit's own connection on each node. */
  readonly connectedClients: number;
  /** `maxclients` when CONFIG GET was allowed, else undefined. */
  readonly maxClients?: number;
  /** Largest groups first. */
  readonly groups: readonly ConnectionGroup[];
}

/** A key write found in the code by the require-expiry analysis. */
export interface KeyWriteSite {
  /** Path relative to the working folder, `/`-separated. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The method as written: `set`, `sAdd`, `hset`. */
  readonly command: string;
  /** The literal text before the key's first varying part (`epoch_batch_size:`); '' when the key starts varying. */
  readonly keyPrefix: string;
  /**
   * The server pattern of the keys this site writes (`order:*:items` for `` `order:${id}:items` ``),
   * when the code shows the whole key and each varying part is a whole segment. A site with one
   * matches only that pattern; one without (`` `user${id}` ``, a key variable) matches by `keyPrefix`.
   */
  readonly keyPattern?: string;
  /** The key as written in the code, shortened. */
  readonly keyText: string;
  /** Whether the code gives the key an expiry: the rule's own decision. */
  readonly expiry: 'none' | 'present';
}

/** A pattern tied to the code sites that write keys of that shape. */
export interface PatternMatch {
  readonly pattern: string;
  readonly sites: readonly KeyWriteSite[];
}

export interface AuditReport {
  /** Server URL with any password removed. */
  readonly server: string;
  readonly mode: 'cluster' | 'standalone';
  readonly role: 'master' | 'replica';
  readonly redisVersion?: string;
  readonly usedMemoryBytes?: number;
  readonly keys?: KeySample;
  readonly connections?: ConnectionReport;
  /** Present when paths were given. */
  readonly code?: {
    readonly files: number;
    readonly sites: readonly KeyWriteSite[];
    /** Leaking patterns (keys without TTL) and the sites that write them. */
    readonly leaks: readonly PatternMatch[];
    /** Sites whose keys carry a TTL in the sample: the code is fine. */
    readonly confirmed: readonly PatternMatch[];
    /** Patterns without TTL that no code site explains (Lua scripts, other services…). */
    readonly unexplained: readonly string[];
  };
  /** Things the audit could not do, and why (missing permissions, timeouts): the report is partial. */
  readonly warnings: readonly string[];
}
