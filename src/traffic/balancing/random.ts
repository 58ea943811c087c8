import type { RandomStream } from '../../engine/random.js';
import type { BalancedEndpoint, Balancer } from './balancer.js';

/**
 * Uniform choice. kube-proxy's iptables mode does this per new connection: rule i of n matches with
 * probability 1/(n − i), which is uniform over the n endpoints (pkg/proxy/iptables/proxier.go,
 * `--mode random --probability`); nftables mode uses `numgen random mod n` (pkg/proxy/nftables/proxier.go).
 */
export class RandomBalancer<E extends BalancedEndpoint> implements Balancer<E> {
  private endpoints: readonly E[] = [];
  constructor(private readonly rng: RandomStream) {}

  setEndpoints(endpoints: readonly E[]): void {
    this.endpoints = endpoints;
  }

  chooseEndpoint(): E | undefined {
    const n = this.endpoints.length;
    return n === 0 ? undefined : this.endpoints[n === 1 ? 0 : Math.floor(this.rng.next() * n)];
  }
}
