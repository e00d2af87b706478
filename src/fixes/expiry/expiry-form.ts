import type { KeyWrite } from '../../analysis';
import { getInstalledLibraryMajor } from '../../analysis';
import type { CommandDialect } from '../../redis';
import { EXPIRY_DIALECTS } from '../../redis';

/*
 * What an expiry fix writes, from the client facts (`EXPIRY_DIALECTS`, where `TTL` stands for
 * the time to live) and the rule's options. The rule's message hints and its suggestions both
 * come from here, so they always name the same code.
 */

/** What the rule's options ask a fix to write. */
export interface ExpirySettings {
  readonly ttlSeconds: number;
  /** A constant written instead of the seconds (declared after the imports when the file has none). */
  readonly ttlName: string | undefined;
  /** `expire(key, ttl, 'NX')`, which keeps a TTL the key has (Redis 7.0+), or a plain `expire(key, ttl)`. */
  readonly expireNx: boolean;
}

/** The text written as the time to live: the constant's name, or the seconds. */
export function getTtlText(settings: ExpirySettings): string {
  return settings.ttlName ?? String(settings.ttlSeconds);
}

/**
 * The expiry option of `set` in the newest spelling the installed client understands
 * (node-redis 5+: `expiration`; 4 ignores it and takes `EX`); an unknown install gets the newest.
 */
export function getSetOptionTemplate(write: Pick<KeyWrite, 'dialect' | 'library'>, filename: string): string {
  const { setOption, currentSetOption } = EXPIRY_DIALECTS[write.dialect];
  if (!currentSetOption) return setOption;
  const major = getInstalledLibraryMajor(write.library, filename);
  return major === undefined || major >= currentSetOption.sinceMajor ? currentSetOption.option : setOption;
}

/** The arguments after the key of a follow-up `expire`: `TTL, 'NX'` (or glide's options), only `TTL` without NX. */
export function getExpireArgumentsTemplate(dialect: CommandDialect, expireNx: boolean): string {
  return expireNx ? EXPIRY_DIALECTS[dialect].expireNxArguments : 'TTL';
}

/** The client library's exports a template names (glide's `TimeUnit` in `TimeUnit.Seconds`). */
export function getTemplateExports(dialect: CommandDialect, template: string): string[] {
  return EXPIRY_DIALECTS[dialect].libraryExports.filter((name) => new RegExp(`\\b${name}\\.`).test(template));
}

export interface TemplateValues {
  readonly ttlText: string;
  /** The quote of the file's strings. */
  readonly quote?: string;
  /** How the code names each library export the template uses (`TimeUnit` → `glide.TimeUnit`). */
  readonly names?: ReadonlyMap<string, string>;
}

/** A template with the time to live, the file's quotes and the local names of library exports filled in. */
export function fillTemplate(template: string, { ttlText, quote = "'", names }: TemplateValues): string {
  return template.replace(/'/g, quote).replace(/\bTTL\b|\b([A-Z]\w*)(?=\.)/g, (match, name: string | undefined) => {
    if (name === undefined) return ttlText;
    return names?.get(name) ?? match;
  });
}
