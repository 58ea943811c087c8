export * from './distributions.js';
export * from './quantity.js';
export * from './random.js';
export * from './simulation.js';
export * from './time.js';
