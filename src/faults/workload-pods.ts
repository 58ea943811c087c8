import type { RandomStream } from '../engine/random.js';
import { type Pod, workloadName } from '../model/pod.js';
import type { FaultContext } from './fault-kind.js';

/** The workload's pods whose containers run now, in name order (a stable order for random picks). */
export function runningPods(ctx: Pick<FaultContext, 'cluster' | 'truth'>, workload: string): Pod[] {
  return [...ctx.cluster.pods]
    .filter((p) => workloadName(p) === workload && ctx.truth.isRunning(p))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `count` of `pods` drawn without replacement (a partial Fisher–Yates shuffle), all if fewer. */
export function pickPods(pods: readonly Pod[], count: number, random: RandomStream): Pod[] {
  const pool = [...pods];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + random.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as Pod, pool[i] as Pod];
  }
  return pool.slice(0, n);
}

/** The distinct nodes of `pods`, for the fault record. */
export function nodesOf(pods: readonly Pod[]): string[] {
  return [...new Set(pods.flatMap((p) => (p.nodeName === undefined ? [] : [p.nodeName])))];
}
