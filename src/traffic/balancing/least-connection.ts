import type { BalancedEndpoint, Balancer } from './balancer.js';

/** What a least-connection policy counts: open connections (IPVS) or active requests (a mesh, per request). */
export type LoadCount = 'connections' | 'active';

/**
 * IPVS's connection-counting schedulers, with kube-proxy's weight 1 on every real server. They count
 * connections, not requests: a keep-alive connection counts while it is open.
 * - lc (ip_vs_lc.c): the fewest connections; the first listed wins a tie.
 * - sed (ip_vs_sed.c): the least (connections + 1) / weight, which for equal weights is lc.
 * - nq (ip_vs_nq.c): an idle server (no connections) if any, else sed.
 * Upstream counts active connections ×256 plus inactive ones; kubesim has no inactive (TIME_WAIT) state.
 * As the mesh policy `least-connection` (per request, like nginx's least_conn) lc counts active
 * requests instead: join the shortest queue over all endpoints.
 */
export class LeastConnectionBalancer<E extends BalancedEndpoint> implements Balancer<E> {
  private endpoints: readonly E[] = [];
  constructor(
    private readonly scheduler: 'lc' | 'sed' | 'nq',
    private readonly count: LoadCount = 'connections',
  ) {}

  setEndpoints(endpoints: readonly E[]): void {
    this.endpoints = endpoints;
  }

  chooseEndpoint(): E | undefined {
    const eps = this.endpoints;
    if (eps.length === 0) return undefined;
    const load = this.count === 'connections' ? connectionsOf : activeOf;
    if (this.scheduler === 'nq') {
      for (const e of eps) if (load(e) === 0) return e;
    }
    // sed's "+ 1" over equal weights changes no comparison, so sed ranks as lc.
    let best = eps[0] as E;
    for (let i = 1; i < eps.length; i++) {
      const e = eps[i] as E;
      if (load(e) < load(best)) best = e;
    }
    return best;
  }
}

function connectionsOf(e: BalancedEndpoint): number {
  return e.connections;
}

function activeOf(e: BalancedEndpoint): number {
  return e.active;
}
