export * from './schemas.js';
export * from './state.js';
export * from './conflicts.js';
export * from './decide.js';
export * from './week.js';
export * from './streams.js';
