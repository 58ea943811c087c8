export * from './cache.js';
export * from './node-changes.js';
export * from './node-info.js';
export * from './pod-info.js';
export * from './resource-index.js';
export * from './snapshot.js';
