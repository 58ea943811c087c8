import type { RandomStream, RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import { MICROS_PER_MINUTE, type Micros } from '../engine/time.js';
import { MIN_RETRY_CONCURRENCY, type TrafficConfig, type WorkloadConfig } from '../model/traffic.js';
import { type ArrivalSampler, arrivalSampler } from './arrivals.js';
import type { TrafficEndpoint } from './endpoints.js';
import { type PodHost, PodServer, type Worker } from './pod-server.js';
import { type Caller, Connection, ConnectionPool, Request, type Session, uniqueSource } from './request.js';
import { serviceResult, sloResults, type TrafficResult } from './result.js';
import { ServiceRuntime } from './service-runtime.js';
import { type FailureReason, RequestStats } from './stats.js';
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
  /** Services whose deadline timer is armed, and each Service's timer handler (made once). */
  private readonly timerArmed = new Set<ServiceRuntime>();
  private readonly expireHandlers = new Map<ServiceRuntime, () => void>();

  constructor(options: TrafficModelOptions) {
    this.sim = options.sim;
    this.config = options.config;
    const slo = this.config.slo;
    this.hasSlo = slo.availability !== null || Object.keys(slo.latency).length > 0;
    const { proxy } = this.config;
    for (const [key, behaviour] of Object.entries(this.config.services)) {
      this.services.set(key, new ServiceRuntime(key, behaviour, proxy, options.random));
    }
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
    const sampler = arrivalSampler(w.arrivals);
    const rng = random.get(`traffic/arrivals/${w.name}`);
    if (w.clients === null) {
      const arrive = (): void => {
        this.send(svc, null, null, this.nextSession++, null, 0);
        this.scheduleNext(sampler, rng, arrive);
      };
      this.scheduleNext(sampler, rng, arrive);
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
    const startSession = (): void => {
      const length = Math.max(1, Math.round(clients.sessionLength.sample(clientRng)));
      const session = new ClientSession(this.nextSession++, clientFor(zipf.sample(clientRng)), length - 1);
      session.sendNext = () => this.send(svc, session.caller, session, session.id, null, 0);
      session.think = () => this.sim.schedule(clients.thinkTime.sample(clientRng), session.sendNext);
      session.sendNext();
      this.scheduleNext(sampler, rng, startSession);
    };
    this.scheduleNext(sampler, rng, startSession);
  }

  private scheduleNext(sampler: ArrivalSampler, rng: RandomStream, handler: () => void): void {
    const t = sampler.next(this.sim.now, rng);
    if (t !== Number.POSITIVE_INFINITY) this.sim.scheduleAt(Math.max(this.sim.now, Math.round(t)), handler);
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
    const now = this.sim.now;
    const pod = this.route(req, svc, now);
    if (pod === undefined) {
      this.attemptFailed(req, req.attempt, 'noEndpoints');
      return;
    }
    req.pod = pod;
    pod.active++;
    if (req.tracked) this.trackSession(svc, req, pod);
    const timeout = svc.behaviour.timeout;
    const attempt = req.attempt;
    const refused = pod.admit(req, attempt);
    if (refused !== null) {
      this.attemptFailed(req, attempt, refused);
      return;
    }
    if (timeout !== Number.POSITIVE_INFINITY && !req.ended && req.attempt === attempt) {
      req.deadline = now + timeout;
      svc.deadlines.push(req, attempt, req.deadline);
      this.armDeadline(svc);
    }
  }

  /** Picks the pod: per request for a mesh policy, else through the caller's connection (kube-proxy). */
  private route(req: Request, svc: ServiceRuntime, now: Micros): PodServer | undefined {
    const caller = req.caller;
    const view = svc.view(caller === null ? '' : caller.zone);
    const hash = req.sessionId;
    if (svc.perRequest)
      return view.balancer.chooseEndpoint(
        hash,
        caller === null ? uniqueSource(req.sessionId) : caller.sourceIp,
      );
    if (caller === null) {
      // Open loop: a new connection per attempt, closed when the attempt ends.
      const pod = svc.pickForConnection(view, hash, uniqueSource(req.sessionId), now);
      if (pod !== undefined) pod.connections++;
      return pod;
    }
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
      const pod = svc.pickForConnection(view, hash, caller.sourceIp, now);
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

  /** Lets go of what the current attempt holds: its place in the pod's active count and its connection. */
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
    if (req.counted) {
      // The workloads' requests are counted again for the SLOs only when there are SLOs.
      const entry = req.parent === null && this.hasSlo ? this.entryStats : null;
      if (served) {
        svc.stats.recordServed(latency);
        entry?.recordServed(latency);
      } else {
        svc.stats.recordFailed(reason);
        entry?.recordFailed(reason);
      }
    }
    if (req.parent !== null) this.callEnded(req.parent, req.parentGeneration, served);
    const session = req.session;
    if (session !== null) {
      if (session.remaining > 0) {
        session.remaining--;
        (session as ClientSession).think();
      } else this.endSession(session.id);
    }
  }

  private endSession(id: number): void {
    for (const svc of this.services.values()) svc.lastPodOfSession.delete(id);
  }

  // ── Timeouts: one timer per Service, since a constant timeout makes deadlines FIFO ───────────

  /**
   * Arms the Service's timer for its first live deadline. Deadlines of attempts that already ended
   * are dropped first, so a Service whose requests end well within their timeout wakes about once
   * per timeout span, not once per request.
   */
  private armDeadline(svc: ServiceRuntime): void {
    if (this.timerArmed.has(svc)) return;
    const q = svc.deadlines;
    while (q.size > 0) {
      const attempt = q.peekAttempt();
      const req = q.shift();
      if (req.ended || req.attempt !== attempt) continue;
      // Put the live head back in front: it is the earliest deadline still to watch.
      q.unshift(req, attempt, req.deadline);
      this.timerArmed.add(svc);
      this.sim.scheduleAt(Math.max(this.sim.now, req.deadline), this.expireHandler(svc));
      return;
    }
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
    this.timerArmed.delete(svc);
    const now = this.sim.now;
    const q = svc.deadlines;
    while (q.size > 0 && q.peekTime() <= now) {
      const attempt = q.peekAttempt();
      const req = q.shift();
      this.attemptFailed(req, attempt, 'timeout');
    }
    this.armDeadline(svc);
  }

  // ── A worker's own work done: calls, then the answer ────────────────────────────────────────

  serviceDone(worker: Worker): void {
    const req = worker.request as Request;
    if (req.ended || req.attempt !== worker.attempt) {
      worker.pod.release(worker); // nobody waits for the answer any more
      return;
    }
    if (req.service.behaviour.calls.length === 0) {
      this.answer(worker);
      return;
    }
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
    const spec = req.service.behaviour.calls[
      worker.callEntry
    ] as (typeof req.service.behaviour.calls)[number];
    const target = this.services.get(spec.service) as ServiceRuntime;
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
