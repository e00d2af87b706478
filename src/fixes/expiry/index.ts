export type { ExpirySettings } from './expiry-form';
export { describeExpiry } from './describe-expiry';
export type { ExpiryFixMessageIds, ExpiryFixRequest } from './expiry-fix';
export { buildExpiryFix } from './expiry-fix';
