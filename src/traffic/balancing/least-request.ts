import type { RandomStream } from '../../engine/random.js';
import type { BalancedEndpoint, Balancer } from './balancer.js';

/** Envoy LeastRequest choice_count default: the power of two choices. */
export const DEFAULT_CHOICE_COUNT = 2;

/**
 * Envoy's least_request with equal weights: draw `choiceCount` endpoints at random (with
 * replacement) and keep the one with the fewest active requests, the first drawn on a tie
 * (source/extensions/load_balancing_policies/least_request/least_request_lb.cc, unweightedHostPick).
 * Every caller shares one view of active requests, as behind a single proxy.
 */
export class LeastRequestBalancer<E extends BalancedEndpoint> implements Balancer<E> {
  private endpoints: readonly E[] = [];
  constructor(
    private readonly rng: RandomStream,
    private readonly choiceCount = DEFAULT_CHOICE_COUNT,
  ) {}

  setEndpoints(endpoints: readonly E[]): void {
    this.endpoints = endpoints;
  }

  chooseEndpoint(): E | undefined {
    const n = this.endpoints.length;
    if (n === 0) return undefined;
    let best = this.endpoints[Math.floor(this.rng.next() * n)] as E;
    for (let c = 1; c < this.choiceCount; c++) {
      const candidate = this.endpoints[Math.floor(this.rng.next() * n)] as E;
      if (candidate.active < best.active) best = candidate;
    }
    return best;
  }
}
