export * from './close-in-finally';
export type { ClosePlan } from './wrap-plan';
