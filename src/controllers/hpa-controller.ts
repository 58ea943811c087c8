import { MICROS_PER_SECOND, type Micros, seconds } from '../engine/time.js';
import type { HpaSyncObservation } from '../metrics/autoscaling-series.js';
import type { PodCpuMetrics } from '../metrics/pod-metrics.js';
import type { HorizontalPodAutoscaler } from '../model/hpa.js';
import { matchesSelector } from '../model/labels.js';
import { objectKey, type Pod, podKey } from '../model/pod.js';
import type { Workload } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import { type HpaPod, hpaDesiredReplicas, hpaNormalizeReplicas } from './hpa/index.js';

/**
 * --horizontal-pod-autoscaler-sync-period: 15 s (pkg/controller/podautoscaler/config/v1alpha1/defaults.go).
 * Upstream requeues each HPA this long after its last reconcile; here every HPA is reconciled on one
 * 15 s tick starting when the run starts, as an HPA that exists at start is reconciled at once.
 */
export const HPA_SYNC_PERIOD: Micros = seconds(15);

/** Recommendations older than the longest stabilisation window (3600 s, validation.go) are never read. */
const MAX_STABILIZATION_WINDOW: Micros = seconds(3600);
/** Scale events older than the longest policy period (1800 s, validation.go) are never read. */
const MAX_PERIOD: Micros = seconds(1800);

/**
 * metricName of a Resource metric in the rescale reason (horizontal.go computeStatusForResourceMetric):
 * "<name> resource utilization (percentage of request)".
 */
const CPU_METRIC_NAME = 'cpu resource utilization (percentage of request)';

/** A rescale the controller made, for the report. */
export interface HpaRescale {
  at: Micros;
  /** The HPA, "namespace/name". */
  hpa: string;
  /** The scaled workload, "deployment/NAMESPACE/NAME" or "statefulset/NAMESPACE/NAME". */
  target: string;
  /** The scaled workload's key, "NAMESPACE/NAME". */
  workload: string;
  from: number;
  to: number;
  /** Upstream's rescale reason, then the normalisation's reason when a bound, rate or stabilisation decided. */
  reason: string;
}

/** What the controller keeps per HPA between syncs (upstream's recommendations and scaleUp/DownEvents maps). */
interface HpaHistory {
  recommendations: { at: Micros; replicas: number }[];
  scaleUpEvents: { at: Micros; replicaChange: number }[];
  scaleDownEvents: { at: Micros; replicaChange: number }[];
  /** recordInitialRecommendation: the first sync records the current count. */
  started: boolean;
}

/**
 * The HorizontalPodAutoscaler controller of kube-controller-manager (pkg/controller/podautoscaler/
 * horizontal.go reconcileAutoscaler): every sync period, for each HPA, the target's pods and their
 * CPU samples go through hpaDesiredReplicas (replica_calculator.go), the proposal through
 * hpaNormalizeReplicas with the recommendations and scale events kept here, and a changed count is
 * written to the target's scale subresource.
 */
