import type { ClusterInput } from '../../model/cluster-input.js';
import { CPU, MEMORY, PODS } from '../../model/resources.js';
import type { NodePool } from '../../model/scenario.js';
import type { SloConfig } from '../../model/traffic.js';
import type { InstanceType } from './catalog.js';
import { type Failures, failureFaults } from './failures.js';
import { GPU } from './packing.js';

/**
 * A candidate cluster: `perZone` nodes of one instance type in each of `zones` (with no zones,
 * `perZone` nodes in all). The planner turns it into the Scenario's node pool and runs it.
 */
export interface Candidate {
  type: InstanceType;
  zones: string[];
  perZone: number;
}

export function nodeCount(c: Candidate): number {
  return c.perZone * Math.max(1, c.zones.length);
}

/** `3 × m5.large in each of zone-a, zone-b` or `3 × m5.large`. */
export function candidateLabel(c: Candidate): string {
  const base = `${c.perZone} × ${c.type.instanceType}`;
  if (c.zones.length === 0) return base;
  return `${base} in ${c.zones.length === 1 ? '' : 'each of '}${c.zones.join(', ')}`;
}

/**
 * The input with the candidate in place of the Scenario's node pool (same name, labels, taints and
 * provisioning time; the type's allocatable, price and count; fixed size: no min/max), the failures'
 * faults, and the objectives as the traffic model's SLOs (so it measures exactly those percentiles).
 */
export function applyCandidate(
  input: ClusterInput,
  candidate: Candidate,
  failures: Failures,
  slo: SloConfig | null,
): ClusterInput {
  const scenario = input.scenario;
  if (!scenario) throw new Error('applyCandidate: the input has no Scenario');
  const base = scenario.nodePools[0] as NodePool;
  const { type } = candidate;
  const { min: _min, max: _max, ...kept } = base;
  const pool: NodePool = {
    ...kept,
    instanceType: type.instanceType,
    allocatable: {
      [CPU]: type.allocatable.cpuMillis,
      [MEMORY]: type.allocatable.memoryBytes,
      [PODS]: type.allocatable.pods,
      ...(type.gpu > 0 ? { [GPU]: type.gpu } : {}),
    },
    pricePerHour: type.pricePerHour,
    count: nodeCount(candidate),
    zones: candidate.zones,
  };
  const traffic = scenario.traffic && slo ? { ...scenario.traffic, slo } : scenario.traffic;
  return {
    ...input,
    scenario: {
      ...scenario,
      nodePools: [pool],
      faults: failureFaults(failures, scenario, pool.name, candidate.zones),
      ...(traffic ? { traffic } : {}),
    },
  };
}
