import type { PodSpec } from '../../model/pod.js';
import type { PriorityClass } from '../../model/workloads.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import type { Path } from '../source.js';

/**
 * The two classes every cluster has (pkg/apis/scheduling/types.go: SystemCriticalPriority = 2e9;
 * system-node-critical = SystemCriticalPriority + 1000), created by the API server at start.
 */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    name: 'system-cluster-critical',
    value: 2_000_000_000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  {
    name: 'system-node-critical',
    value: 2_000_001_000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
];

/** A pod spec (of a Pod or a template) waiting for Priority admission, with what the user wrote. */
export interface PendingPriority {
  spec: PodSpec;
  site: Site;
  /** Path of the pod spec inside the object (`["spec"]` or `["spec", "template", "spec"]`). */
  path: Path;
  rawPriority?: number;
  rawPreemptionPolicy?: PodSpec['preemptionPolicy'];
}

/**
 * Priority admission (plugin/pkg/admission/priority/admission.go): the priority comes from the named
 * PriorityClass (an unknown name rejects the pod), else from the globalDefault class (whose name the
 * pod then carries), else 0. The preemption policy comes from the class, else PreemptLowerPriority; a
 * pod that sets priority or preemptionPolicy to something other than what admission computes is rejected
 * ("must not be provided in pod spec").
 */
export function admitPriority(
  pending: PendingPriority,
  classes: ReadonlyMap<string, PriorityClass>,
  globalDefault: PriorityClass | undefined,
  reporter: Reporter,
): void {
  const { spec, site, path } = pending;
  let cls: PriorityClass | undefined;
  if (spec.priorityClassName !== undefined) {
    cls = classes.get(spec.priorityClassName);
    if (!cls) {
      reporter.error(site, [...path, 'priorityClassName'], m.priorityClassMissing(spec.priorityClassName));
      return;
    }
  } else if (globalDefault) {
    cls = globalDefault;
    spec.priorityClassName = globalDefault.name;
  }
  const priority = cls?.value ?? 0;
  if (pending.rawPriority !== undefined && pending.rawPriority !== priority) {
    reporter.error(site, [...path, 'priority'], m.priorityMismatch(pending.rawPriority, priority));
  }
  spec.priority = priority;
  // Without any class, admission computes PreemptLowerPriority (getDefaultPriority), so a pod asking
  // for Never needs a class that says Never.
  const preemptionPolicy = cls?.preemptionPolicy ?? 'PreemptLowerPriority';
  if (pending.rawPreemptionPolicy !== undefined && pending.rawPreemptionPolicy !== preemptionPolicy) {
    reporter.error(
      site,
      [...path, 'preemptionPolicy'],
      m.preemptionPolicyMismatch(pending.rawPreemptionPolicy, preemptionPolicy),
    );
  }
  spec.preemptionPolicy = preemptionPolicy;
}
