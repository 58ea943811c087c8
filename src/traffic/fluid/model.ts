import type { Distribution } from '../../engine/distributions.js';
import type { RandomStream, RandomStreams } from '../../engine/random.js';
import type { Simulation } from '../../engine/simulation.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND, type Micros } from '../../engine/time.js';
import type { ServiceBehaviour, TrafficConfig, WorkloadConfig } from '../../model/traffic.js';
import { type ArrivalSampler, arrivalSampler } from '../arrivals.js';
import type { TrafficEndpoint } from '../endpoints.js';
import type { TrafficModelOptions } from '../model.js';
import type { RequestObserver } from '../request-observer.js';
import { imbalance, type ServiceResult, sloResults, type TrafficResult } from '../result.js';
import { FAILURE_REASONS, type FailureReason, type MinutePoint, noFailures } from '../stats.js';
import type { TrafficSimulator } from '../traffic-simulator.js';
import { addScaled, sumValues } from './failure-rates.js';
import { FluidStats } from './fluid-stats.js';
import { LatencyMix } from './latency-mix.js';
import { MinuteAccumulator } from './minute.js';
import { queueState } from './queue.js';

/** Rates are re-read and every queue re-solved at least this often (and at every seam call). */
export const FLUID_STEP: Micros = MICROS_PER_MINUTE;
/** Draws of each Service's service time that give its quantiles (for the latency percentiles). */
const SERVICE_SAMPLES = 4096;
/** Probability bins of the discretised latency distributions: finer in the tail, for p99 and p999. */
const BINS = [0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 1];

/**
 * Fluid traffic (docs/traffic.md, Fluid mode): rates per step instead of single requests. Between
 * steps (a minute, or the time to the next seam call) every rate is constant and every pod is a queue
 * in its steady state (src/traffic/fluid/queue.ts); a pod whose unbounded queue is over capacity
 * builds a backlog that drains later. Counts are expected values, integrated over time.
 */
export class FluidTrafficModel implements TrafficSimulator {
  private readonly sim: Simulation;
  private readonly config: TrafficConfig;
  private readonly services = new Map<string, FluidService>();
  /** Services with callers before their callees. */
  private readonly order: FluidService[];
  private readonly pods = new Map<string, FluidPod>();
  private readonly workloads: {
    config: WorkloadConfig;
    target: FluidService;
    sampler: ArrivalSampler;
    perRequest: number;
    rate: number;
  }[];
  private readonly entry = new FluidStats();
  private windowOpen: boolean;
  private segmentStart: Micros;
  private minuteStart: Micros;
  private observer: RequestObserver | null = null;

  constructor(options: TrafficModelOptions) {
    this.sim = options.sim;
    this.config = options.config;
    for (const [key, b] of Object.entries(this.config.services))
      this.services.set(key, new FluidService(key, b, options.random));
    this.order = topologicalOrder(this.services);
    for (const s of this.order) s.linkCalls(this.services);
    this.workloads = this.config.workloads.map((w) => ({
      config: w,
      target: this.services.get(w.target) as FluidService,
      sampler: arrivalSampler(w.arrivals),
      // Sessions start at the process's rate; each sends its mean length of requests.
      perRequest: w.clients === null ? 1 : Math.max(1, w.clients.sessionLength.mean),
      rate: 0,
    }));
    this.windowOpen = this.config.warmup <= this.sim.now;
    this.segmentStart = this.sim.now;
    this.minuteStart = this.sim.now;
    if (!this.windowOpen)
      this.sim.scheduleAt(this.config.warmup, () => {
        this.advance();
        this.windowOpen = true;
        for (const s of this.services.values()) for (const p of s.eligible) p.everEligible = true;
      });
    this.sim.every(FLUID_STEP, () => {
      this.advance();
      for (const s of this.services.values()) s.closeMinute(this.minuteStart);
      this.minuteStart = this.sim.now;
      this.solve();
    });
    this.solve();
  }

