import type { RandomStream } from '../engine/random.js';
import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import type { ServiceBehaviour } from '../model/traffic.js';
import { AttemptQueue } from './attempt-queue.js';
import type { BalancedEndpoint } from './balancing/index.js';
import type { Caller, ConnectionPool, Request } from './request.js';
import type { ServiceRuntime } from './service-runtime.js';
import { SessionCache } from './session-cache.js';
import type { FailureReason } from './stats.js';

/** What a pod needs from the model around it. */
export interface PodHost {
  readonly sim: Simulation;
  /** `worker` finished its own work on its attempt: make its calls, or answer. */
  serviceDone(worker: Worker): void;
  /** The pod failed an attempt it held (its containers died). */
  attemptFailed(request: Request, attempt: number, reason: FailureReason): void;
}

/**
 * One of a pod's `concurrency` workers. It holds an attempt from the start of its service until the
 * answer, including the time its calls to other Services take (a synchronous server). Its handler
 * is bound once, so serving a request creates no closure.
 */
export class Worker {
  request: Request | null = null;
  attempt = 0;
  /** Service of the current attempt: start, end and CPU µs (for CPU used so far). */
  start: Micros = 0;
  end: Micros = 0;
  cpu: Micros = 0;
  /** True while the attempt's own work runs (false while waiting on calls). */
  inService = false;
  event: ScheduledEvent | null = null;
  /** Bumped whenever the worker lets go of an attempt, so late answers of its calls are ignored. */
  generation = 0;
  /** Call plan cursor: the entry being run, calls of it left to issue, calls in flight. */
  callEntry = 0;
  callsLeft = 0;
  callsPending = 0;
  readonly onServiceDone: () => void;

  constructor(readonly pod: PodServer) {
    this.onServiceDone = () => {
      this.event = null;
      this.pod.serviceEnded(this);
    };
  }
}

/**
 * A pod serving one Service's requests: `concurrency` workers and a FIFO of at most `queueLimit`
 * waiting attempts. It serves from the first time an endpoint for it appears until its containers die
 * (`lose`); a terminating pod is simply sent nothing new and finishes what it holds.
 */
export class PodServer implements BalancedEndpoint, Caller {
  /** Attempts routed here that their callers still wait for (least-request's count). */
  active = 0;
  /** Open connections to it (IPVS lc, sed, nq). */
  connections = 0;
  alive = true;
  /** Was a ready endpoint at some time in the statistics window (imbalance counts it). */
  everEligible = false;
  pools: Map<ServiceRuntime, ConnectionPool> | null = null;
  slowdown = 1;
  private readonly free: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue = new AttemptQueue();
  private readonly cache: SessionCache | null;
  private readonly behaviour: ServiceBehaviour;
  private readonly rng: RandomStream;
  private busy = 0;
  private busyArea = 0;
  private lastChange: Micros;
  /** CPU µs of finished services, and of everything before the statistics window. */
  private cpuDone = 0;
  private cpuAtWindow = 0;
  /** Statistics: attempts answered in the window, and the window's start. */
  served = 0;
  private windowStart: Micros;
  cacheHits = 0;
  cacheMisses = 0;

  constructor(
    readonly key: string,
    readonly node: string,
    readonly zone: string,
    readonly service: ServiceRuntime,
    readonly sourceIp: number,
    private readonly host: PodHost,
  ) {
    this.behaviour = service.behaviour;
    this.rng = service.serviceRng;
    this.cache = this.behaviour.cache ? new SessionCache(this.behaviour.cache.entries) : null;
    for (let i = 0; i < this.behaviour.concurrency; i++) this.workers.push(new Worker(this));
    this.free.push(...[...this.workers].reverse());
    this.lastChange = host.sim.now;
    this.windowStart = host.sim.now;
  }

  /** Takes an attempt: starts it, queues it, or says why not. */
  admit(request: Request, attempt: number): FailureReason | null {
    if (!this.alive) return 'podLost';
    const worker = this.free.pop();
    if (worker !== undefined) {
      this.setBusy(this.busy + 1);
      this.startService(worker, request, attempt);
      return null;
    }
    if (this.queue.size >= this.behaviour.queueLimit) return 'rejected';
    this.queue.push(request, attempt);
    return null;
  }

