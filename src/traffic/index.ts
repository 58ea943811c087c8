export * from '../model/traffic.js';
export type { TrafficEndpoint } from './endpoints.js';
export { FluidTrafficModel } from './fluid/model.js';
export { TrafficModel, type TrafficModelOptions } from './model.js';
export type { RequestObserver } from './request-observer.js';
export type { PodResult, ServiceResult, SloResult, TrafficResult } from './result.js';
export { FAILURE_REASONS, type FailureReason, type LatencySummary, type MinutePoint } from './stats.js';
export type { TrafficSimulator } from './traffic-simulator.js';
