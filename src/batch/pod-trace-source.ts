import type { ApiServer } from '../api/api-server.js';
import { constant } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import {
  DEFAULT_SCHEDULER_NAME,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  withDefaultTolerations,
} from '../manifests/convert/pod-spec.js';
import type { PodTrace, PodTraceRow } from '../model/batch.js';
import type { Pod, PodSpec } from '../model/pod.js';
import type { WorkloadBehaviour } from '../model/workloads.js';

/** The label every trace pod carries, valued with the trace's name prefix (to select them, as a user would). */
export const LABEL_POD_TRACE = 'kubesim.dev/pod-trace';

/**
 * Replays a pod arrival trace (`spec.batch.podTrace`): at each row's time a bare pod is created through
 * the API server — one container requesting the row's cpu and memory, restartPolicy Never, the row's
 * priority — whose program runs the row's duration and exits 0. A create refused (no quorum) is
 * retried every second, as a client would. Gives the kubelet each pod's behaviour by pod name.
 */
export class PodTraceSource {
  private readonly behaviours = new Map<string, WorkloadBehaviour>();
  private readonly names = new Set<string>();

  constructor(
    private readonly trace: PodTrace,
    private readonly sim: Simulation,
    private readonly api: ApiServer,
  ) {
    trace.rows.forEach((row, i) => {
      const name = this.podName(i);
      this.names.add(name);
      this.behaviours.set(name, {
        startupTime: trace.startupTime,
        completion: { duration: constant(row.duration), failureProbability: 0 },
      });
    });
  }

  start(): void {
    this.trace.rows.forEach((row, i) => {
      this.sim.scheduleAt(Math.max(row.at, this.sim.now), () => this.create(row, i));
    });
  }

  /** The run-time behaviour of trace pod `name`, or undefined when it is not one. */
  behaviour(name: string): WorkloadBehaviour | undefined {
    return this.behaviours.get(name);
  }

  /** Whether the pod is one of this trace's. */
  owns(pod: Pick<Pod, 'name' | 'namespace' | 'owner'>): boolean {
    return pod.owner === undefined && pod.namespace === this.trace.namespace && this.names.has(pod.name);
  }

  private podName(i: number): string {
    return `${this.trace.namePrefix}-${i}`;
  }

  private create(row: PodTraceRow, i: number): void {
    const result = this.api.createPod({
      namespace: this.trace.namespace,
      name: this.podName(i),
      labels: { [LABEL_POD_TRACE]: this.trace.namePrefix },
      spec: traceSpec(row),
      phase: 'Pending',
      ready: false,
      createdAt: this.sim.now,
    });
    if (!result.ok && result.code === 503) this.sim.schedule(1_000_000, () => this.create(row, i));
  }
}

function traceSpec(row: PodTraceRow): PodSpec {
  return {
    nodeSelector: {},
    tolerations: withDefaultTolerations([]),
    topologySpreadConstraints: [],
    priority: row.priority,
    ...(row.priorityClassName === undefined ? {} : { priorityClassName: row.priorityClassName }),
    preemptionPolicy: row.preemptionPolicy,
    schedulerName: DEFAULT_SCHEDULER_NAME,
    containers: [
      {
        name: 'main',
        ports: [],
        requests: { cpu: row.cpuMillis, memory: row.memoryBytes },
        limits: {},
      },
    ],
    initContainers: [],
    terminationGracePeriodSeconds: DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    restartPolicy: 'Never',
  };
}