  // ── The seam ───────────────────────────────────────────────────────────────────────────────

  setEndpoints(serviceKey: string, endpoints: readonly TrafficEndpoint[]): void {
    const svc = this.services.get(serviceKey);
    if (svc === undefined) return;
    this.advance();
    svc.endpoints = endpoints.map((e) => {
      let pod = this.pods.get(e.pod);
      if (pod === undefined) {
        pod = new FluidPod(e.pod, e.node, e.zone, svc);
        this.pods.set(e.pod, pod);
      } else if (!pod.alive && e.ready && !pod.lastReady) pod.alive = true; // restarted
      pod.lastReady = e.ready;
      return { pod, ready: e.ready, serving: e.serving, terminating: e.terminating };
    });
    const ready = svc.endpoints.filter((e) => e.ready);
    const eligible = ready.length > 0 ? ready : svc.endpoints.filter((e) => e.serving && e.terminating);
    const next = eligible.map((e) => e.pod);
    for (const p of svc.eligible) if (!next.includes(p)) p.leave();
    svc.eligible = next;
    if (this.windowOpen) for (const p of svc.eligible) p.everEligible = true;
    this.solve();
  }

  podLost(podKey: string): void {
    const pod = this.pods.get(podKey);
    if (pod === undefined || !pod.alive) return;
    this.advance();
    // What it held (in service, queued, backlog) fails; it was counted served when admitted.
    this.lose(pod, 'podLost');
    pod.alive = false;
    this.solve();
  }

  podRestarted(podKey: string): void {
    const pod = this.pods.get(podKey);
    if (pod === undefined || pod.alive || !pod.lastReady) return;
    this.advance();
    pod.alive = true;
    this.solve();
  }

  setPodSlowdown(podKey: string, factor: number): void {
    const pod = this.pods.get(podKey);
    if (pod === undefined) return;
    this.advance();
    pod.slowdown = factor;
    this.solve();
  }

  cpuSeconds(podKey: string): number {
    const pod = this.pods.get(podKey);
    if (pod === undefined) return 0;
    return pod.cpuTotal + (pod.cpuRate * (this.sim.now - this.segmentStart)) / MICROS_PER_SECOND;
  }

  observeRequests(observer: RequestObserver): void {
    this.observer = observer;
  }

  finish(end: Micros): TrafficResult {
    this.advance(end);
    if (end > this.minuteStart) for (const s of this.services.values()) s.closeMinute(this.minuteStart);
    for (const pod of this.pods.values()) if (pod.alive) this.lose(pod, null);
    const services: ServiceResult[] = [];
    const series: Record<string, MinutePoint[]> = {};
    const window = (end - Math.max(this.config.warmup, 0)) / MICROS_PER_SECOND;
    for (const svc of this.services.values()) {
      if (svc.stats.offered <= 0) continue;
      services.push(
        svc.result(
          [...this.pods.values()].filter((p) => p.service === svc),
          window,
        ),
      );
      series[svc.key] = svc.series;
    }
    return { services, slo: sloResults(this.config.slo, this.entry), series };
  }

  // ── Integration ────────────────────────────────────────────────────────────────────────────

  /** Integrates the current rates from the segment's start to `now`. */
  private advance(now: Micros = this.sim.now): void {
    const dt = (now - this.segmentStart) / MICROS_PER_SECOND;
    this.segmentStart = now;
    if (dt <= 0) return;
    for (const svc of this.services.values()) {
      svc.minute.add(svc.rate, sumValues(svc.failRate), svc.servedRate, svc.mix, dt);
      if (this.windowOpen) svc.stats.offered += svc.rate * dt;
      for (const pod of svc.eligible) pod.integrate(dt, this.windowOpen);
      if (this.observer !== null) this.observeStep(svc, dt, this.observer);
      if (!this.windowOpen) continue;
      addScaled(svc.stats.failedByReason, svc.failRate, dt, 1);
      svc.stats.recordServed(svc.mix, dt, svc.meanLatency);
    }
    if (!this.windowOpen) return;
    for (const w of this.workloads) {
      const svc = w.target;
      const share = svc.rate === 0 ? 0 : w.rate / svc.rate;
      this.entry.offered += w.rate * dt;
      addScaled(this.entry.failedByReason, svc.failRate, share, dt);
      this.entry.recordServed(svc.mix, dt * share, svc.meanLatency);
    }
  }

