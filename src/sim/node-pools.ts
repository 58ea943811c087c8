import type { Micros } from '../engine/time.js';
import {
  LABEL_HOSTNAME,
  LABEL_INSTANCE_TYPE,
  LABEL_NODE_POOL,
  LABEL_ZONE,
  type Node,
} from '../model/node.js';
import type { NodePool } from '../model/scenario.js';

/**
 * The `index`-th node of a pool, as a cloud provider would register it: named "<pool>-<index>", in the
 * pool's zones round-robin, with the well-known hostname, zone and instance-type labels.
 */
export function nodeFromPool(pool: NodePool, index: number, now: Micros): Node {
  const name = `${pool.name}-${index}`;
  const zone = pool.zones.length > 0 ? pool.zones[index % pool.zones.length] : undefined;
  return {
    name,
    labels: {
      ...pool.labels,
      [LABEL_HOSTNAME]: name,
      [LABEL_INSTANCE_TYPE]: pool.instanceType,
      [LABEL_NODE_POOL]: pool.name,
      ...(zone === undefined ? {} : { [LABEL_ZONE]: zone }),
    },
    taints: pool.taints.map((t) => ({ ...t })),
    allocatable: pool.allocatable,
    unschedulable: false,
    ready: 'True',
    pricePerHour: pool.pricePerHour,
    pool: pool.name,
    createdAt: now,
  };
}
