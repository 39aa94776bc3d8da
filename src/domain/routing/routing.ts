export * from './rule-set.js';
export * from './route.js';
export * from './master-facts.js';