  /**
   * The step's expected ends at their rates. Requests counted served and later lost with their pod
   * (`lose`) stay counted served here: a counter cannot go back.
   */
  private observeStep(svc: FluidService, dt: number, observer: RequestObserver): void {
    const { values, rates, length } = svc.mix;
    for (let i = 0; i < length; i++) {
      const rate = rates[i] as number;
      if (rate > 0) observer.requestsEnded(svc.key, null, values[i] as number, rate * dt);
    }
    for (const r of FAILURE_REASONS) {
      const n = svc.failRate[r] * dt;
      if (n > 0) observer.requestsEnded(svc.key, r, 0, n);
    }
  }

  /** Fails (or, with no reason, leaves in flight) what a pod holds. */
  private lose(pod: FluidPod, reason: FailureReason | null): void {
    const held = pod.held();
    pod.backlog = 0;
    if (!this.windowOpen || held <= 0) return;
    pod.service.stats.unserve(held, reason);
    pod.service.inFlight += reason === null ? held : 0;
  }

  /** New rates for the segment from now to the next step: a fixed point over the call graph. */
  private solve(): void {
    const now = this.sim.now;
    const mid = now + (this.minuteStart + FLUID_STEP - now) / 2;
    for (const w of this.workloads) w.rate = w.sampler.rateAt(mid) * w.perRequest;
    const planned = (this.minuteStart + FLUID_STEP - now) / MICROS_PER_SECOND;
    // The pods' states do not change while the call graph converges: group them once.
    for (const s of this.order) s.groupPods();
    for (let iteration = 0; iteration < 50; iteration++) {
      for (const s of this.order) s.rate = 0;
      for (const w of this.workloads) w.target.rate += w.rate;
      let change = 0;
      for (const s of this.order) {
        s.solve(planned);
        for (const c of s.calls) c.target.rate += s.ownDoneRate * c.count * c.probability;
      }
      for (let i = this.order.length - 1; i >= 0; i--)
        change = Math.max(change, (this.order[i] as FluidService).readCalls());
      if (change < 1e-9) break;
    }
    for (const s of this.order) s.applySolution();
  }
}

// ── Services and pods ──────────────────────────────────────────────────────────────────────────

interface FluidEndpoint {
  pod: FluidPod;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

class FluidService {
  endpoints: FluidEndpoint[] = [];
  eligible: FluidPod[] = [];
  /** Arrival rate now, requests/s. */
  rate = 0;
  /** Rate of requests whose own work is done (they make their calls). */
  ownDoneRate = 0;
  readonly failRate = noFailures();
  /** Served requests/s by latency. */
  readonly mix = new LatencyMix();
  servedRate = 0;
  private readonly groups: PodGroup[] = [];
  /** Each eligible pod's index in `groups`. */
  private readonly podGroups: number[] = [];
  /** The behaviour's calls, with their target Services. */
  calls: (ServiceBehaviour['calls'][number] & { target: FluidService })[] = [];
  meanLatency = 0;
  /** Mean time (µs) a request spends in its calls, and the probability they all succeed. */
  callLatency = 0;
  callSuccess = 1;
  readonly stats = new FluidStats();
  inFlight = 0;
  readonly series: MinutePoint[] = [];
  readonly minute = new MinuteAccumulator();
  readonly meanService: Micros;
  readonly scv: number;
  /** Own service time at the middle of each probability bin. */
  readonly quantiles: number[];

