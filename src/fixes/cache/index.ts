export * from './bounded-cache';
export * from './lru-options';
export * from './uses-lru-cache';
