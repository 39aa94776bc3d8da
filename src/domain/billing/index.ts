export * from './money.js';
export * from './price-list.js';
export * from './allowance.js';
export * from './pricing.js';
export * from './invoice.js';
export * from './invoice-decisions.js';
export * from './billing-basis.js';
export * from './commands.js';