  constructor(
    readonly key: string,
    readonly behaviour: ServiceBehaviour,
    random: RandomStreams,
  ) {
    this.meanService = behaviour.serviceTime.mean;
    const draws = sampleSorted(behaviour.serviceTime, random, `traffic/fluid/${key}`);
    this.scv = behaviour.serviceTime.variance / this.meanService ** 2;
    this.quantiles = binMiddles().map(
      (p) => draws[Math.min(draws.length - 1, Math.floor(p * draws.length))] as number,
    );
  }

  /** Groups the eligible pods by state (pods in the same state have the same solution). */
  groupPods(): void {
    // The group objects and their solutions are reused from solve to solve (rewritten in place: a
    // pod reads its group's solution only until the next solve re-applies one).
    const groups = this.groups;
    let count = 0;
    // Setting an array's length is a slow call: the arrays are cut only when they shrink.
    if (this.podGroups.length > this.eligible.length) this.podGroups.length = this.eligible.length;
    for (let i = 0; i < this.eligible.length; i++) {
      const pod = this.eligible[i] as FluidPod;
      let index = 0;
      while (index < count && !sameState(groups[index] as PodGroup, pod)) index++;
      if (index === count) {
        const group = groups[count];
        if (group === undefined)
          groups.push({
            alive: pod.alive,
            slowdown: pod.slowdown,
            backlog: pod.backlog,
            solution: lostSolution(0),
            pods: 0,
          });
        else {
          group.alive = pod.alive;
          group.slowdown = pod.slowdown;
          group.backlog = pod.backlog;
          group.pods = 0;
        }
        count++;
      }
      (groups[index] as PodGroup).pods++;
      this.podGroups[i] = index;
    }
    if (groups.length > count) groups.length = count;
  }

  /** Outcome of the Service's current rate over its eligible pods (callee values as last read). */
  solve(planned: number): void {
    const n = this.eligible.length;
    this.failRate.noEndpoints = n === 0 ? this.rate : 0;
    if (n === 0) {
      this.failRate.timeout = 0;
      this.failRate.rejected = 0;
      this.failRate.podLost = 0;
      this.failRate.dependency = 0;
      this.ownDoneRate = 0;
      this.servedRate = 0;
      this.meanLatency = 0;
      return;
    }
    // Every balancing policy gives each eligible pod the same share on average.
    const share = this.rate / n;
    for (const g of this.groups) this.solvePod(g, share, planned, g.solution);
    // Summed pod by pod, in the endpoints' order (into locals: a Record keyed by a variable is slow).
    let rejected = 0;
    let timeout = 0;
    let podLost = 0;
    let dependency = 0;
    let ownDone = 0;
    let servedRate = 0;
    let latencySum = 0;
    for (const index of this.podGroups) {
      const s = (this.groups[index] as PodGroup).solution;
      if (s.failReason === 'timeout') timeout += s.failed;
      else rejected += s.failed;
      podLost += s.lost;
      dependency += s.dependency;
      ownDone += s.admitted;
      servedRate += s.served;
      latencySum += s.served * s.meanLatency;
    }
    this.failRate.rejected = rejected;
    this.failRate.timeout = timeout;
    this.failRate.podLost = podLost;
    this.failRate.dependency = dependency;
    this.ownDoneRate = ownDone;
    this.servedRate = servedRate;
    this.meanLatency = servedRate === 0 ? 0 : latencySum / servedRate;
  }

  /**
   * Once the call graph has converged: each pod takes its group's solution, and the served requests'
   * latency mix is built.
   */
  applySolution(): void {
    for (let i = 0; i < this.eligible.length; i++)
      (this.eligible[i] as FluidPod).apply((this.groups[this.podGroups[i] as number] as PodGroup).solution);
    const mix = this.mix;
    this.minute.release(mix);
    mix.reset(this.groups.length * POINTS_PER_GROUP);
    for (const { solution: s, pods, slowdown } of this.groups) {
      if (s.served <= 0) continue;
      latencyPoints(
        mix,
        this.quantiles,
        slowdown,
        this.callLatency,
        s.meanWait,
        s.waitProbability,
        s.served * pods,
      );
    }
  }

