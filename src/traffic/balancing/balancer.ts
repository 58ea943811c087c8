/**
 * The contract every load-balancing policy implements (the shape of Envoy's
 * source/extensions/load_balancing_policies/: one policy per file behind one chooseHost interface).
 * A policy is told the endpoints that may take new work and picks one of them per decision: per new
 * connection for kube-proxy's modes, per request for the L7 policies.
 */

/** What a policy may read of an endpoint. */
export interface BalancedEndpoint {
  /** The pod key; hashing policies place endpoints by it, so a pod keeps its place across changes. */
  readonly key: string;
  /** Requests queued or in service (least-request). */
  readonly active: number;
  /** Open connections (IPVS lc, sed, nq count connections, not requests). */
  readonly connections: number;
}

export interface Balancer<E extends BalancedEndpoint = BalancedEndpoint> {
  /** Replaces the endpoints (in the order kube-proxy lists them). */
  setEndpoints(endpoints: readonly E[]): void;
  /**
   * Picks an endpoint, or undefined when there is none. `requestKey` is what the hash policies key
   * on (the session id, an integer they hash themselves, so others pay nothing for it); `sourceIp`
   * identifies the client address (IPVS sh).
   */
  chooseEndpoint(requestKey: number, sourceIp: number): E | undefined;
}

/** A hashing policy can say how much of its key space the last setEndpoints moved to another pod. */
export interface HashBalancer<E extends BalancedEndpoint = BalancedEndpoint> extends Balancer<E> {
  /** Fraction of keys (0–1) whose endpoint changed in the last setEndpoints. */
  readonly lastMovedShare: number;
}
