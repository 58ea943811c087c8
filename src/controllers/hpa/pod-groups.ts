import type { HpaPod } from './input.js';

/**
 * How the replica calculation treats a pod (replica_calculator.go groupPods):
 * - ready: its sample counts;
 * - unready: left out, but counted as 0 % on a scale-up;
 * - missing: no sample; counted as 100 % of its request (or the target) on a scale-down, 0 % on a scale-up;
 * - ignored: left out entirely (failed or terminating).
 */
export type PodGroup = 'ready' | 'unready' | 'missing' | 'ignored';

/** A pod with its group and the rule that put it there, in words. */
export interface GroupedPod {
  pod: HpaPod;
  group: PodGroup;
  why: string;
}

/** The start-up timings the CPU rule reads (kube-controller-manager flags and the sample window). */
export interface StartupTimings {
  cpuInitializationPeriodSeconds: number;
  initialReadinessDelaySeconds: number;
  metricWindowSeconds: number;
}

/**
 * Sorts the pods into the four groups in upstream's order of tests: terminating or Failed, Pending,
 * no sample, then (cpu, `cpu` true) the start-up rule. Succeeded pods are not special-cased, as upstream.
 */
export function groupPods(pods: readonly HpaPod[], timings: StartupTimings, cpu = true): GroupedPod[] {
  return pods.map((pod) => {
    if (pod.deleting) return { pod, group: 'ignored', why: 'terminating (deletionTimestamp set)' };
    if (pod.phase === 'Failed') return { pod, group: 'ignored', why: 'phase Failed' };
    if (pod.phase === 'Pending') return { pod, group: 'unready', why: 'phase Pending' };
    if (pod.usageMilliCpu === undefined) return { pod, group: 'missing', why: 'no sample' };
    if (!cpu) return { pod, group: 'ready', why: 'sample counts' };
    const unready = cpuStartupUnready(pod, timings);
    if (unready !== undefined) return { pod, group: 'unready', why: unready };
    return { pod, group: 'ready', why: 'sample counts' };
  });
}

/**
 * The CPU start-up rule (replica_calculator.go groupPods, resource cpu). Within the initialization period
 * a sample counts only if the pod is Ready and a whole metric window has passed since it turned Ready
 * (the sample is taken as of now). After it, a not-Ready pod is left out only if it has never been Ready:
 * its Ready condition last changed within the initial readiness delay of its start.
 * Returns why the pod is unready, or undefined when its sample counts.
 */
function cpuStartupUnready(pod: HpaPod, t: StartupTimings): string | undefined {
  const started = pod.startedSecondsAgo;
  if (started !== undefined && started < t.cpuInitializationPeriodSeconds) {
    if (!pod.ready)
      return `not Ready within the ${t.cpuInitializationPeriodSeconds}s cpu initialization period`;
    const readyFor = pod.readyChangedSecondsAgo ?? started;
    if (readyFor < t.metricWindowSeconds)
      return `Ready for ${readyFor}s, less than one ${t.metricWindowSeconds}s metric window, within the cpu initialization period`;
    return undefined;
  }
  if (pod.ready) return undefined;
  // Seconds from the start to the Ready condition's last change: 0 when it never changed; unbounded
  // when the start is long ago but the change is known (the pod was Ready once).
  const changedAfterStart =
    pod.readyChangedSecondsAgo === undefined
      ? 0
      : started === undefined
        ? Number.POSITIVE_INFINITY
        : started - pod.readyChangedSecondsAgo;
  if (changedAfterStart < t.initialReadinessDelaySeconds)
    return `not Ready and never Ready since start (last change within the ${t.initialReadinessDelaySeconds}s initial readiness delay)`;
  return undefined;
}