  /** Writes the solution of a pod in the given state into `out`. */
  private solvePod(pod: PodState, share: number, planned: number, out: PodSolution): void {
    const b = this.behaviour;
    if (!pod.alive) {
      Object.assign(out, lostSolution(share));
      return;
    }
    const own = this.meanService * pod.slowdown;
    const mean = own + this.callLatency; // µs a worker is held
    const scv = this.scv * (own / mean) ** 2; // calls add their mean, not their spread
    const capacity = (b.concurrency * MICROS_PER_SECOND) / mean; // requests/s
    // Waiting longer than the timeout fails; a queue of k waits about k·mean/c.
    const timeoutRoom =
      b.timeout === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : Math.max(0, ((b.timeout - mean) * b.concurrency) / mean);
    const room = Math.min(b.queueLimit, timeoutRoom);
    const failReason = b.queueLimit <= timeoutRoom ? 'rejected' : 'timeout';
    let admitted: number;
    let wait: number; // µs, mean
    let waitProbability: number;
    let busy: number;
    let inSystem: number;
    let growth = 0;
    if (room === Number.POSITIVE_INFINITY && (pod.backlog > 0 || share >= capacity)) {
      // Over capacity (or draining a backlog): every worker busy, the backlog moves at share − capacity.
      admitted = share;
      growth = share - capacity;
      const meanBacklog = Math.max(0, pod.backlog + (growth * planned) / 2);
      wait = (meanBacklog / capacity) * MICROS_PER_SECOND;
      waitProbability = 0; // the backlog's wait is a shift, not a spread
      busy = b.concurrency;
      inSystem = b.concurrency;
    } else {
      const q = queueState(share, b.concurrency, mean / MICROS_PER_SECOND, scv, room);
      admitted = share * (1 - q.blocked);
      wait = q.meanWait * MICROS_PER_SECOND;
      waitProbability = q.waitProbability;
      busy = q.busyWorkers;
      inSystem = q.inSystem;
    }
    const served = admitted * this.callSuccess;
    out.admitted = admitted;
    out.served = served;
    out.failed = share - admitted;
    out.failReason = failReason;
    out.lost = 0;
    out.dependency = admitted - served;
    out.busy = busy / b.concurrency;
    out.inSystem = inSystem;
    out.growth = growth;
    out.cpuRate = (admitted * (b.cpuPerRequest ?? own)) / MICROS_PER_SECOND;
    out.meanLatency = mean + wait;
    out.meanWait = wait;
    out.waitProbability = waitProbability;
  }

  linkCalls(services: ReadonlyMap<string, FluidService>): void {
    this.calls = this.behaviour.calls.map((c) => ({ ...c, target: services.get(c.service) as FluidService }));
  }

  /** Reads the callees' latency and success into this Service's; returns how much they changed. */
  readCalls(): number {
    let latency = 0;
    let success = 1;
    for (const c of this.calls) {
      const t = c.target;
      const ok = t.rate === 0 ? 1 : (t.rate - sumValues(t.failRate)) / t.rate;
      // Sequential calls add up; parallel ones are awaited together (their mean, a lower bound of the max).
      latency += c.probability * (c.parallel ? t.meanLatency : c.count * t.meanLatency);
      success *= 1 - c.probability + c.probability * ok ** c.count;
    }
    const change =
      Math.abs(latency - this.callLatency) / Math.max(1, latency) + Math.abs(success - this.callSuccess);
    this.callLatency = latency;
    this.callSuccess = success;
    return change;
  }

  closeMinute(start: Micros): void {
    let readyPods = 0;
    for (const p of this.eligible) if (p.alive) readyPods++;
    this.series.push(this.minute.close(start, readyPods));
  }

