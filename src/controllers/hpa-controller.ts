import { MICROS_PER_SECOND, type Micros, seconds } from '../engine/time.js';
import type { HpaMetricSources } from '../metrics/autoscaling-metric-sources.js';
import type { HpaSyncObservation } from '../metrics/autoscaling-series.js';
import type { PodCpuMetrics } from '../metrics/pod-metrics.js';
import type { HorizontalPodAutoscaler, HpaMetricSource } from '../model/hpa.js';
import { matchesSelector } from '../model/labels.js';
import { objectKey, type Pod, podKey } from '../model/pod.js';
import type { Workload } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import {
  DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
  DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
  DEFAULT_INITIAL_READINESS_DELAY_SECONDS,
  DEFAULT_METRIC_WINDOW_SECONDS,
  DEFAULT_TOLERANCE,
  type ResolvedScalingRules,
  resolveBehavior,
} from './hpa/defaults.js';
import type { HpaPod } from './hpa/input.js';
import { normalizeValidReplicas } from './hpa/normalize-replicas.js';
import {
  averageValueMetricReplicas,
  type PlainMetricResult,
  plainMetricReplicas,
  valueMetricReplicas,
} from './hpa/plain-metrics.js';
import { calculateDesiredReplicas, type Tolerances } from './hpa/replica-calculator.js';

/**
 * --horizontal-pod-autoscaler-sync-period: 15 s (pkg/controller/podautoscaler/config/v1alpha1/defaults.go).
 * Upstream requeues each HPA this long after its last reconcile; here every HPA is reconciled on one
 * 15 s tick starting when the run starts, as an HPA that exists at start is reconciled at once.
 */
export const HPA_SYNC_PERIOD: Micros = seconds(15);

/**
 * metricName of a Resource metric in the rescale reason (horizontal.go computeStatusForResourceMetric):
 * "<name> resource utilization (percentage of request)".
 */
const CPU_METRIC_NAME = 'cpu resource utilization (percentage of request)';

/** The start-up timings of the controller's flags, as the replica calculation reads them. */
const TIMINGS = {
  cpuInitializationPeriodSeconds: DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
  initialReadinessDelaySeconds: DEFAULT_INITIAL_READINESS_DELAY_SECONDS,
  metricWindowSeconds: DEFAULT_METRIC_WINDOW_SECONDS,
};

/**
 * metricNameProposal of each other metric (horizontal.go computeStatusFor…Metric): "cpu resource",
 * "pods metric NAME", "KIND metric NAME", "external metric NAME(SELECTOR)".
 */
function metricName(m: HpaMetricSource): string {
  switch (m.type) {
    case 'Resource':
      return `${m.name} resource`;
    case 'Pods':
      return `pods metric ${m.name}`;
    case 'Object':
      return `${m.describedObject.kind} metric ${m.name}`;
    case 'External':
      return `external metric ${m.name}(${m.selector === undefined ? 'nil' : JSON.stringify(m.selector)})`;
  }
}

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
  /** `behavior` with its defaults, resolved once (absent: the legacy rules). */
  rules?: { scaleUp: ResolvedScalingRules; scaleDown: ResolvedScalingRules };
  tolerances: Tolerances;
  /**
   * How long entries are read: recommendations for the HPA's longest stabilisation window, scale
   * events for its longest policy period; older ones are dropped, so a sync reads only what counts.
   */
  keepRecommendations: Micros;
  keepEvents: Micros;
}

