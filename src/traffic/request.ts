import type { Micros } from '../engine/time.js';
import type { PodServer, Worker } from './pod-server.js';
import type { ServiceRuntime } from './service-runtime.js';

/**
 * An open-loop request comes from its own, never-repeated source address: −(its session id). Negative
 * addresses are never remembered (ClientIP affinity skips them) but still hash apart (IPVS sh).
 */
export function uniqueSource(sessionId: number): number {
  return -sessionId;
}

/** A keep-alive connection from one caller to one pod of a Service. */
export class Connection {
  requests = 0;
  inFlight = 0;
  constructor(
    readonly pod: PodServer,
    public lastUsed: Micros,
  ) {}
}

/** Who sends requests: a client (for sessions) or a pod (for calls). */
export interface Caller {
  /** Source address number (ClientIP affinity and IPVS sh key on it); >= 1 for clients and pods. */
  readonly sourceIp: number;
  /** Zone of the caller, for PreferClose; "" outside the cluster. */
  readonly zone: string;
  /** Keep-alive connections by target Service; created on first use. */
  pools: Map<ServiceRuntime, ConnectionPool> | null;
}

/** A caller's connections to one Service: requests take the slots in turn (multiplexed). */
export class ConnectionPool {
  readonly slots: (Connection | null)[];
  cursor = 0;
  constructor(size: number) {
    this.slots = new Array(size).fill(null);
  }
}

/** A client session: `remaining` more requests after the one in flight. */
export interface Session {
  readonly id: number;
  readonly caller: Caller;
  remaining: number;
}

/**
 * One logical request to a Service, from its arrival until it ends (served or failed, once). Each
 * attempt (the first and each retry) has a number; a pod holding an attempt that is no longer
 * `attempt` (it timed out, or the request ended) drops it when it gets to it.
 */
export class Request {
  // Plain constructor assignments rather than class fields (as the engine's ScheduledEvent): with
  // ES2022 define semantics each field would be defined, then assigned, on every request.
  /** The attempt in progress (0: the first). */
  declare attempt: number;
  declare ended: boolean;
  /** Pod of the current attempt, or null while waiting for a retry or before routing. */
  declare pod: PodServer | null;
  /** Connection of the current attempt (keep-alive callers only). */
  declare conn: Connection | null;
  /** Deadline of the current attempt; Infinity when it has none (no timeout, or not started). */
  declare deadline: Micros;
  /** Neighbours in the Service's DeadlineList while the current attempt waits on its deadline. */
  declare deadlinePrev: Request | null;
  declare deadlineNext: Request | null;
  /** True while the current attempt is a retry counted against the budget. */
  declare retrying: boolean;
  declare readonly service: ServiceRuntime;
  declare readonly arrival: Micros;
  /** Arrived after the warm-up: included in statistics. */
  declare readonly counted: boolean;
  /** The session key (cache, hash policies); a fresh number for open-loop requests. */
  declare readonly sessionId: number;
  declare readonly caller: Caller | null;
  declare readonly session: Session | null;
  /** The worker whose call this is, and its generation when the call was made. */
  declare readonly parent: Worker | null;
  declare readonly parentGeneration: number;
  /** The session id names a client session (not a one-off open-loop request): track its pods. */
  declare readonly tracked: boolean;

  constructor(
    service: ServiceRuntime,
    arrival: Micros,
    counted: boolean,
    sessionId: number,
    caller: Caller | null,
    session: Session | null,
    parent: Worker | null,
    parentGeneration: number,
    tracked: boolean,
  ) {
    this.attempt = 0;
    this.ended = false;
    this.pod = null;
    this.conn = null;
    this.deadline = Number.POSITIVE_INFINITY;
    this.deadlinePrev = null;
    this.deadlineNext = null;
    this.retrying = false;
    this.service = service;
    this.arrival = arrival;
    this.counted = counted;
    this.sessionId = sessionId;
    this.caller = caller;
    this.session = session;
    this.parent = parent;
    this.parentGeneration = parentGeneration;
    this.tracked = tracked;
  }
}
