import type { BalancedEndpoint, Balancer } from './balancer.js';
import { mix32 } from './hash.js';

/** IP_VS_DH_TAB_BITS / IP_VS_SH_TAB_BITS: both schedulers hash into 256 buckets. */
const BUCKETS = 256;

/**
 * IPVS's hashing schedulers: 256 buckets dealt to the real servers in turn, a connection goes to the
 * bucket of a hash of its address (net/netfilter/ipvs/ip_vs_sh.c, ip_vs_dh.c).
 * - sh hashes the source address: one client IP always reaches the same endpoint.
 * - dh hashes the destination address, which is the Service's virtual IP for every connection, so
 *   all of a Service's connections go to one endpoint (dh is meant for cache farms, not Services).
 */
export class BucketHashBalancer<E extends BalancedEndpoint> implements Balancer<E> {
  private readonly table: (E | undefined)[] = new Array(BUCKETS).fill(undefined);

  /** `destinationHash`: a hash of the Service's address, for dh; undefined for sh. */
  constructor(private readonly destinationHash: number | undefined) {}

  setEndpoints(endpoints: readonly E[]): void {
    for (let b = 0; b < BUCKETS; b++) this.table[b] = endpoints[b % Math.max(1, endpoints.length)];
  }

  chooseEndpoint(_requestKey: number, sourceIp: number): E | undefined {
    const address = this.destinationHash ?? mix32(sourceIp);
    return this.table[address & (BUCKETS - 1)];
  }
}
