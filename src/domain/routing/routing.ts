export * from './rule-set.js';
export * from './route.js';
