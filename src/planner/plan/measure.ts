import { MICROS_PER_MS } from '../../engine/time.js';
import type { ClusterInput } from '../../model/cluster-input.js';
import type { SloConfig } from '../../model/traffic.js';
import type { SimulationResult } from '../../sim/run.js';
import { type Objective, objectiveName } from './slo.js';

/**
 * What each objective measures in one run. `availability` is the workloads' request availability
 * (served ÷ ended requests, as spec.slo) when the Scenario has a workload, else the pods'
 * availability (report availability.pods); latency percentiles come from the workloads' requests;
 * `podsAvailable(w,k)` sums the workload's time fractions at k or more available pods.
 */
export function measureObjective(o: Objective, result: SimulationResult): number {
  if (o.kind === 'podsAvailable') {
    const w = result.availability.workloads.find(
      (x) => x.workload === o.workload || x.workload.endsWith(`/${o.workload}`),
    );
    if (!w) throw new Error(`measureObjective: no workload ${o.workload} in the run`);
    return w.availablePodsTimeFraction.slice(o.atLeast).reduce((a, b) => a + b, 0);
  }
  if (o.kind === 'podsPlaced') return result.scheduling.pendingAtEnd.length === 0 ? 1 : 0;
  if (o.kind === 'availability' && result.traffic === null) return result.availability.overall;
  const name = objectiveName(o);
  const slo = result.traffic?.slo.find((s) => s.objective === name);
  if (!slo) throw new Error(`measureObjective: the run measured no ${name}`);
  return slo.value;
}

/** The objectives as the traffic model's SLO configuration, so each run measures exactly them. */
export function sloConfigFor(objectives: readonly Objective[]): SloConfig {
  const latency: Record<string, number> = {};
  let availability: number | null = null;
  for (const o of objectives) {
    if (o.kind === 'availability') availability = o.target;
    if (o.kind === 'latency') latency[o.percentile] = Math.round(o.targetMs * MICROS_PER_MS);
  }
  return { availability, latency };
}

/** Why the objectives cannot be measured on this input (latency without a workload, an unknown workload), or undefined. */
export function unmeasurableReason(
  objectives: readonly Objective[],
  input: ClusterInput,
): string | undefined {
  for (const o of objectives) {
    if (o.kind === 'latency' && !input.scenario?.traffic)
      return `${o.text} needs requests, but the Scenario has no spec.workload`;
    if (o.kind === 'podsAvailable') {
      const found = [...input.deployments, ...input.statefulSets].some(
        (w) => w.name === o.workload || `${w.namespace}/${w.name}` === o.workload,
      );
      if (!found) return `${o.text}: no Deployment or StatefulSet named ${o.workload}`;
    }
  }
  return undefined;
}
