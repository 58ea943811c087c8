import type { RandomStream, RandomStreams } from '../engine/random.js';
import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import { MICROS_PER_MINUTE, type Micros } from '../engine/time.js';
import { MIN_RETRY_CONCURRENCY, type TrafficConfig, type WorkloadConfig } from '../model/traffic.js';
import { type ArrivalSampler, arrivalSampler } from './arrivals.js';
import type { TrafficEndpoint } from './endpoints.js';
import { type PodHost, PodServer, type Worker } from './pod-server.js';
import { type Caller, Connection, ConnectionPool, Request, type Session, uniqueSource } from './request.js';
import type { RequestObserver } from './request-observer.js';
import { serviceResult, sloResults, type TrafficResult } from './result.js';
import { type EndpointView, ServiceRuntime } from './service-runtime.js';
import { type FailureReason, type MinutePoint, RequestStats } from './stats.js';
import type { TrafficSimulator } from './traffic-simulator.js';
import { ZipfSampler } from './zipf.js';

/** What the model is built from: the engine, the run's random streams, the resolved configuration. */
export interface TrafficModelOptions {
  sim: Simulation;
  random: RandomStreams;
  config: TrafficConfig;
}

/**
 * Request-level traffic through Services to pods (docs/traffic.md):
 *
 *   workload arrivals ─► request ─► route (kube-proxy per connection │ mesh policy per request)
 *        ─► pod: queue ─► worker: own work ─► calls to other Services (each a request) ─► answer
 *        └─ timeout / rejection / no endpoint / pod lost ─► retry (backoff, budget) or fail
 *
 * Every request ends exactly once, served or failed with one reason, or is still in flight at the
 * end. The cluster side tells the model what the proxies see (`setEndpoints`) and which pods die
 * (`podLost`); the model never reads the cluster itself.
 */
export class TrafficModel implements PodHost, TrafficSimulator {
  readonly sim: Simulation;
  private readonly config: TrafficConfig;
  private readonly services = new Map<string, ServiceRuntime>();
  private readonly pods = new Map<string, PodServer>();
  /** Workload requests (the entry of every call tree), for the SLOs. */
  private readonly entryStats = new RequestStats();
  private readonly hasSlo: boolean;
  private nextAddress = 1;
  private nextSession = 1;
  private windowOpen: boolean;
  private minuteStart: Micros = 0;
  /** Each Service's deadline timer handler (made once). */
  private readonly expireHandlers = new Map<ServiceRuntime, () => void>();
  private observer: RequestObserver | null = null;
  /** Each workload's arrivals, by name: the process in force and the next arrival drawn from it. */
  private readonly arrivals = new Map<string, WorkloadArrivals>();

  constructor(options: TrafficModelOptions) {
    this.sim = options.sim;
    this.config = options.config;
    const slo = this.config.slo;
    this.hasSlo = slo.availability !== null || Object.keys(slo.latency).length > 0;
    const { proxy } = this.config;
    for (const [key, behaviour] of Object.entries(this.config.services)) {
      this.services.set(key, new ServiceRuntime(key, behaviour, proxy, options.random));
    }
    for (const svc of this.services.values())
      svc.callTargets = svc.behaviour.calls.map((c) => this.services.get(c.service) as ServiceRuntime);
    this.windowOpen = this.config.warmup <= this.sim.now;
    if (!this.windowOpen) this.sim.scheduleAt(this.config.warmup, () => this.openWindow());
    this.minuteStart = this.sim.now;
    this.sim.every(MICROS_PER_MINUTE, () => this.closeMinute());
    for (const w of this.config.workloads) this.startWorkload(w, options.random);
  }

  // ── The seam the cluster side calls ────────────────────────────────────────────────────────

  /** The proxies' new view of `serviceKey`'s endpoints; a pod starts serving when first listed. */
  setEndpoints(serviceKey: string, endpoints: readonly TrafficEndpoint[]): void {
    const svc = this.services.get(serviceKey);
    if (svc === undefined) return; // a Service no traffic reaches
    const pods = endpoints.map((e) => {
      let pod = this.pods.get(e.pod);
      if (pod === undefined) {
        pod = new PodServer(e.pod, e.node, e.zone, svc, this.nextAddress++, this);
        this.pods.set(e.pod, pod);
      } else if (!pod.alive && e.ready && svc.lastReady.get(e.pod) !== true) {
        // Listed ready again after its containers died, having been not ready: it restarted.
        pod.revive();
      }
      return pod;
    });
    svc.setEndpoints(endpoints, pods, this.sim.now, this.windowOpen);
  }