/** One pod of the target this sync, with its cpu request (undefined: a container lacks one). */
interface TargetPod {
  pod: Pod;
  hpaPod: HpaPod;
  requestMilliCpu: number | undefined;
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
  /** The pods each HPA's target selects, in creation order. */
  private readonly selected = new Map<HorizontalPodAutoscaler, Set<Pod>>();
  /** When each pod's Ready condition last changed (its lastTransitionTime). */
  private readonly readyChangedAt = new Map<string, Micros>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly hpas: readonly HorizontalPodAutoscaler[],
    private readonly metrics: PodCpuMetrics,
    private readonly sources: HpaMetricSources,
    private readonly record: (rescale: HpaRescale) => void,
    /** Each sync that computed a count (status.desiredReplicas), "namespace/name" of the HPA. */
    private readonly observe: (hpa: string, observation: HpaSyncObservation) => void = () => {},
  ) {}

  start(): void {
    const { cluster } = this.ctx;
    // The pods each HPA's target selects, kept as pods come and go (labels and selectors do not
    // change), so a sync reads its own pods rather than every pod of the cluster.
    const selects = (hpa: HorizontalPodAutoscaler, pod: Pod): boolean => {
      const w = cluster.workload(objectKey(hpa.namespace, hpa.target.name));
      return w !== undefined && pod.namespace === hpa.namespace && matchesSelector(w.selector, pod.labels);
    };
    for (const hpa of this.hpas)
      this.selected.set(hpa, new Set([...cluster.pods].filter((p) => selects(hpa, p))));
    cluster.watch((event) => {
      if (event.type === 'PodUpdated' && event.old.ready !== event.pod.ready)
        this.readyChangedAt.set(podKey(event.pod), this.ctx.sim.now);
      else if (event.type === 'PodDeleted') {
        this.readyChangedAt.delete(podKey(event.pod));
        for (const pods of this.selected.values()) pods.delete(event.pod);
      } else if (event.type === 'PodAdded')
        for (const [hpa, pods] of this.selected) if (selects(hpa, event.pod)) pods.add(event.pod);
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
    let metric = CPU_METRIC_NAME;
    if (!early) {
      const computed = this.proposal(hpa, workload, history.tolerances);
      // FailedComputeMetricsReplicas: upstream returns before normalising; nothing is recorded.
      if (computed === undefined) return;
      proposal = computed.replicas;
      metric = computed.metric;
    }
    this.prune(history, now);
    // The input is built from loaded, validated objects: the normalisation runs without its schema check.
    const normalized = normalizeValidReplicas(
      {
        currentReplicas: current,
        desiredReplicas: proposal,
        minReplicas,
        maxReplicas: hpa.maxReplicas,
        ...(hpa.behavior ? { behavior: hpa.behavior } : {}),
        recommendations: ago(history.recommendations, now, (r) => ({ replicas: r.replicas })),
        scaleUpEvents: ago(history.scaleUpEvents, now, (e) => ({ replicaChange: e.replicaChange })),
        scaleDownEvents: ago(history.scaleDownEvents, now, (e) => ({ replicaChange: e.replicaChange })),
      },
      history.rules,
    ).result;
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
      reason: rescaleReason(early, metric, current, to, normalized.reason),
    });
  }

  /**
   * The metrics' proposal (horizontal.go computeReplicasForMetrics): the largest over the metrics
   * (the first on a tie names the reason); undefined when every metric failed, or when one failed
   * and the others would scale down. An HPA with no metric kubesim simulates proposes the current count.
   */
  private proposal(
    hpa: HorizontalPodAutoscaler,
    workload: Workload,
    tolerances: Tolerances,
  ): { replicas: number; metric: string } | undefined {
    const current = workload.replicas;
    const pods = this.targetPods(hpa);
    let best: { replicas: number; metric: string } | undefined;
    let invalid = 0;
    let total = 0;
    const consider = (replicas: number | undefined, metric: string): void => {
      total++;
      if (replicas === undefined) invalid++;
      else if (best === undefined || replicas > best.replicas) best = { replicas, metric };
    };
    if (hpa.targetCpuUtilization !== null)
      consider(
        this.cpuUtilizationProposal(current, hpa.targetCpuUtilization, pods, tolerances),
        CPU_METRIC_NAME,
      );
    for (const m of hpa.metrics ?? [])
      consider(this.metricProposal(hpa, m, workload, pods, tolerances), metricName(m));
    if (total === 0) return { replicas: current, metric: CPU_METRIC_NAME };
    if (best === undefined || (invalid > 0 && best.replicas < current)) return undefined;
    return best;
  }

  /** The pods the target's selector matches (every phase), with their cpu requests and start times. */
  private targetPods(hpa: HorizontalPodAutoscaler): TargetPod[] {
    const out: TargetPod[] = [];
    for (const pod of this.selected.get(hpa) ?? []) {
      const request = cpuRequest(pod);
      out.push({ pod, hpaPod: this.hpaPod(pod, request ?? 0), requestMilliCpu: request });
    }
    return out;
  }

  /** The cpu Utilization proposal (GetResourceReplicas); undefined when it fails (no sample, no request). */
  private cpuUtilizationProposal(
    current: number,
    targetUtilization: number,
    pods: readonly TargetPod[],
    tolerances: Tolerances,
  ): number | undefined {
    if (pods.some((p) => p.requestMilliCpu === undefined)) return undefined; // "missing request for cpu …"
    const result = calculateDesiredReplicas({
      currentReplicas: current,
      targetUtilization,
      scaleUpTolerance: tolerances.scaleUp,
      scaleDownTolerance: tolerances.scaleDown,
      pods: pods.map((p) => p.hpaPod),
    }).result;
    return result.error === undefined ? result.replicas : undefined;
  }

  /** One other metric's proposal (replica_calculator.go, by type and target); undefined when it fails. */
  private metricProposal(
    hpa: HorizontalPodAutoscaler,
    m: HpaMetricSource,
    workload: Workload,
    pods: readonly TargetPod[],
    tolerances: Tolerances,
  ): number | undefined {
    const current = workload.replicas;
    const now = this.ctx.sim.now;
    let result: PlainMetricResult;
    if (m.type === 'Resource' || m.type === 'Pods') {
      // GetRawResourceReplicas / GetMetricReplicas → calcPlainMetricReplicas.
      const withValues = pods.map((p): HpaPod => {
        const { usageMilliCpu: _cpu, ...rest } = p.hpaPod;
        const value =
          m.type === 'Resource' ? p.hpaPod.usageMilliCpu : this.sources.podRequestRateMilli(p.pod);
        return value === undefined ? rest : { ...rest, usageMilliCpu: value };
      });
      result = plainMetricReplicas({
        currentReplicas: current,
        targetAverageValue: m.averageValueMilli,
        tolerances,
        timings: TIMINGS,
        cpu: m.type === 'Resource',
        pods: withValues,
      });
    } else {
      const value =
        m.type === 'External'
          ? this.sources.seriesValueMilli('external', m.name, now)
          : m.describedObject.kind === 'Service' &&
              this.sources.seriesValueMilli('object', m.name, now) === undefined
            ? this.sources.serviceRequestRateMilli(objectKey(hpa.namespace, m.describedObject.name))
            : this.sources.seriesValueMilli('object', m.name, now);
      if (value === undefined) return undefined; // FailedGetObjectMetric / FailedGetExternalMetric
      if (m.target.type === 'AverageValue')
        // …PerPodMetricReplicas take status.replicas: the pods the target's selector counts.
        result = averageValueMetricReplicas({
          statusReplicas: pods.filter((p) => p.pod.deletionTimestamp === undefined).length,
          value,
          targetAverageValue: m.target.milli,
          tolerances,
        });
      else {
        const ready = pods.filter((p) => p.pod.phase === 'Running' && p.pod.ready).length;
        result = valueMetricReplicas({
          currentReplicas: current,
          value,
          targetValue: m.target.milli,
          tolerances,
          readyPods: pods.length === 0 ? undefined : ready,
        });
      }
    }
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
      // behavior.scale{Up,Down}.tolerance: HPAConfigurableTolerance, beta (on by default) from 1.35.
      const perHpa = this.ctx.kubernetesMinor >= 35;
      const rules = hpa.behavior
        ? resolveBehavior(hpa.behavior, DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS)
        : undefined;
      const windows = rules
        ? [rules.scaleUp.stabilizationWindowSeconds, rules.scaleDown.stabilizationWindowSeconds]
        : [DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS];
      const periods = rules
        ? [...rules.scaleUp.policies, ...rules.scaleDown.policies].map((p) => p.periodSeconds)
        : [0];
      h = {
        recommendations: [],
        scaleUpEvents: [],
        scaleDownEvents: [],
        started: false,
        ...(rules ? { rules } : {}),
        keepRecommendations: seconds(Math.max(...windows)),
        keepEvents: seconds(Math.max(...periods)),
        tolerances: {
          scaleUp: (perHpa ? hpa.behavior?.scaleUp?.tolerance : undefined) ?? DEFAULT_TOLERANCE,
          scaleDown: (perHpa ? hpa.behavior?.scaleDown?.tolerance : undefined) ?? DEFAULT_TOLERANCE,
        },
      };
      this.histories.set(hpa, h);
    }
    return h;
  }

  private prune(h: HpaHistory, now: Micros): void {
    // A recommendation exactly at the window's edge still counts (stabilizeRecommendation); so does an event.
    h.recommendations = h.recommendations.filter((r) => now - r.at <= h.keepRecommendations);
    h.scaleUpEvents = h.scaleUpEvents.filter((e) => now - e.at <= h.keepEvents);
    h.scaleDownEvents = h.scaleDownEvents.filter((e) => now - e.at <= h.keepEvents);
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
function rescaleReason(early: boolean, metric: string, from: number, to: number, normalized: string): string {
  if (early) return normalized;
  const base = to > from ? `${metric} above target` : 'All metrics below target';
  return normalized === 'DesiredWithinRange' || normalized === 'ReadyForNewScale'
    ? base
    : `${base} (${normalized})`;
}
