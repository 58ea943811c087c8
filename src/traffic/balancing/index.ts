import type { RandomStream } from '../../engine/random.js';
import type { IpvsScheduler, L7Policy, ProxyConfig } from '../../model/traffic.js';
import type { BalancedEndpoint, Balancer } from './balancer.js';
import { BucketHashBalancer } from './bucket-hash.js';
import { hashString } from './hash.js';
import { LeastConnectionBalancer } from './least-connection.js';
import { LeastRequestBalancer } from './least-request.js';
import { MaglevBalancer } from './maglev.js';
import { RandomBalancer } from './random.js';
import { RingHashBalancer } from './ring-hash.js';
import { RoundRobinBalancer } from './round-robin.js';

export type { BalancedEndpoint, Balancer, HashBalancer } from './balancer.js';

/** The policy a mesh or ingress applies per request (spec.services.<name>.loadBalancing). */
export function l7Balancer<E extends BalancedEndpoint>(policy: L7Policy, rng: RandomStream): Balancer<E> {
  switch (policy) {
    case 'random':
      return new RandomBalancer(rng);
    case 'round-robin':
      return new RoundRobinBalancer();
    case 'least-connection':
      return new LeastConnectionBalancer('lc', 'active');
    case 'least-request':
      return new LeastRequestBalancer(rng);
    case 'source-hash':
      return new BucketHashBalancer(undefined);
    case 'ring-hash':
      return new RingHashBalancer();
    case 'maglev':
      return new MaglevBalancer();
  }
}

/** What kube-proxy does per new connection to `serviceKey` in the configured mode. */
export function proxyBalancer<E extends BalancedEndpoint>(
  proxy: ProxyConfig,
  serviceKey: string,
  rng: RandomStream,
): Balancer<E> {
  if (proxy.mode !== 'ipvs') return new RandomBalancer(rng);
  return ipvsBalancer(proxy.ipvsScheduler, serviceKey);
}

function ipvsBalancer<E extends BalancedEndpoint>(scheduler: IpvsScheduler, serviceKey: string): Balancer<E> {
  switch (scheduler) {
    case 'rr':
    case 'wrr':
      return new RoundRobinBalancer();
    case 'lc':
    case 'sed':
    case 'nq':
      return new LeastConnectionBalancer(scheduler);
    case 'sh':
      return new BucketHashBalancer(undefined);
    case 'dh':
      return new BucketHashBalancer(hashString(serviceKey));
  }
}
