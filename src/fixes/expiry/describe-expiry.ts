import type { KeyWrite } from '../../analysis';
import { EXPIRY_DIALECTS } from '../../redis';
import type { ExpirySettings } from './expiry-form';
import { fillTemplate, getExpireArgumentsTemplate, getSetOptionTemplate, getTtlText } from './expiry-form';

/** The expiry a write needs, as the rule's message and its suggestion show it. */
export interface ExpiryDescription {
  /** `'EX', 86400`, `{ expiration: { type: 'EX', value: 86400 } }`, `expire(key, 86400, 'NX')`. */
  readonly code: string;
  /** Whether it goes into the write (`set`'s option) or after it. */
  readonly placement: 'after' | 'option';
}

/**
 * What the fix of a write adds, in the form of its client library (and, for node-redis, of the
 * installed major), with the library's own export names (`TimeUnit.Seconds`).
 */
export function describeExpiry(write: Pick<KeyWrite, 'command' | 'dialect' | 'library'>, filename: string, settings: ExpirySettings): ExpiryDescription {
  const ttlText = getTtlText(settings);
  if (write.command !== 'set') {
    return { code: `expire(key, ${fillTemplate(getExpireArgumentsTemplate(write.dialect, settings.expireNx), { ttlText })})`, placement: 'after' };
  }
  const option = fillTemplate(getSetOptionTemplate(write, filename), { ttlText });
  return { code: EXPIRY_DIALECTS[write.dialect].set.style === 'tokens' ? option : `{ ${option} }`, placement: 'option' };
}
