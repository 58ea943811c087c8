import type { BalancedEndpoint, Balancer } from './balancer.js';

/**
 * IPVS's connection-counting schedulers, with kube-proxy's weight 1 on every real server. They count
 * connections, not requests: a keep-alive connection counts while it is open.
 * - lc (ip_vs_lc.c): the fewest connections; the first listed wins a tie.
 * - sed (ip_vs_sed.c): the least (connections + 1) / weight, which for equal weights is lc.
 * - nq (ip_vs_nq.c): an idle server (no connections) if any, else sed.
 * Upstream counts active connections ×256 plus inactive ones; kubesim has no inactive (TIME_WAIT) state.
 */
export class LeastConnectionBalancer<E extends BalancedEndpoint> implements Balancer<E> {
  private endpoints: readonly E[] = [];
  constructor(private readonly scheduler: 'lc' | 'sed' | 'nq') {}

  setEndpoints(endpoints: readonly E[]): void {
    this.endpoints = endpoints;
  }

  chooseEndpoint(): E | undefined {
    const eps = this.endpoints;
    if (eps.length === 0) return undefined;
    if (this.scheduler === 'nq') {
      for (const e of eps) if (e.connections === 0) return e;
    }
    const extra = this.scheduler === 'lc' ? 0 : 1;
    let best = eps[0] as E;
    for (let i = 1; i < eps.length; i++) {
      const e = eps[i] as E;
      if (e.connections + extra < best.connections + extra) best = e;
    }
    return best;
  }
}
