export * from './rules.js';
export * from './clock.js';
export * from './rule-set.js';
export * from './target-state.js';
