export * from '../customer/language.js';
export * from './schemas.js';
export * from './decide.js';
export * from './compose.js';
export * from './templates/index.js';
export * from './eml.js';