  result(pods: readonly FluidPod[], window: number): ServiceResult {
    const s = this.stats;
    const failedByReason = Object.fromEntries(
      FAILURE_REASONS.map((r) => [r, Math.round(s.failedByReason[r])]),
    ) as Record<FailureReason, number>;
    const failed = sumValues(failedByReason);
    const served = Math.round(s.served);
    const inFlightAtEnd = Math.round(this.inFlight);
    const ended = served + failed;
    return {
      service: this.key,
      offered: served + failed + inFlightAtEnd,
      served,
      failed,
      failedByReason,
      inFlightAtEnd,
      availability: ended === 0 ? 1 : served / ended,
      latencyMs: s.latencyMs(),
      pods: pods.map((p) => ({
        pod: p.key,
        node: p.node,
        zone: p.zone,
        served: Math.round(p.served),
        busy: window > 0 ? p.busyIntegral / window : 0,
        cpuSeconds: p.cpuWindow,
      })),
      imbalance: imbalance(pods.filter((p) => p.everEligible).map((p) => p.served)),
      cache: null,
      sessionsRemapped: 0,
      keySpaceMoved: [],
    };
  }
}

interface PodSolution {
  /** Requests/s taken in (their own work will be done). */
  admitted: number;
  /** Requests/s answered successfully. */
  served: number;
  /** Requests/s refused for want of room, for `failReason`. */
  failed: number;
  failReason: 'rejected' | 'timeout';
  lost: number;
  dependency: number;
  /** Fraction of workers busy. */
  busy: number;
  /** Requests held on average. */
  inSystem: number;
  /** Backlog change, requests/s. */
  growth: number;
  cpuRate: number;
  meanLatency: Micros;
  meanWait: Micros;
  /** 0 when the wait is a backlog's (a shift, not a spread). */
  waitProbability: number;
}

/** A pod lost while still listed: its whole share fails. */
function lostSolution(share: number): PodSolution {
  return {
    admitted: 0,
    served: 0,
    failed: 0,
    failReason: 'rejected',
    lost: share,
    dependency: 0,
    busy: 0,
    inSystem: 0,
    growth: 0,
    cpuRate: 0,
    meanLatency: 0,
    meanWait: 0,
    waitProbability: 0,
  };
}

/** What a pod's solution depends on besides its Service. */
interface PodState {
  alive: boolean;
  slowdown: number;
  backlog: number;
}

function sameState(a: PodState, b: PodState): boolean {
  return a.alive === b.alive && a.slowdown === b.slowdown && a.backlog === b.backlog;
}

/** Pods of one Service in the same state, which share a solution. */
interface PodGroup extends PodState {
  solution: PodSolution;
  pods: number;
}

class FluidPod {
  alive = true;
  lastReady = false;
  slowdown = 1;
  backlog = 0;
  everEligible = false;
  served = 0;
  busyIntegral = 0;
  cpuTotal = 0;
  cpuWindow = 0;
  cpuRate = 0;
  private current: PodSolution | null = null;

  constructor(
    readonly key: string,
    readonly node: string,
    readonly zone: string,
    readonly service: FluidService,
  ) {}

  apply(s: PodSolution): void {
    this.current = s;
    this.cpuRate = s.cpuRate;
  }

  /** No longer sent anything: what it held finishes at once (a step is long against a request). */
  leave(): void {
    this.current = null;
    this.cpuRate = 0;
    this.backlog = 0;
  }

  integrate(dt: number, counted: boolean): void {
    const s = this.current;
    if (s === null) return;
    if (s.growth !== 0) this.backlog = Math.max(0, this.backlog + s.growth * dt);
    this.cpuTotal += s.cpuRate * dt;
    if (!counted) return;
    this.served += s.admitted * dt;
    this.busyIntegral += s.busy * dt;
    this.cpuWindow += s.cpuRate * dt;
  }