  /** The worker's attempt is answered (or abandoned): take the next waiting one. */
  release(worker: Worker): void {
    worker.request = null;
    worker.generation++;
    const queue = this.queue;
    while (queue.size > 0) {
      const attempt = queue.peekAttempt();
      const request = queue.shift();
      // Skip attempts their caller gave up on (timed out, or the request ended).
      if (request.ended || request.attempt !== attempt) continue;
      this.startService(worker, request, attempt);
      return;
    }
    this.setBusy(this.busy - 1);
    this.free.push(worker);
  }

  /** Called by the worker's event: its own work is done. */
  serviceEnded(worker: Worker): void {
    worker.inService = false;
    this.cpuDone += worker.cpu;
    if (worker.end >= this.windowStart) this.served++;
    this.host.serviceDone(worker);
  }

  /** The containers died: every attempt held fails with podLost, and the pod stops serving. */
  lose(): void {
    if (!this.alive) return;
    const now = this.host.sim.now;
    this.alive = false;
    for (const w of this.workers) {
      const request = w.request;
      if (request === null) continue;
      if (w.inService) {
        this.cpuDone += this.cpuSoFar(w, now);
        w.inService = false;
      }
      w.event?.cancel();
      w.event = null;
      w.request = null;
      w.generation++;
      this.host.attemptFailed(request, w.attempt, 'podLost');
    }
    this.queue.drain((request, attempt) => {
      if (!request.ended && request.attempt === attempt) this.host.attemptFailed(request, attempt, 'podLost');
    });
    this.setBusy(0);
    this.free.length = 0;
    this.free.push(...[...this.workers].reverse());
  }

  /** The containers run again after a loss (a restart): empty queue, cold cache. */
  revive(): void {
    if (this.alive) return;
    this.alive = true;
    this.cache?.clear();
  }

  /** CPU seconds used from the pod's start until `now`, counting services in progress pro rata. */
  cpuSecondsAt(now: Micros): number {
    let cpu = this.cpuDone;
    for (const w of this.workers) if (w.inService) cpu += this.cpuSoFar(w, now);
    return cpu / 1_000_000;
  }

  /** Starts the statistics window: counts and areas from now on. */
  startWindow(now: Micros): void {
    this.accountBusy(now);
    this.busyArea = 0;
    this.served = 0;
    this.cacheHits = 0;
    this.cacheMisses = 0;
    this.cpuAtWindow = this.cpuSecondsAt(now);
    this.windowStart = now;
  }

  /** Time-average fraction of workers busy over the window, up to `now`. */
  busyFraction(now: Micros): number {
    this.accountBusy(now);
    const span = now - this.windowStart;
    return span <= 0 ? 0 : this.busyArea / (span * this.workers.length);
  }

  cpuSecondsInWindow(now: Micros): number {
    return this.cpuSecondsAt(now) - this.cpuAtWindow;
  }

  /** Workers serving or waiting on calls now (never more than concurrency). */
  get busyWorkers(): number {
    return this.busy;
  }

  get queued(): number {
    return this.queue.size;
  }

  private startService(worker: Worker, request: Request, attempt: number): void {
    const now = this.host.sim.now;
    worker.request = request;
    worker.attempt = attempt;
    // A cache miss makes the request missFactor times longer and costlier in CPU.
    const factor = this.cache === null ? 1 : this.cacheFactor(this.cache, request.sessionId, now);
    const work = this.behaviour.serviceTime.sample(this.rng) * factor;
    const perRequest = this.behaviour.cpuPerRequest;
    worker.cpu = perRequest === null ? work : perRequest * factor;
    const duration = Math.round(work * this.slowdown);
    worker.start = now;
    worker.end = now + duration;
    worker.inService = true;
    worker.event = this.host.sim.schedule(duration, worker.onServiceDone);
  }

  /** 1 when the session is warm in the pod's cache, else the miss factor; counts the hit or miss. */
  private cacheFactor(cache: SessionCache, sessionId: number, now: Micros): number {
    if (cache.touch(sessionId)) {
      if (now >= this.windowStart) this.cacheHits++;
      return 1;
    }
    if (now >= this.windowStart) this.cacheMisses++;
    return (this.behaviour.cache as { missFactor: number }).missFactor;
  }

  private cpuSoFar(w: Worker, now: Micros): number {
    const span = w.end - w.start;
    return span <= 0 ? w.cpu : w.cpu * Math.min(1, (now - w.start) / span);
  }

  private accountBusy(now: Micros): void {
    this.busyArea += this.busy * (now - this.lastChange);
    this.lastChange = now;
  }

  private setBusy(n: number): void {
    this.accountBusy(this.host.sim.now);
    this.busy = n;
  }
}
