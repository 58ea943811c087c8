import type { ClusterInput } from '../../model/cluster-input.js';
import type { Failures } from './failures.js';
import { unmeasurableReason } from './measure.js';
import type { Objective } from './slo.js';

/**
 * Why this input cannot be planned with these objectives and failures, or undefined: the planner
 * replaces exactly one node pool, the objectives must be measurable, and a zone loss needs a zone
 * left over.
 */
export function planInputProblem(
  input: ClusterInput,
  objectives: readonly Objective[],
  failures: Failures,
): string | undefined {
  const scenario = input.scenario;
  if (!scenario) return 'the input has no kind: Scenario document';
  if (scenario.nodePools.length !== 1)
    return `the Scenario has ${scenario.nodePools.length} node pools; plan replaces exactly one (give spec.cluster.nodePools one pool: its name, labels and taints are kept, its type and count are planned)`;
  if (input.nodes.length > 0)
    return `the input has ${input.nodes.length} Node objects; plan sizes node pools only (describe the nodes as a pool)`;
  if (objectives.length === 0)
    return 'no objectives: give --slo (e.g. availability>=99.95%,p99<=300ms) or spec.slo in the Scenario';
  if (failures.kind === 'zone' && scenario.zones.length <= failures.count)
    return `--failures zone:${failures.count} needs more than ${failures.count} zones in spec.cluster.zones; the Scenario has ${scenario.zones.length}`;
  return unmeasurableReason(objectives, input);
}