  /** The pod's containers died: its queued and in-flight attempts fail with podLost. */
  podLost(podKey: string): void {
    this.pods.get(podKey)?.lose();
  }

  podRestarted(podKey: string): void {
    const pod = this.pods.get(podKey);
    if (pod && !pod.alive && pod.service.lastReady.get(podKey) === true) pod.revive();
  }

  /** Service times of the pod's requests started from now on are multiplied by `factor`. */
  setPodSlowdown(podKey: string, factor: number): void {
    const pod = this.pods.get(podKey);
    if (pod !== undefined) pod.slowdown = factor;
  }

  /** CPU seconds the pod used from its start until now (services in progress count pro rata); 0 if unknown. */
  cpuSeconds(podKey: string): number {
    return this.pods.get(podKey)?.cpuSecondsAt(this.sim.now) ?? 0;
  }

  /** What a pod holds now: workers busy (never above its concurrency), attempts queued, alive; undefined if unknown. */
  podLoad(podKey: string): { busyWorkers: number; queued: number; alive: boolean } | undefined {
    const pod = this.pods.get(podKey);
    return pod && { busyWorkers: pod.busyWorkers, queued: pod.queued, alive: pod.alive };
  }

  /** Logical requests to `serviceKey` not yet ended (served or failed), counted from the start. */
  inFlight(serviceKey: string): number {
    return this.services.get(serviceKey)?.active ?? 0;
  }

  observeRequests(observer: RequestObserver): void {
    this.observer = observer;
  }

  /**
   * From now on the workload's requests (or sessions) arrive as a Poisson process of `rate` per
   * second (the playground's load slider). The arrival already drawn is dropped and the next one
   * drawn afresh at the new rate: a Poisson process is memoryless, so this is exact.
   */
  setArrivalRate(workload: string, rate: number): void {
    const w = this.arrivals.get(workload);
    if (w === undefined) throw new RangeError(`Cannot set the arrival rate: no workload ${workload}`);
    if (!(rate >= 0 && Number.isFinite(rate)))
      throw new RangeError(
        `Cannot set the arrival rate of ${workload}: must be >= 0: current value is ${rate}`,
      );
    w.next?.cancel();
    w.sampler = arrivalSampler({ kind: 'poisson', rate });
    this.scheduleNext(w);
  }

  /** The Service's closed minutes so far (the report's per-minute series, read while the run goes). */
  minuteSeries(serviceKey: string): readonly MinutePoint[] {
    return this.services.get(serviceKey)?.series.points ?? [];
  }

  /** The results at `end` (the simulation's clock should be there). */
  finish(end: Micros): TrafficResult {
    if (end > this.minuteStart) this.closeMinute(end);
    const byService = new Map<ServiceRuntime, PodServer[]>();
    for (const pod of this.pods.values()) {
      const list = byService.get(pod.service) ?? [];
      list.push(pod);
      byService.set(pod.service, list);
    }
    const services = [...this.services.values()]
      .filter((s) => s.stats.offered > 0)
      .map((s) => serviceResult(s, byService.get(s) ?? [], end));
    const series: TrafficResult['series'] = {};
    for (const s of this.services.values()) if (s.stats.offered > 0) series[s.key] = s.series.points;
    return { services, slo: sloResults(this.config.slo, this.entryStats), series };
  }

  // ── Arrivals ────────────────────────────────────────────────────────────────────────────────

  private startWorkload(w: WorkloadConfig, random: RandomStreams): void {
    const svc = this.services.get(w.target);
    if (svc === undefined) throw new Error(`workload ${w.name} targets ${w.target}, which has no behaviour`);
    const arrivals: WorkloadArrivals = {
      sampler: arrivalSampler(w.arrivals),
      rng: random.get(`traffic/arrivals/${w.name}`),
      handler: () => {},
      next: undefined,
    };
    this.arrivals.set(w.name, arrivals);
    if (w.clients === null) {
      arrivals.handler = () => {
        this.send(svc, null, null, this.nextSession++, null, 0);
        this.scheduleNext(arrivals);
      };
      this.scheduleNext(arrivals);
      return;
    }
    const clients = w.clients;
    const clientRng = random.get(`traffic/clients/${w.name}`);
    const zipf = new ZipfSampler(clients.count, clients.skew);
    const base = this.nextAddress;
    this.nextAddress += clients.sourceIps;
    const population: (Caller | undefined)[] = new Array(clients.count);
    const clientFor = (k: number): Caller => {
      let c = population[k];
      if (c === undefined) {
        c = { sourceIp: base + (k % clients.sourceIps), zone: '', pools: null };
        population[k] = c;
      }
      return c;
    };
    arrivals.handler = () => {
      const length = Math.max(1, Math.round(clients.sessionLength.sample(clientRng)));
      const session = new ClientSession(this.nextSession++, clientFor(zipf.sample(clientRng)), length - 1);
      session.sendNext = () => this.send(svc, session.caller, session, session.id, null, 0);
      session.think = () => this.sim.schedule(clients.thinkTime.sample(clientRng), session.sendNext);
      session.sendNext();
      this.scheduleNext(arrivals);
    };
    this.scheduleNext(arrivals);
  }

