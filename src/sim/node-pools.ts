import type { Micros } from '../engine/time.js';
import {
  LABEL_ARCH,
  LABEL_ARCH_BETA,
  LABEL_HOSTNAME,
  LABEL_INSTANCE_TYPE,
  LABEL_NODE_POOL,
  LABEL_OS,
  LABEL_OS_BETA,
  LABEL_ZONE,
  type Node,
} from '../model/node.js';
import type { NodePool } from '../model/scenario.js';

/**
 * The `index`-th node of a pool, as a cloud provider would register it: named "<pool>-<index>", in the
 * pool's zones round-robin, with the labels every kubelet sets (hostname, os and arch with their
 * deprecated beta twins: pkg/kubelet/kubelet_node_status.go) and the cloud's zone and instance type.
 */
export function nodeFromPool(pool: NodePool, index: number, now: Micros): Node {
  const name = `${pool.name}-${index}`;
  const os = pool.os ?? 'linux';
  const arch = pool.arch ?? 'amd64';
  const zone = pool.zones.length > 0 ? pool.zones[index % pool.zones.length] : undefined;
  return {
    name,
    labels: {
      ...pool.labels,
      [LABEL_HOSTNAME]: name,
      [LABEL_OS]: os,
      [LABEL_OS_BETA]: os,
      [LABEL_ARCH]: arch,
      [LABEL_ARCH_BETA]: arch,
      [LABEL_INSTANCE_TYPE]: pool.instanceType,
      [LABEL_NODE_POOL]: pool.name,
      ...(zone === undefined ? {} : { [LABEL_ZONE]: zone }),
    },
    ...(pool.annotations ? { annotations: { ...pool.annotations } } : {}),
    taints: pool.taints.map((t) => ({ ...t })),
    allocatable: pool.allocatable,
    unschedulable: false,
    ready: 'True',
    pricePerHour: pool.pricePerHour,
    pool: pool.name,
    createdAt: now,
  };
}
