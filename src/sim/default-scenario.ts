import { MICROS_PER_SECOND } from '../engine/time.js';
import { DEFAULT_KUBERNETES_VERSION } from '../model/cluster-input.js';
import type { Scenario } from '../model/scenario.js';

/** The horizon of a run whose input has no Scenario: one simulated hour (a kubesim choice). */
export const DEFAULT_RUN_DURATION = 3600 * MICROS_PER_SECOND;

/**
 * The Scenario of an input that has none (`kubesim schedule` takes bare manifests): the cluster is
 * the input's Node objects (no node pools), seed 1 (as spec.seed's default), Kubernetes
 * DEFAULT_KUBERNETES_VERSION, one simulated hour, no warm-up, no faults, no traffic, and every workload
 * with the default behaviour (DEFAULT_BEHAVIOUR). createRun uses it when `input.scenario` is undefined.
 */
export function defaultScenario(): Scenario {
  return {
    name: 'default',
    file: '',
    seed: 1,
    duration: DEFAULT_RUN_DURATION,
    warmup: 0,
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    zones: [],
    nodePools: [],
    services: {},
    faults: [],
  };
}
