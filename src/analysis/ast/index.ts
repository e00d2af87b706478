export * from './get-property-name';
export * from './is-function';
export * from './is-method-call';
export * from './unwrap-expression';
export * from './traverse';
