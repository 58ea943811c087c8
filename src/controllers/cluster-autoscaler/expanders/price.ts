import { CPU } from '../../../model/resources.js';
import { type ExpanderFilter, lowest, podsRequests } from './option.js';

// expander/price/price.go and preferred.go (proposals/pricing.md).

/** priceStabilizationPod: 0.5 cpu, 500 MiB, priced like any pod to steady the node/pod price ratio. */
const STABILIZATION_POD = { cpu: 500, memory: 500 * 2 ** 20 };
/**
 * A pod's price per hour from its requests. Upstream asks the cloud's pricing model; kubesim's pools
 * price whole nodes only, so pods are priced at GCE's base on-demand rates (cloudprovider/gce
 * gce_price_info.go: 0.033174 USD per cpu-hour, 0.004446 USD per GB-hour), an approximation.
 */
const CPU_PRICE_PER_HOUR = 0.033174;
const MEMORY_PRICE_PER_GB_HOUR = 0.004446;

function podPrice(r: { cpu: number; memory: number }): number {
  return (r.cpu / 1000) * CPU_PRICE_PER_HOUR + (r.memory / 2 ** 30) * MEMORY_PRICE_PER_GB_HOUR;
}

/** SimplePreferredNodeProvider: the preferred node's cpu doubles each time the cluster grows ~3×. */
export function preferredNodeMilliCpu(clusterNodes: number): number {
  if (clusterNodes <= 2) return 1000;
  if (clusterNodes <= 6) return 2000;
  if (clusterNodes <= 20) return 4000;
  if (clusterNodes <= 60) return 8000;
  if (clusterNodes <= 200) return 16000;
  return 32000;
}

/**
 * price: the lowest (node price + stabilisation) / (pod price + stabilisation), weighted by how far
 * the node's cpu is from the preferred node's (SimpleNodeUnfitness), that weight fading with the node
 * count (tanh). Node groups that do not exist yet (×2) and GPU overrides do not arise in kubesim.
 */
export const price: ExpanderFilter = {
  name: 'price',
  bestOptions: (options, ctx) =>
    lowest(options, (o) => {
      const nodeCpu = o.template.allocatable[CPU] ?? 0;
      if (nodeCpu <= 0) return undefined;
      const stabilization = podPrice(STABILIZATION_POD);
      const totalNodePrice = o.group.pool.pricePerHour * o.nodeCount;
      const totalPodPrice = podPrice(podsRequests(o.pods));
      const priceSubScore = (totalNodePrice + stabilization) / (totalPodPrice + stabilization);
      const preferred = preferredNodeMilliCpu(ctx.clusterNodes);
      const unfitness = Math.max(preferred / nodeCpu, nodeCpu / preferred);
      const suppressed = (unfitness - 1) * (1 - Math.tanh((o.nodeCount - 1) / 15)) + 1;
      return suppressed * priceSubScore;
    }),
};
