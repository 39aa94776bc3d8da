export * from './schemas.js';
export * from './state.js';
export * from './decide.js';
