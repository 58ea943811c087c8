import type { BalancedEndpoint, Balancer } from './balancer.js';

/**
 * Each endpoint in turn: Envoy's round_robin (per request) and IPVS rr (per connection,
 * net/netfilter/ipvs/ip_vs_rr.c). IPVS wrr is the same here, since kube-proxy gives every real
 * server weight 1. The cursor survives endpoint changes (IPVS keeps its list position).
 */
export class RoundRobinBalancer<E extends BalancedEndpoint> implements Balancer<E> {
  private endpoints: readonly E[] = [];
  private cursor = 0;

  setEndpoints(endpoints: readonly E[]): void {
    this.endpoints = endpoints;
  }

  chooseEndpoint(): E | undefined {
    const n = this.endpoints.length;
    if (n === 0) return undefined;
    if (this.cursor >= n) this.cursor = 0;
    return this.endpoints[this.cursor++];
  }
}