  private scheduleNext(w: WorkloadArrivals): void {
    const t = w.sampler.next(this.sim.now, w.rng);
    w.next =
      t === Number.POSITIVE_INFINITY
        ? undefined
        : this.sim.scheduleAt(Math.max(this.sim.now, Math.round(t)), w.handler);
  }

  // ── A request's life ────────────────────────────────────────────────────────────────────────

  /** A new logical request to `svc`. */
  private send(
    svc: ServiceRuntime,
    caller: Caller | null,
    session: Session | null,
    sessionId: number,
    parent: Worker | null,
    parentGeneration: number,
  ): void {
    const now = this.sim.now;
    const counted = this.windowOpen;
    const tracked = session !== null || (parent !== null && (parent.request as Request).tracked);
    const req = new Request(svc, now, counted, sessionId, caller, session, parent, parentGeneration, tracked);
    svc.active++;
    if (counted) {
      svc.stats.offered++;
      if (parent === null && this.hasSlo) this.entryStats.offered++;
    }
    svc.series.offer();
    this.startAttempt(req);
  }

  /** Routes the current attempt and hands it to a pod, or fails it at once. */
  private startAttempt(req: Request): void {
    const svc = req.service;
    const pod = this.route(req, svc);
    if (pod === undefined) {
      this.attemptFailed(req, req.attempt, 'noEndpoints');
      return;
    }
    req.pod = pod;
    pod.active++;
    if (req.tracked) this.trackSession(svc, req, pod);
    const attempt = req.attempt;
    const refused = pod.admit(req, attempt);
    if (refused !== null) this.attemptFailed(req, attempt, refused);
    else if (svc.behaviour.timeout !== Number.POSITIVE_INFINITY) this.watchDeadline(req, svc, attempt);
  }

  /** Picks the pod: per request for a mesh policy, else through the caller's connection (kube-proxy). */
  private route(req: Request, svc: ServiceRuntime): PodServer | undefined {
    const caller = req.caller;
    const view = svc.view(caller === null ? '' : caller.zone);
    if (svc.perRequest)
      return view.balancer.chooseEndpoint(
        req.sessionId,
        caller === null ? uniqueSource(req.sessionId) : caller.sourceIp,
      );
    if (caller !== null) return this.keepAliveRoute(req, svc, view, caller);
    // Open loop: a new connection per attempt, closed when the attempt ends.
    const pod = svc.pickForConnection(view, req.sessionId, uniqueSource(req.sessionId), this.sim.now);
    if (pod !== undefined) pod.connections++;
    return pod;
  }

  /** A keep-alive caller's request: on the pool slot's connection, opened anew when it cannot be used. */
  private keepAliveRoute(
    req: Request,
    svc: ServiceRuntime,
    view: EndpointView,
    caller: Caller,
  ): PodServer | undefined {
    const now = this.sim.now;
    const keepAlive = svc.behaviour.keepAlive;
    if (caller.pools === null) caller.pools = new Map();
    let pool = caller.pools.get(svc);
    if (pool === undefined) {
      pool = new ConnectionPool(keepAlive.connectionsPerClient);
      caller.pools.set(svc, pool);
    }
    const slot = pool.cursor;
    pool.cursor = (slot + 1) % pool.slots.length;
    let conn = pool.slots[slot] ?? null;
    if (
      conn !== null &&
      !(
        conn.pod.alive &&
        svc.isEligible(conn.pod) &&
        conn.requests < keepAlive.maxRequestsPerConnection &&
        (conn.inFlight > 0 || now - conn.lastUsed <= keepAlive.idleTimeout)
      )
    ) {
      // Closed: idle too long, used up, reset by a dead pod, or its endpoint left (the server says
      // Connection: close when it stops being ready or terminates).
      conn.pod.connections--;
      conn = null;
    }
    if (conn === null) {
      const pod = svc.pickForConnection(view, req.sessionId, caller.sourceIp, now);
      if (pod === undefined) {
        pool.slots[slot] = null;
        return undefined;
      }
      conn = new Connection(pod, now);
      pod.connections++;
      pool.slots[slot] = conn;
    }
    conn.requests++;
    conn.inFlight++;
    conn.lastUsed = now;
    req.conn = conn;
    return conn.pod;
  }

