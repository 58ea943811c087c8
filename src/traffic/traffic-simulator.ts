import type { Micros } from '../engine/time.js';
import type { TrafficEndpoint } from './endpoints.js';
import type { TrafficResult } from './result.js';

/**
 * The seam between a run's cluster and its traffic, whatever the fidelity: the request-level
 * `TrafficModel` and the `FluidTrafficModel` both implement it, so the cluster bridge and the report
 * do not know which one runs (docs/traffic.md, The seam with the cluster).
 */
export interface TrafficSimulator {
  /** The proxies' new view of `serviceKey`'s endpoints. */
  setEndpoints(serviceKey: string, endpoints: readonly TrafficEndpoint[]): void;
  /** The pod's containers died: what it holds fails with podLost. */
  podLost(podKey: string): void;
  /**
   * The pod's containers run again while its endpoint stayed ready (its machine came back before the
   * API server could mark it not ready, as when the control plane was down too): it serves again.
   */
  podRestarted(podKey: string): void;
  /** Service times of the pod are multiplied by `factor` from now on. */
  setPodSlowdown(podKey: string, factor: number): void;
  /** CPU seconds the pod used from its start until now; 0 if unknown. */
  cpuSeconds(podKey: string): number;
  /** The results at `end` (the simulation's clock should be there). */
  finish(end: Micros): TrafficResult;
}