  /** Requests held now: in service and queued, and the backlog. */
  held(): number {
    return this.alive && this.current !== null ? this.current.inSystem + this.backlog : 0;
  }
}

// ── Helpers ────────────────────────────────────────────────────────────────────────────────────

function binMiddles(): number[] {
  return BINS.slice(1).map((hi, i) => ((BINS[i] as number) + hi) / 2);
}

function binWeights(): number[] {
  return BINS.slice(1).map((hi, i) => hi - (BINS[i] as number));
}

const MIDDLES = binMiddles();
const WEIGHTS = binWeights();
/** An exponential wait of mean 1 at each bin's middle: −ln(1 − p). */
const WAIT_QUANTILES = MIDDLES.map((p) => -Math.log(1 - p));
/** Latency points of one group at most: each service-time bin without a wait and at each wait bin. */
const POINTS_PER_GROUP = MIDDLES.length * (1 + MIDDLES.length);

/**
 * The latency distribution of a pod's served requests, discretised: own work at each service-time
 * bin, plus the calls' mean, plus no wait (probability 1 − P(wait)) or an exponential wait (M/M/c:
 * the wait of a request that waits is exponential) at each bin of its quantiles.
 */
function latencyPoints(
  mix: LatencyMix,
  quantiles: readonly number[],
  slowdown: number,
  callLatency: Micros,
  meanWait: Micros,
  waitProbability: number,
  served: number,
): void {
  const shift = waitProbability > 0 ? 0 : meanWait;
  const conditionalWait = waitProbability > 0 ? meanWait / waitProbability : 0;
  const { values, rates } = mix;
  let k = mix.length;
  for (let i = 0; i < quantiles.length; i++) {
    const base = (quantiles[i] as number) * slowdown + callLatency + shift;
    const w = (WEIGHTS[i] as number) * served;
    if (waitProbability < 1) {
      values[k] = base;
      rates[k++] = w * (1 - waitProbability);
    }
    if (waitProbability > 0) {
      const waiting = w * waitProbability;
      for (let j = 0; j < WAIT_QUANTILES.length; j++) {
        values[k] = base + conditionalWait * (WAIT_QUANTILES[j] as number);
        rates[k++] = waiting * (WEIGHTS[j] as number);
      }
    }
  }
  mix.length = k;
}

/**
 * SERVICE_SAMPLES draws of `d`, sorted. Each draw's first uniform is stratified ((i + ½)/n), the rest
 * come from the stream: for a distribution drawn by inversion from one uniform (exponential, uniform,
 * Pareto, empirical) the draws are its quantiles; for others (lognormal's Box–Muller) they are still
 * draws of the distribution, with less spread than independent ones.
 */
function sampleSorted(d: Distribution, random: RandomStreams, stream: string): Float64Array {
  const rng = random.get(stream);
  let first = -1;
  const stratified: RandomStream = {
    next: () => {
      if (first < 0) return rng.next();
      const u = first;
      first = -1;
      return u;
    },
    int: (n) => Math.floor(stratified.next() * n),
  };
  const draws = new Float64Array(SERVICE_SAMPLES);
  let sorted = true;
  for (let i = 0; i < SERVICE_SAMPLES; i++) {
    first = (i + 0.5) / SERVICE_SAMPLES;
    draws[i] = d.sample(stratified);
    if (i > 0 && (draws[i] as number) < (draws[i - 1] as number)) sorted = false;
  }
  // Drawn by inversion, the draws come sorted already.
  return sorted ? draws : draws.sort();
}

/** Callers before callees (the converter has rejected cycles). */
function topologicalOrder(services: ReadonlyMap<string, FluidService>): FluidService[] {
  const out: FluidService[] = [];
  const done = new Set<string>();
  const visit = (key: string): void => {
    if (done.has(key)) return;
    done.add(key);
    const s = services.get(key) as FluidService;
    for (const c of s.behaviour.calls) visit(c.service);
    out.push(s);
  };
  for (const key of services.keys()) visit(key);
  return out.reverse();
}