  private trackSession(svc: ServiceRuntime, req: Request, pod: PodServer): void {
    const previous = svc.lastPodOfSession.get(req.sessionId);
    if (previous !== undefined && previous !== pod && this.windowOpen) svc.sessionsRemapped++;
    svc.lastPodOfSession.set(req.sessionId, pod);
  }

  /** Lets go of what the current attempt holds: its place in the pod's active count, its connection, its deadline. */
  private endAttempt(req: Request): void {
    const pod = req.pod;
    if (pod !== null) {
      pod.active--;
      if (req.conn !== null) {
        req.conn.inFlight--;
        req.conn.lastUsed = this.sim.now;
        req.conn = null;
      } else if (!req.service.perRequest) pod.connections--;
      req.pod = null;
    }
    if (req.deadline !== Number.POSITIVE_INFINITY) req.service.deadlines.remove(req);
    if (req.retrying) {
      req.retrying = false;
      req.service.activeRetries--;
    }
  }

  /** The current attempt failed: retry it if the policy and the budget allow, else end the request. */
  attemptFailed(req: Request, attempt: number, reason: FailureReason): void {
    if (req.ended || req.attempt !== attempt) return;
    const conn = req.conn;
    this.endAttempt(req);
    // A reset connection is not reused.
    if (reason === 'podLost' && conn !== null) conn.requests = Number.POSITIVE_INFINITY;
    const svc = req.service;
    const retries = svc.behaviour.retries;
    if (
      retries !== null &&
      attempt < retries.attempts &&
      svc.activeRetries < Math.max(MIN_RETRY_CONCURRENCY, retries.budget * svc.active)
    ) {
      req.attempt++;
      req.retrying = true;
      svc.activeRetries++;
      // Envoy's jittered exponential back-off: U[0, min((2^k − 1) base, 10 base)) before retry k.
      const cap = Math.min((2 ** req.attempt - 1) * retries.backoff, 10 * retries.backoff);
      this.sim.schedule(svc.retryRng.next() * cap, () => {
        if (!req.ended) this.startAttempt(req);
      });
      return;
    }
    this.endRequest(req, false, reason);
  }

  private attemptServed(req: Request, attempt: number): void {
    if (req.ended || req.attempt !== attempt) return;
    this.endAttempt(req);
    this.endRequest(req, true, 'timeout');
  }

  /** The request's one end. `reason` is read only when it failed. */
  private endRequest(req: Request, served: boolean, reason: FailureReason): void {
    req.ended = true;
    const svc = req.service;
    svc.active--;
    const latency = this.sim.now - req.arrival;
    if (served) svc.series.serve(latency);
    else svc.series.fail();
    if (this.observer !== null) this.observer.requestsEnded(svc.key, served ? null : reason, latency, 1);
    if (req.counted) {
      if (served) svc.stats.recordServed(latency);
      else svc.stats.recordFailed(reason);
      // The workloads' requests are counted again for the SLOs only when there are SLOs.
      if (req.parent === null && this.hasSlo) this.countForSlo(served, reason, latency);
    }
    if (req.parent !== null) this.callEnded(req.parent, req.parentGeneration, served);
    if (req.session !== null) this.sessionRequestEnded(req.session as ClientSession);
  }

  private countForSlo(served: boolean, reason: FailureReason, latency: Micros): void {
    if (served) this.entryStats.recordServed(latency);
    else this.entryStats.recordFailed(reason);
  }

  /** A session's request ended: the client thinks, then sends the next, or the session is over. */
  private sessionRequestEnded(session: ClientSession): void {
    if (session.remaining > 0) {
      session.remaining--;
      session.think();
    } else this.endSession(session.id);
  }

  private endSession(id: number): void {
    for (const svc of this.services.values()) svc.lastPodOfSession.delete(id);
  }

  // ── Timeouts: a constant timeout makes deadlines FIFO, so one timer per Service, at its head ─

  /** The attempt, admitted, waits on its deadline (unless it already ended). */
  private watchDeadline(req: Request, svc: ServiceRuntime, attempt: number): void {
    if (req.ended || req.attempt !== attempt) return;
    req.deadline = this.sim.now + svc.behaviour.timeout;
    svc.deadlines.push(req);
    if (!svc.deadlineTimerArmed) this.armDeadline(svc);
  }

