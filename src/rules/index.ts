import noTimerPerKey from './no-timer-per-key';
import noUnboundedCache from './no-unbounded-cache';
import noUnclosedClient from './no-unclosed-client';
import requireExpiry from './require-expiry';
import requirePoolRelease from './require-pool-release';

/** Every rule, by name, in alphabetical order. */
export const rules = {
  'no-timer-per-key': noTimerPerKey,
  'no-unbounded-cache': noUnboundedCache,
  'no-unclosed-client': noUnclosedClient,
  'require-expiry': requireExpiry,
  'require-pool-release': requirePoolRelease,
};
