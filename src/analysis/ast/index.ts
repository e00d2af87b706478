export * from './get-property-name';
export * from './is-function';
export * from './is-method-call';
export * from './unwrap-expression';
export * from './traverse';
export * from './get-this-class';
export * from './is-global-reference';
export * from './is-loop';
