import noUnclosedClient from './no-unclosed-client';
import requireExpiry from './require-expiry';

/** Every rule, by name, in alphabetical order. */
export const rules = {
  'no-unclosed-client': noUnclosedClient,
  'require-expiry': requireExpiry,
};
