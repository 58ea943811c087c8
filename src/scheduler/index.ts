/**
 * kubesim's kube-scheduler: the framework (plugins, runner), the default plugins, configuration
 * resolution, the scheduling queue, preemption, the engine-driven Scheduler and the explain API.
 */
export * from './cache/index.js';
export * from './config/plugin-args.js';
export * from './config/profile-plugins.js';
export * from './config/resolve.js';
export * from './defaults.js';
export * from './explain.js';
export * from './explain-render.js';
export * from './framework/build.js';
export * from './framework/interface.js';
export * from './framework/runner.js';
export * from './framework/status.js';
export * from './names.js';
export * from './plugins/helper/node-selector.js';
export * from './plugins/helper/normalize-score.js';
export * from './plugins/node-affinity.js';
export * from './plugins/node-affinity-args.js';
export * from './plugins/node-name.js';
export * from './plugins/node-ports.js';
export * from './plugins/node-unschedulable.js';
export * from './plugins/noderesources/balanced-allocation.js';
export * from './plugins/noderesources/balanced-allocation-args.js';
export * from './plugins/noderesources/fit.js';
export * from './plugins/noderesources/fit-args.js';
export * from './plugins/noderesources/resource-allocation.js';
export * from './plugins/noderesources/scorers.js';
export * from './plugins/taint-toleration.js';
export * from './preemption.js';
export * from './queue/backoff.js';
export * from './queue/scheduling-queue.js';
export * from './registry.js';
export * from './scheduler.js';
export * from './unmodelled-args.js';
