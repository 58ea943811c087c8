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
  /** The attempt in progress (0: the first). */
  attempt = 0;
  ended = false;
  /** Pod of the current attempt, or null while waiting for a retry or before routing. */
  pod: PodServer | null = null;
  /** Connection of the current attempt (keep-alive callers only). */
  conn: Connection | null = null;
  /** Deadline of the current attempt (Infinity: no timeout). */
  deadline: Micros = Number.POSITIVE_INFINITY;
  /** True while the current attempt is a retry counted against the budget. */
  retrying = false;

  constructor(
    readonly service: ServiceRuntime,
    readonly arrival: Micros,
    /** Arrived after the warm-up: included in statistics. */
    readonly counted: boolean,
    /** The session key (cache, hash policies); a fresh number for open-loop requests. */
    readonly sessionId: number,
    readonly caller: Caller | null,
    readonly session: Session | null,
    /** The worker whose call this is, and its generation when the call was made. */
    readonly parent: Worker | null,
    readonly parentGeneration: number,
    /** The session id names a client session (not a one-off open-loop request): track its pods. */
    readonly tracked: boolean,
  ) {}
}
