export * from './client-analysis';
export * from './client-release';
export * from './key-expiry';
export * from './ownership';
