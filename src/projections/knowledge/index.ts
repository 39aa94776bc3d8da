export * from './projection.js';
export * from './query.js';
export * from './reads.js';
export * from './suggest.js';
