import type { ClusterInput } from '../../model/cluster-input.js';
import type { PodSpec } from '../../model/pod.js';
import { CPU, MEMORY, podRequests } from '../../model/resources.js';
import type { InstanceType } from './catalog.js';
import type { Failures } from './failures.js';

/**
 * The packing lower bound of the search: how many nodes of a type the pods' requests need, by volume
 * (Σ requests ÷ allocatable, per resource). Fragmentation, affinity and spreading only raise the true
 * need, so this never overshoots; the simulations decide the rest.
 */

/** GPUs as the device plugin advertises them. */
export const GPU = 'nvidia.com/gpu';

/** What the workloads ask for at their desired replicas, and their largest single pod. */
export interface Demand {
  pods: number;
  cpuMillis: number;
  memoryBytes: number;
  gpu: number;
  largest: { cpuMillis: number; memoryBytes: number; gpu: number; owner: string };
}

/** The requests of every pod the input will run: workloads at spec.replicas, plus unbound standalone pods. */
export function demandOf(input: ClusterInput): Demand {
  const demand: Demand = {
    pods: 0,
    cpuMillis: 0,
    memoryBytes: 0,
    gpu: 0,
    largest: { cpuMillis: 0, memoryBytes: 0, gpu: 0, owner: '' },
  };
  const add = (spec: PodSpec, count: number, owner: string): void => {
    const r = podRequests(spec.containers, spec.initContainers, spec.overhead);
    const pod = { cpuMillis: r[CPU] ?? 0, memoryBytes: r[MEMORY] ?? 0, gpu: r[GPU] ?? 0 };
    demand.pods += count;
    demand.cpuMillis += pod.cpuMillis * count;
    demand.memoryBytes += pod.memoryBytes * count;
    demand.gpu += pod.gpu * count;
    const l = demand.largest;
    if (count > 0 && (pod.cpuMillis > l.cpuMillis || pod.memoryBytes > l.memoryBytes || pod.gpu > l.gpu))
      demand.largest = {
        cpuMillis: Math.max(l.cpuMillis, pod.cpuMillis),
        memoryBytes: Math.max(l.memoryBytes, pod.memoryBytes),
        gpu: Math.max(l.gpu, pod.gpu),
        owner,
      };
  };
  for (const w of [...input.deployments, ...input.statefulSets])
    add(w.template.spec, w.replicas, `${w.kind} ${w.namespace}/${w.name}`);
  for (const p of input.pods)
    if (p.nodeName === undefined && p.spec.nodeName === undefined)
      add(p.spec, 1, `Pod ${p.namespace}/${p.name}`);
  return demand;
}

/** Why no number of nodes of this type can hold the pods (a pod larger than a node), or undefined. */
export function misfitReason(type: InstanceType, demand: Demand): string | undefined {
  const a = type.allocatable;
  const l = demand.largest;
  if (l.cpuMillis > a.cpuMillis)
    return `${l.owner} requests ${l.cpuMillis}m cpu, more than ${type.instanceType}'s ${a.cpuMillis}m allocatable`;
  if (l.memoryBytes > a.memoryBytes)
    return `${l.owner} requests ${(l.memoryBytes / 1024 ** 2).toFixed(0)}Mi memory, more than ${type.instanceType}'s ${(a.memoryBytes / 1024 ** 2).toFixed(0)}Mi allocatable`;
  if (l.gpu > type.gpu) return `${l.owner} requests ${l.gpu} GPU, ${type.instanceType} has ${type.gpu}`;
  return undefined;
}

/** Nodes of `type` the demand needs by volume: the largest of Σ request ÷ allocatable over the resources. */
export function nodesByVolume(type: InstanceType, demand: Demand): number {
  const a = type.allocatable;
  const need = Math.max(
    Math.ceil(demand.cpuMillis / a.cpuMillis),
    Math.ceil(demand.memoryBytes / a.memoryBytes),
    Math.ceil(demand.pods / a.pods),
    demand.gpu === 0 ? 0 : type.gpu === 0 ? Number.POSITIVE_INFINITY : Math.ceil(demand.gpu / type.gpu),
  );
  return Math.max(1, need);
}

/**
 * The fewest nodes per zone (or in all, with no zones) of `type` over `zones` zones such that the
 * nodes surviving the failures still hold every pod by volume: N + k for `node:k`, and for `zone:k`
 * enough per zone that the z − k zones left hold them.
 */
export function lowerBoundPerZone(
  type: InstanceType,
  demand: Demand,
  zones: number,
  failures: Failures,
): number {
  const need = nodesByVolume(type, demand);
  const z = Math.max(1, zones);
  if (failures.kind === 'zone') return Math.ceil(need / (z - failures.count));
  const lost = failures.kind === 'node' ? failures.count : 0;
  return Math.ceil((need + lost) / z);
}
