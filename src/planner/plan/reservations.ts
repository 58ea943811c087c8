/**
 * Node allocatable from machine capacity, as managed Kubernetes offerings reserve it for the kubelet,
 * the container runtime and the OS (kube-reserved + system-reserved) plus the hard eviction threshold.
 * allocatable = capacity − reserved − eviction threshold (Kubernetes' "Reserve Compute Resources").
 */

const MI = 1024 ** 2;
const GI = 1024 ** 3;

/** Which provider's published reservation formula turns capacity into allocatable. */
export type Reservations = 'gke' | 'eks' | 'none';
export const RESERVATIONS: readonly Reservations[] = ['gke', 'eks', 'none'];

/** The kubelet's default --max-pods (pkg/kubelet/apis/config/v1beta1/defaults.go: MaxPods 110). */
export const DEFAULT_MAX_PODS = 110;

/** Hard eviction threshold memory.available<100Mi: the kubelet's default, kept by GKE and the EKS AMI. */
export const EVICTION_THRESHOLD_BYTES = 100 * MI;

/** A marginal-rate ladder: `rate` applies to the part of the amount in [from, to). */
interface Step {
  upTo: number;
  rate: number;
}

function ladder(amount: number, steps: readonly Step[]): number {
  let reserved = 0;
  let from = 0;
  for (const { upTo, rate } of steps) {
    if (amount <= from) break;
    reserved += (Math.min(amount, upTo) - from) * rate;
    from = upTo;
  }
  return reserved;
}

/**
 * GKE's CPU reservation (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes, "Memory and
 * CPU reservations"): 6 % of the first core, 1 % of the next, 0.5 % of the next 2, 0.25 % above 4.
 * The EKS AMI's bootstrap uses the same ladder for kube-reserved CPU (amazon-eks-ami, bootstrap.sh
 * get_cpu_millicores_to_reserve). Millicores, rounded up as the kubelet's quantity would be.
 */
export function cpuReservedMillis(cpuMillis: number): number {
  return Math.ceil(
    ladder(cpuMillis, [
      { upTo: 1000, rate: 0.06 },
      { upTo: 2000, rate: 0.01 },
      { upTo: 4000, rate: 0.005 },
      { upTo: Number.POSITIVE_INFINITY, rate: 0.0025 },
    ]),
  );
}

/**
 * GKE's memory reservation (same page): 255 MiB on machines with less than 1 GiB; otherwise 25 % of
 * the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % of the next 112 and 2 % above 128 GiB.
 */
export function gkeMemoryReservedBytes(memoryBytes: number): number {
  if (memoryBytes < GI) return 255 * MI;
  return Math.ceil(
    ladder(memoryBytes, [
      { upTo: 4 * GI, rate: 0.25 },
      { upTo: 8 * GI, rate: 0.2 },
      { upTo: 16 * GI, rate: 0.1 },
      { upTo: 128 * GI, rate: 0.06 },
      { upTo: Number.POSITIVE_INFINITY, rate: 0.02 },
    ]),
  );
}

/**
 * The EKS AMI's kube-reserved memory: 255 MiB + 11 MiB per pod the node may run (amazon-eks-ami,
 * bootstrap.sh get_memory_mebibytes_to_reserve: 11 * max_pods + 255). The AMI's max pods come from
 * the instance type's ENIs; kubesim takes the catalogue's `pods` (default 110) instead.
 */
export function eksMemoryReservedBytes(maxPods: number): number {
  return (255 + 11 * maxPods) * MI;
}

/** What one node can give to pods, and what was held back for the system. */
export interface Allocatable {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

/** Allocatable cpu, memory and pods of a machine of that capacity under `reservations`; never below 0. */
export function allocatableFrom(capacity: Allocatable, reservations: Reservations): Allocatable {
  if (reservations === 'none') return { ...capacity };
  const cpu = capacity.cpuMillis - cpuReservedMillis(capacity.cpuMillis);
  const memoryReserved =
    reservations === 'gke'
      ? gkeMemoryReservedBytes(capacity.memoryBytes)
      : eksMemoryReservedBytes(capacity.pods);
  const memory = capacity.memoryBytes - memoryReserved - EVICTION_THRESHOLD_BYTES;
  return { cpuMillis: Math.max(0, cpu), memoryBytes: Math.max(0, memory), pods: capacity.pods };
}