  /**
   * Sets the Service's timer for its first deadline. Attempts leave the list as they end, so a
   * Service whose requests end well within their timeout wakes about once per timeout span, not once
   * per request.
   */
  private armDeadline(svc: ServiceRuntime): void {
    const head = svc.deadlines.head;
    if (head === null) return;
    svc.deadlineTimerArmed = true;
    this.sim.scheduleAt(Math.max(this.sim.now, head.deadline), this.expireHandler(svc));
  }

  private expireHandler(svc: ServiceRuntime): () => void {
    let h = this.expireHandlers.get(svc);
    if (h === undefined) {
      h = () => this.expire(svc);
      this.expireHandlers.set(svc, h);
    }
    return h;
  }

  private expire(svc: ServiceRuntime): void {
    svc.deadlineTimerArmed = false;
    const now = this.sim.now;
    const list = svc.deadlines;
    // Each failure takes the head out of the list (and may end or add other attempts).
    for (let head = list.head; head !== null && head.deadline <= now; head = list.head)
      this.attemptFailed(head, head.attempt, 'timeout');
    this.armDeadline(svc);
  }

  // ── A worker's own work done: calls, then the answer ────────────────────────────────────────

  serviceDone(worker: Worker): void {
    const req = worker.request as Request;
    if (req.ended || req.attempt !== worker.attempt) {
      worker.pod.release(worker); // nobody waits for the answer any more
      return;
    }
    if (req.service.behaviour.calls.length === 0) this.answer(worker);
    else this.startCalls(worker);
  }

  /** Runs the call plan from its first entry. */
  private startCalls(worker: Worker): void {
    worker.callEntry = -1;
    worker.callsLeft = 0;
    worker.callsPending = 0;
    this.nextCalls(worker);
  }

  private answer(worker: Worker): void {
    const req = worker.request as Request;
    const attempt = worker.attempt;
    worker.pod.release(worker);
    this.attemptServed(req, attempt);
  }

  /** Issues the next call of the plan: the rest of a sequential entry, or the next entry. */
  private nextCalls(worker: Worker): void {
    const svc = (worker.request as Request).service;
    const calls = svc.behaviour.calls;
    if (worker.callsLeft > 0) {
      worker.callsLeft--;
      this.call(worker);
      return;
    }
    while (++worker.callEntry < calls.length) {
      const spec = calls[worker.callEntry] as (typeof calls)[number];
      if (spec.count === 0 || (spec.probability < 1 && svc.callRng.next() >= spec.probability)) continue;
      if (spec.parallel) {
        // A call can fail at once (no endpoint, rejected) and so fail the parent: stop issuing then.
        const generation = worker.generation;
        for (let i = 0; i < spec.count && worker.generation === generation; i++) this.call(worker);
        return;
      }
      worker.callsLeft = spec.count - 1;
      this.call(worker);
      return;
    }
    this.answer(worker);
  }

  private call(worker: Worker): void {
    const req = worker.request as Request;
    const target = req.service.callTargets[worker.callEntry] as ServiceRuntime;
    worker.callsPending++;
    this.send(target, worker.pod, null, req.sessionId, worker, worker.generation);
  }

  private callEnded(worker: Worker, generation: number, served: boolean): void {
    if (worker.generation !== generation) return; // the parent attempt is over
    const req = worker.request as Request;
    if (!served) {
      // Fail fast: the parent answers with an error at once; its other calls finish unheard.
      const attempt = worker.attempt;
      worker.pod.release(worker);
      this.attemptFailed(req, attempt, 'dependency');
      return;
    }
    if (--worker.callsPending === 0) this.nextCalls(worker);
  }

  // ── Statistics window and per-minute series ─────────────────────────────────────────────────

  private openWindow(): void {
    this.windowOpen = true;
    const now = this.sim.now;
    for (const pod of this.pods.values()) pod.startWindow(now);
    for (const svc of this.services.values()) for (const p of svc.eligible) p.everEligible = true;
  }

  private closeMinute(end: Micros = this.sim.now): void {
    for (const svc of this.services.values()) svc.series.closeMinute(this.minuteStart, svc.eligible.length);
    this.minuteStart = end;
  }
}

/** A workload's arrival process in force, its random stream, and its next arrival (to cancel it). */
interface WorkloadArrivals {
  sampler: ArrivalSampler;
  rng: RandomStream;
  /** A request (open loop) or a session (clients) arrives, and the next arrival is drawn. */
  handler: () => void;
  next: ScheduledEvent | undefined;
}

/** A session of a closed-loop client; its two handlers are made once per session. */
class ClientSession implements Session {
  sendNext: () => void = () => {};
  think: () => void = () => {};
  constructor(
    readonly id: number,
    readonly caller: Caller,
    public remaining: number,
  ) {}
}
