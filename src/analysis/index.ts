export * from './client-analysis';
export * from './client-release';
export * from './key-expiry';
export * from './ownership';
export * from './graceful-close';
export * from './collection-growth';
export * from './per-call-value';
export * from './lease-release';
