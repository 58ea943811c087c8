import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { loadText } from '../manifests/load.js';
import type { Override } from '../manifests/overrides.js';
import type { LoadBalancing } from '../model/traffic.js';
import { createRun, type Run } from '../sim/run.js';
import { TrafficModel } from '../traffic/model.js';
import type { MinutePoint } from '../traffic/stats.js';
import { type ClusterSnapshot, clusterSnapshot } from './snapshot.js';

/** The playground samples the pods' availability on this simulated step (and advances by it). */
export const SAMPLE_STEP: Micros = 15 * MICROS_PER_SECOND;

/** One point of the pods' availability: the share of desired replicas available, over every workload. */
export interface AvailabilityPoint {
  /** Seconds of simulated time. */
  t: number;
  available: number;
}

/** What the playground is started with; every field but the YAML can change between restarts. */
export interface PlaygroundOptions {
  /** The manifests and Scenario, as one multi-document YAML text. */
  yaml: string;
  /** Its name in messages. */
  file: string;
  /** Overrides the Scenario's horizon (µs). */
  duration?: Micros;
  /** A load-balancing policy for these `spec.services` entries; undefined: as the YAML says. */
  loadBalancing?: { policy: LoadBalancing; services: readonly string[] };
}

/**
 * One live run for the page, without any DOM: loads the YAML (loadText, as the CLI loads files),
 * builds the run with createRun, advances it in SAMPLE_STEP slices, and turns the buttons into
 * faults and operations through the run's registries (Run.injectFault, Run.startOperation) and the
 * load slider into the traffic model's arrival rate.
 */
export class Playground {
  readonly run: Run;
  readonly traffic: TrafficModel;
  /** The workload the load slider drives, and the key of the Service it sends to ("default/web"). */
  readonly workload: { name: string; service: string; rate: number };
  private readonly pods: AvailabilityPoint[] = [];
  private nextSample: Micros = 0;

  constructor(private readonly options: PlaygroundOptions) {
    const overrides = policyOverrides(options.loadBalancing);
    const loaded = loadText(options.yaml, options.file, { requireScenario: true, overrides });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(errors.map(formatDiagnostic).join('\n'));
    this.run = createRun(
      loaded.input,
      options.duration === undefined ? {} : { duration: options.duration / MICROS_PER_SECOND },
    );
    const traffic = this.run.traffic;
    const first = this.run.scenario.traffic?.workloads[0];
    if (!(traffic instanceof TrafficModel) || first === undefined)
      throw new Error(`Cannot play ${options.file}: it needs a workload with request-level traffic`);
    this.traffic = traffic;
    const rate = first.arrivals.kind === 'poisson' ? first.arrivals.rate : Number.NaN;
    this.workload = { name: first.name, service: first.target, rate };
    this.sample();
  }

  /**
   * A fresh run of the same YAML and seed with every Service on `policy`: a Service's balancer is
   * built with its run, so a policy is compared from the start, on the same random streams.
   */
  withPolicy(policy: LoadBalancing): Playground {
    const services = Object.keys(this.run.scenario.services);
    return new Playground({ ...this.options, loadBalancing: { policy, services } });
  }

  /** The policy of the workload's Service. */
  get loadBalancing(): LoadBalancing {
    return this.run.scenario.traffic?.services[this.workload.service]?.loadBalancing ?? 'kube-proxy';
  }

  /** Simulated time now (µs). */
  get now(): Micros {
    return this.run.now;
  }

  get finished(): boolean {
    return this.run.now >= this.run.duration;
  }

  /**
   * Advances the run towards `until` in SAMPLE_STEP slices (sampling after each) while `more()`
   * allows another slice (the page passes its frame budget); returns the simulated time reached.
   */
  advance(until: Micros, more: () => boolean = () => true): Micros {
    const target = Math.min(until, this.run.duration);
    while (this.run.now < target && more()) {
      this.run.advance(Math.min(target, this.nextSample));
      if (this.run.now >= this.nextSample) this.sample();
    }
    return this.run.now;
  }

  snapshot(): ClusterSnapshot {
    return clusterSnapshot(this.run.cluster, this.run.truth);
  }

  /** The pods' availability, one point per SAMPLE_STEP from the start. */
  get podAvailability(): readonly AvailabilityPoint[] {
    return this.pods;
  }

  /** The closed simulated minutes of a Service's requests ("default/web"). */
  minutes(service: string): readonly MinutePoint[] {
    return this.traffic.minuteSeries(service);
  }

  /** The node's machine stops (nodeCrash), for `downFor` or for good. */
  killNode(node: string, downFor?: Micros): void {
    this.run.injectFault({ kind: 'nodeCrash', at: this.now, target: { node, count: 1 }, for: downFor });
  }

  /** Every machine of the zone and its control-plane members stop (zoneOutage). */
  killZone(zone: string, downFor?: Micros): void {
    this.run.injectFault({ kind: 'zoneOutage', at: this.now, target: { zone }, for: downFor });
  }

  /** A majority of the etcd members is lost (controlPlaneMemberLoss): no quorum, the API refuses writes. */
  killControlPlane(downFor?: Micros): void {
    const members = this.run.truth.controlPlaneMembers.filter((m) => m.up).length;
    const count = Math.floor(members / 2) + 1;
    this.run.injectFault({ kind: 'controlPlaneMemberLoss', at: this.now, count, for: downFor });
  }

  /** `kubectl drain NODE` (cordon, then evictions through the API, honouring PodDisruptionBudgets). */
  drainNode(node: string): void {
    this.run.startOperation({ kind: 'drain', at: this.now, node, force: false });
  }

  /** `kubectl uncordon NODE`, to take a drained node back. */
  uncordonNode(node: string): void {
    this.run.startOperation({ kind: 'uncordon', at: this.now, node });
  }

  /** `kubectl scale --replicas` of a workload ("default/web") through the API server. */
  scale(workload: string, replicas: number): void {
    this.run.startOperation({ kind: 'scale', at: this.now, workload, replicas });
  }

  /** The load slider: requests per second of the workload from now on (Poisson). */
  setRate(rate: number): void {
    this.traffic.setArrivalRate(this.workload.name, rate);
    this.workload.rate = rate;
  }

  private sample(): void {
    const workloads = this.snapshot().workloads;
    const desired = workloads.reduce((s, w) => s + w.replicas, 0);
    const available = workloads.reduce((s, w) => s + Math.min(w.available, w.replicas), 0);
    this.pods.push({
      t: this.run.now / MICROS_PER_SECOND,
      available: desired === 0 ? 1 : available / desired,
    });
    this.nextSample = this.run.now + SAMPLE_STEP;
  }
}

/** The Scenario overrides (as `kubesim compare --vary` sets them) that put the Services on a policy. */
function policyOverrides(choice: PlaygroundOptions['loadBalancing']): Override[] {
  if (choice === undefined) return [];
  return choice.services.map((name) => ({
    target: 'Scenario',
    path: ['spec', 'services', name, 'loadBalancing'],
    value: choice.policy,
  }));
}