export class HorizontalPodAutoscalerController {
  private readonly histories = new Map<HorizontalPodAutoscaler, HpaHistory>();
  /** When each pod's Ready condition last changed (its lastTransitionTime). */
  private readonly readyChangedAt = new Map<string, Micros>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly hpas: readonly HorizontalPodAutoscaler[],
    private readonly metrics: PodCpuMetrics,
    private readonly record: (rescale: HpaRescale) => void,
    /** Each sync that computed a count (status.desiredReplicas), "namespace/name" of the HPA. */
    private readonly observe: (hpa: string, observation: HpaSyncObservation) => void = () => {},
  ) {}

  start(): void {
    this.ctx.cluster.watch((event) => {
      if (event.type === 'PodUpdated' && event.old.ready !== event.pod.ready)
        this.readyChangedAt.set(podKey(event.pod), this.ctx.sim.now);
      else if (event.type === 'PodDeleted') this.readyChangedAt.delete(podKey(event.pod));
    });
    if (this.hpas.length === 0) return;
    this.ctx.sim.every(HPA_SYNC_PERIOD, () => this.syncAll(), this.ctx.sim.now);
  }

  private syncAll(): void {
    for (const hpa of this.hpas) this.reconcile(hpa);
  }

  private reconcile(hpa: HorizontalPodAutoscaler): void {
    const { sim, cluster, api } = this.ctx;
    const now = sim.now;
    const workloadKey = objectKey(hpa.namespace, hpa.target.name);
    const workload = cluster.workload(workloadKey);
    if (!workload || workload.kind !== hpa.target.kind) return; // FailedGetScale: nothing to scale
    const history = this.historyOf(hpa);
    const current = workload.replicas;
    if (!history.started) {
      history.started = true;
      history.recommendations.push({ at: now, replicas: current });
    }
    const minReplicas = hpa.minReplicas;
    // reconcileAutoscaler: a target at zero, or outside the bounds, is handled before any metric.
    const early = (current === 0 && minReplicas !== 0) || current > hpa.maxReplicas || current < minReplicas;
    let proposal = current;
    let metricFailed = false;
    if (!early && hpa.targetCpuUtilization !== null) {
      const result = this.cpuProposal(hpa, workload, hpa.targetCpuUtilization);
      if (result === undefined) metricFailed = true;
      else proposal = result;
    }
    // FailedComputeMetricsReplicas: upstream returns before normalising; nothing is recorded.
    if (metricFailed) return;
    this.prune(history, now);
    const normalized = hpaNormalizeReplicas({
      currentReplicas: current,
      desiredReplicas: proposal,
      minReplicas,
      maxReplicas: hpa.maxReplicas,
      ...(hpa.behavior ? { behavior: hpa.behavior } : {}),
      recommendations: ago(history.recommendations, now, (r) => ({ replicas: r.replicas })),
      scaleUpEvents: ago(history.scaleUpEvents, now, (e) => ({ replicaChange: e.replicaChange })),
      scaleDownEvents: ago(history.scaleDownEvents, now, (e) => ({ replicaChange: e.replicaChange })),
    });
    // The normalisations record the unstabilised proposal (stabilizeRecommendation…).
    if (!early) history.recommendations.push({ at: now, replicas: proposal });
    const to = normalized.replicas;
    this.observe(objectKey(hpa.namespace, hpa.name), {
      desiredReplicas: to,
      ...(early ? {} : { metricDesiredReplicas: proposal }),
    });
    if (to === current) return;
    if (!api.scale(workloadKey, to).ok) return; // FailedRescale: tried again at the next sync
    if (hpa.behavior) {
      // storeScaleEvent: only with behavior.
      const events = to > current ? history.scaleUpEvents : history.scaleDownEvents;
      events.push({ at: now, replicaChange: Math.abs(to - current) });
    }
    this.record({
      at: now,
      hpa: objectKey(hpa.namespace, hpa.name),
      target: `${hpa.target.kind.toLowerCase()}/${workloadKey}`,
      workload: workloadKey,
      from: current,
      to,
      reason: rescaleReason(early, current, to, normalized.reason),
    });
  }

  /** The CPU metric's proposal; undefined when upstream's calculation fails (no sample, no request). */
  private cpuProposal(
    hpa: HorizontalPodAutoscaler,
    workload: Workload,
    targetUtilization: number,
  ): number | undefined {
    const pods: HpaPod[] = [];
    for (const pod of this.ctx.cluster.pods) {
      if (pod.namespace !== hpa.namespace || !matchesSelector(workload.selector, pod.labels)) continue;
      const request = cpuRequest(pod);
      if (request === undefined) return undefined; // "missing request for cpu in container …"
      pods.push(this.hpaPod(pod, request));
    }
    const minor = this.ctx.kubernetesMinor;
    // behavior.scale{Up,Down}.tolerance: HPAConfigurableTolerance, beta (on by default) from 1.35.
    const up = minor >= 35 ? hpa.behavior?.scaleUp?.tolerance : undefined;
    const down = minor >= 35 ? hpa.behavior?.scaleDown?.tolerance : undefined;
    const result = hpaDesiredReplicas({
      currentReplicas: workload.replicas,
      targetUtilization,
      ...(up !== undefined ? { scaleUpTolerance: up } : {}),
      ...(down !== undefined ? { scaleDownTolerance: down } : {}),
      pods,
    });
    return result.error === undefined ? result.replicas : undefined;
  }

  private hpaPod(pod: Pod, requestMilliCpu: number): HpaPod {
    const now = this.ctx.sim.now;
    const key = podKey(pod);
    const sample = this.metrics.sample(key);
    const p: HpaPod = {
      name: pod.name,
      phase: pod.phase,
      ready: pod.ready,
      deleting: pod.deletionTimestamp !== undefined,
      requestMilliCpu,
    };
    if (sample) p.usageMilliCpu = sample.usageMilliCpu;
    // status.startTime is set when the kubelet takes the pod, about when it is bound.
    const startedAt = pod.scheduledAt;
    if (startedAt !== undefined) {
      p.startedSecondsAgo = (now - startedAt) / MICROS_PER_SECOND;
      const changed = this.readyChangedAt.get(key);
      if (changed !== undefined && changed >= startedAt)
        p.readyChangedSecondsAgo = (now - changed) / MICROS_PER_SECOND;
    }
    return p;
  }

  private historyOf(hpa: HorizontalPodAutoscaler): HpaHistory {
    let h = this.histories.get(hpa);
    if (!h) {
      h = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [], started: false };
      this.histories.set(hpa, h);
    }
    return h;
  }

  private prune(h: HpaHistory, now: Micros): void {
    h.recommendations = h.recommendations.filter((r) => now - r.at <= MAX_STABILIZATION_WINDOW);
    h.scaleUpEvents = h.scaleUpEvents.filter((e) => now - e.at <= MAX_PERIOD);
    h.scaleDownEvents = h.scaleDownEvents.filter((e) => now - e.at <= MAX_PERIOD);
  }
}

/** Σ cpu requests of the containers and sidecars (replica_calculator.go calculateRequests); undefined if one lacks it. */
function cpuRequest(pod: Pod): number | undefined {
  let total = 0;
  const counted = [
    ...pod.spec.containers,
    ...pod.spec.initContainers.filter((c) => c.restartPolicy === 'Always'),
  ];
  for (const c of counted) {
    // API defaulting copies a limit into a missing request.
    const request = c.requests.cpu ?? c.limits.cpu;
    if (request === undefined) return undefined;
    total += request;
  }
  return total;
}

/** History entries as the library takes them: seconds ago. */
function ago<T extends { at: Micros }, U>(
  entries: readonly T[],
  now: Micros,
  rest: (e: T) => U,
): (U & { secondsAgo: number })[] {
  return entries.map((e) => ({ secondsAgo: (now - e.at) / MICROS_PER_SECOND, ...rest(e) }));
}

/** horizontal.go: "<metric> above target" / "All metrics below target", or the bound's reason. */
function rescaleReason(early: boolean, from: number, to: number, normalized: string): string {
  if (early) return normalized;
  const base = to > from ? `${CPU_METRIC_NAME} above target` : 'All metrics below target';
  return normalized === 'DesiredWithinRange' || normalized === 'ReadyForNewScale'
    ? base
    : `${base} (${normalized})`;
}
