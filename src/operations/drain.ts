import { formatDuration, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { DrainOperation } from '../model/operations.js';
import { type Pod, podKey } from '../model/pod.js';
import { setUnschedulable } from './cordon.js';
import { finish, type OperationContext, type OperationKind, type OperationRecord } from './operation-kind.js';

/** kubectl drain retries a refused (429) eviction after 5 s (k8s.io/kubectl/pkg/drain/drain.go evictPods). */
export const EVICTION_RETRY_INTERVAL: Micros = 5 * MICROS_PER_SECOND;
/** kubectl drain polls each evicted pod every second until it is gone (drain.go waitForDelete). */
export const DELETE_POLL_INTERVAL: Micros = 1 * MICROS_PER_SECOND;

/** kubectl's refusal of pods without a controller (k8s.io/kubectl/pkg/drain/filters.go unmanagedFatal). */
export const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';

export interface DrainOptions {
  /** --timeout; undefined waits forever (kubectl's 0). */
  timeout?: Micros;
  /** --grace-period in seconds; undefined uses each pod's own. */
  gracePeriodSeconds?: number;
  /** --force: pods without a controller are drained too. */
  force: boolean;
  /**
   * At the timeout kubectl gives up with "global timeout reached"; a GKE node-pool upgrade instead
   * deletes the pods still there (PodDisruptionBudgets are respected only that long).
   */
  atTimeout: 'fail' | 'delete';
}

/**
 * Drains `nodeName` as `kubectl drain` does: cordon; refuse pods without a controller unless forced
 * (kubesim has no DaemonSet or mirror pods to skip); evict every pod through the eviction API, each
 * refusal (429) retried 5 s later, until the timeout; then poll every second until each evicted pod is
 * gone. `done` gets undefined on success, or kubectl's error (aggregated over pods) once every pod's
 * attempt has ended. Counts go to `record`; evictions and refusals to the timeline.
 */
export function drainNode(
  ctx: OperationContext,
  nodeName: string,
  options: DrainOptions,
  record: OperationRecord,
  done: (error?: string) => void,
): void {
  const { sim, api, cluster } = ctx;
  const problem = setUnschedulable(ctx, nodeName, true);
  if (problem !== undefined) {
    done(problem);
    return;
  }
  ctx.step({
    kind: 'Operation',
    object: `node/${nodeName}`,
    to: 'cordoned, drain started',
    reason: record.kind,
  });
  const pods = [...cluster.podsOnNode(nodeName)].sort((a, b) => (podKey(a) < podKey(b) ? -1 : 1));
  const unmanaged = pods.filter((p) => p.owner === undefined);
  if (unmanaged.length > 0 && !options.force) {
    done(`${UNMANAGED_FATAL}: ${unmanaged.map(podKey).join(', ')}`);
    return;
  }
  if (pods.length === 0) {
    done();
    return;
  }

  const deadline = options.timeout === undefined ? Number.POSITIVE_INFINITY : sim.now + options.timeout;
  const timeoutText = options.timeout === undefined ? '' : formatDuration(options.timeout);
  const errors: string[] = [];
  let pending = pods.length;
  const podDone = (error?: string): void => {
    if (error !== undefined) errors.push(error);
    if (--pending === 0) done(errors.length === 0 ? undefined : aggregate(errors));
  };
  const gone = (pod: Pod): boolean => cluster.pod(podKey(pod)) !== pod;
  const refused = new Set<Pod>();

  const waitForDelete = (pod: Pod): void => {
    if (gone(pod)) {
      podDone();
      return;
    }
    if (sim.now >= deadline && options.atTimeout === 'fail') {
      podDone(`error when waiting for pod "${pod.name}" terminating: global timeout reached: ${timeoutText}`);
      return;
    }
    sim.schedule(DELETE_POLL_INTERVAL, () => waitForDelete(pod));
  };

  const evict = (pod: Pod): void => {
    if (gone(pod)) {
      podDone();
      return;
    }
    if (sim.now >= deadline) {
      if (options.atTimeout === 'fail') {
        podDone(`error when evicting pod "${pod.name}": global timeout reached: ${timeoutText}`);
        return;
      }
      const deleted = api.deletePod(pod, options.gracePeriodSeconds);
      if (!deleted.ok) {
        podDone(`error when deleting pod "${pod.name}": ${deleted.message}`);
        return;
      }
      ctx.step({
        kind: 'PodEvicted',
        object: `pod/${podKey(pod)}`,
        from: nodeName,
        reason: `deleted by ${record.kind}: PodDisruptionBudgets are respected for ${timeoutText} only`,
      });
      waitForDelete(pod);
      return;
    }
    const result = api.evict(pod, options.gracePeriodSeconds);
    if (result.ok) {
      record.evictions++;
      ctx.step({
        kind: 'PodEvicted',
        object: `pod/${podKey(pod)}`,
        from: nodeName,
        reason: `${record.kind} of node ${nodeName}, through the eviction API`,
      });
      waitForDelete(pod);
      return;
    }
    if (result.code === 404) {
      podDone();
      return;
    }
    if (result.code !== 429) {
      podDone(`error when evicting pod "${pod.name}": ${result.message}`);
      return;
    }
    record.evictionsRefused++;
    if (!refused.has(pod)) {
      // The first refusal of each pod only: a budget may hold an eviction back for an hour.
      refused.add(pod);
      ctx.step({
        kind: 'Operation',
        object: `pod/${podKey(pod)}`,
        to: 'eviction refused (429), retried every 5s',
        reason: result.message,
      });
    }
    sim.schedule(EVICTION_RETRY_INTERVAL, () => evict(pod));
  };

  for (const pod of pods) evict(pod);
}

/** Several errors as utilerrors.NewAggregate prints them: one as is, more as "[a, b]". */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`;
}

/** `kubectl drain NODE [--timeout] [--grace-period] [--force]`. */
export const drain: OperationKind<DrainOperation> = {
  kind: 'drain',
  schedule(op, ctx) {
    ctx.sim.scheduleAt(op.at, () => {
      const record = ctx.begin('drain', `node/${op.node}`);
      const options: DrainOptions = { force: op.force, atTimeout: 'fail' };
      if (op.timeout !== undefined) options.timeout = op.timeout;
      if (op.gracePeriodSeconds !== undefined) options.gracePeriodSeconds = op.gracePeriodSeconds;
      drainNode(ctx, op.node, options, record, (error) =>
        finish(
          ctx,
          record,
          error === undefined ? 'done' : 'failed',
          error ??
            `node/${op.node} drained (${record.evictions} pods evicted, ${record.evictionsRefused} evictions refused)`,
        ),
      );
    });
  },
};
