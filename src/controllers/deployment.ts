import type { ScheduledEvent } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import { objectKey, type PodTemplate } from '../model/pod.js';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import {
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  type ScaleReplicaSet,
} from './deployment-rolling.js';
import {
  calculateStatus,
  EMPTY_STATUS,
  isScalingEvent,
  pausedConditions,
  replicaSetsBeyondHistory,
  rolloutStatus,
  scaleDeployment,
  statusEqual,
} from './deployment-sync.js';
import {
  activeReplicaSets,
  actualReplicaCount,
  byCreation,
  deploymentComplete,
  getCondition,
  hasProgressDeadline,
  maxSurge,
  NEW_REPLICA_SET_REASON,
  newCondition,
  newRSNewReplicas,
  setCondition,
} from './deployment-util.js';
import { templateHash } from './pod-factory.js';
import { POD_TEMPLATE_HASH_LABEL, ReplicaSetPods } from './replicaset-pods.js';
import { WorkQueue } from './work-queue.js';
import { watchWorkloads } from './workload-events.js';

/** A rollout step for the timeline: a ReplicaSet scaled, or the Progressing condition's new reason. */
export interface RolloutStep {
  kind: 'ReplicaSetScaled' | 'DeploymentProgressing';
  /** "replicaset/NAMESPACE/NAME" or "deployment/NAMESPACE/NAME". */
  object: string;
  from?: string;
  to?: string;
  reason?: string;
}

/**
 * The Deployment controller of kube-controller-manager (pkg/controller/deployment, v1.36): one
 * ReplicaSet per pod-template revision, named `<deployment>-<pod-template-hash>`, RollingUpdate within
 * maxSurge/maxUnavailable or Recreate, proportional scaling of a Deployment scaled mid-rollout, old
 * ReplicaSets kept up to revisionHistoryLimit, and the status with its Available and Progressing
 * conditions (progressDeadlineSeconds). The ReplicaSet controller (replicaset.ts) makes the pods and
 * reports their counts; every change of those counts syncs the Deployment again, as upstream's
 * ReplicaSet informer does. Rollout steps after the first revision go to `record` (the timeline).
 */
export class DeploymentController {
  private readonly queue: WorkQueue;
  private readonly pods: ReplicaSetPods;
  /** requeueStuckDeployment's pending re-syncs, one per Deployment (the delaying queue keeps the earliest). */
  private readonly rechecks = new Map<string, ScheduledEvent>();
  private readonly templateTexts = new WeakMap<PodTemplate, string>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly record: (step: RolloutStep) => void = () => {},
  ) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.syncDeployment(key));
    // Recreate waits until the old pods are gone, so pod changes re-sync it (deletePod upstream).
    this.pods = new ReplicaSetPods(
      ctx.cluster,
      () => ctx.sim.now,
      (key) => {
        const d = ctx.cluster.workload(key);
        if (d?.kind === 'Deployment' && d.strategy.type === 'Recreate') this.queue.add(key);
      },
    );
  }

  start(): void {
    watchWorkloads(this.ctx.cluster, 'Deployment', (key) => this.queue.add(key));
  }

  /** syncDeployment: paused and scaling events scale only; otherwise the strategy's rollout step. */
  syncDeployment(key: string): void {
    const d = this.ctx.cluster.workload(key);
    if (d?.kind !== 'Deployment' || !this.ctx.api.isWritable) return;
    const paused = pausedConditions(d, this.ctx.sim.now);
    if (paused) this.writeStatus(d, { ...(d.status ?? EMPTY_STATUS), conditions: paused });
    const { newRS, oldRSs } = this.replicaSetsAndSyncRevision(d, false);
    if (d.paused || isScalingEvent(d, newRS ? [...oldRSs, newRS] : oldRSs)) this.sync(d);
    else if (d.strategy.type === 'Recreate') this.rolloutRecreate(d);
    else this.rolloutRolling(d);
  }

  /** sync (sync.go): a scaling event or a paused Deployment; no rollout, no progress estimate. */
  private sync(d: Deployment): void {
    const { newRS, oldRSs } = this.replicaSetsAndSyncRevision(d, false);
    scaleDeployment(d, newRS, oldRSs, this.scaler(d));
    if (d.paused) this.cleanupDeployment(d, oldRSs);
    const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
    const status = calculateStatus(allRSs, newRS, d, this.ctx.sim.now);
    if (!statusEqual(d.status ?? EMPTY_STATUS, status)) this.writeStatus(d, status);
  }

  /** rolloutRolling (rolling.go): scale up, else scale down, else clean up; then the status. */
  private rolloutRolling(d: Deployment): void {
    const { newRS, oldRSs } = this.replicaSetsAndSyncRevision(d, true);
    if (!newRS) return; // the create was refused
    const allRSs = [...oldRSs, newRS];
    const scale = this.scaler(d);
    const scaled =
      reconcileNewReplicaSet(allRSs, newRS, d, scale) ||
      reconcileOldReplicaSets(allRSs, activeReplicaSets(oldRSs), newRS, d, scale);
    if (!scaled && deploymentComplete(d, d.status ?? EMPTY_STATUS)) this.cleanupDeployment(d, oldRSs);
    this.syncRolloutStatus(d, allRSs, newRS);
  }

  /**
   * rolloutRecreate (recreate.go): old ReplicaSets to 0; only once none of their pods is left (not
   * even terminating) is the new ReplicaSet created, at full size.
   */
  private rolloutRecreate(d: Deployment): void {
    let { newRS, oldRSs } = this.replicaSetsAndSyncRevision(d, false);
    const scale = this.scaler(d);
    let scaledDown = false;
    for (const rs of activeReplicaSets(oldRSs)) if (scale(rs, 0)) scaledDown = true;
    if (!scaledDown && !this.oldPodsRunning(d, newRS, oldRSs)) {
      if (!newRS) ({ newRS, oldRSs } = this.replicaSetsAndSyncRevision(d, true));
      if (newRS) scale(newRS, d.replicas);
      if (deploymentComplete(d, d.status ?? EMPTY_STATUS)) this.cleanupDeployment(d, oldRSs);
    }
    this.syncRolloutStatus(d, newRS ? [...oldRSs, newRS] : oldRSs, newRS);
  }

  /** oldPodsRunning: an old ReplicaSet still counts pods, or has a pod that has not finished. */
  private oldPodsRunning(
    d: Deployment,
    newRS: ReplicaSet | undefined,
    oldRSs: readonly ReplicaSet[],
  ): boolean {
    if (actualReplicaCount(oldRSs) > 0) return true;
    return oldRSs.some(
      (rs) =>
        rs !== newRS &&
        [...this.pods.of(objectKey(d.namespace, rs.name))].some(
          (p) => p.phase !== 'Succeeded' && p.phase !== 'Failed',
        ),
    );
  }

  /**
   * getAllReplicaSetsAndSyncRevision: the ReplicaSet whose template equals the Deployment's (the
   * oldest, should there be several) and the others. The new one's revision becomes max(old) + 1 when
   * lower (a rollback to an old template); with `create`, a missing one is created.
   */
  private replicaSetsAndSyncRevision(
    d: Deployment,
    create: boolean,
  ): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const rsList = [...(d.replicaSets ?? [])].sort(byCreation);
    const newRS = rsList.find((rs) => this.sameTemplate(rs.template, d.template));
    const oldRSs = rsList.filter((rs) => rs !== newRS);
    const newRevision = Math.max(0, ...oldRSs.map((rs) => rs.revision)) + 1;
    if (newRS) {
      if (newRS.revision < newRevision || newRS.minReadySeconds !== d.minReadySeconds) {
        this.write(d, () => {
          newRS.revision = Math.max(newRS.revision, newRevision);
          newRS.minReadySeconds = d.minReadySeconds;
        });
      }
      return { newRS, oldRSs };
    }
    if (!create) return { newRS: undefined, oldRSs };
    const created = this.newReplicaSet(d, rsList, oldRSs, newRevision);
    const status = d.status ?? EMPTY_STATUS;
    const conditions = hasProgressDeadline(d)
      ? setCondition(
          status.conditions,
          newCondition(
            'Progressing',
            'True',
            NEW_REPLICA_SET_REASON,
            `Created new replica set "${created.name}"`,
            this.ctx.sim.now,
          ),
        )
      : status.conditions;
    const ok = this.write(d, (w) => {
      w.replicaSets = [...(w.replicaSets ?? []), created];
    });
    if (!ok) return { newRS: undefined, oldRSs };
    if (oldRSs.length > 0 && created.replicas > 0) this.recordScaled(d, created, 0, created.replicas);
    if (conditions !== status.conditions) this.writeStatus(d, { ...status, conditions });
    return { newRS: created, oldRSs };
  }

  /**
   * The ReplicaSet of a new revision: named by the template's hash (with a collision count appended
   * to the hashed text should another template already own that name), sized by NewRSNewReplicas,
   * annotated with the revision, desired replicas and replicas + maxSurge.
   */
  private newReplicaSet(
    d: Deployment,
    rsList: readonly ReplicaSet[],
    oldRSs: ReplicaSet[],
    revision: number,
  ): ReplicaSet {
    const text = this.templateText(d.template);
    let hash = templateHash(text);
    for (let collisionCount = 1; rsList.some((rs) => rs.name === `${d.name}-${hash}`); collisionCount++) {
      hash = templateHash(`${text}${collisionCount}`);
    }
    return {
      name: `${d.name}-${hash}`,
      podTemplateHash: hash,
      template: d.template,
      podLabels: { ...d.template.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
      createdAt: this.ctx.sim.now,
      revision,
      replicas: newRSNewReplicas(d, oldRSs, { replicas: 0 }),
      minReadySeconds: d.minReadySeconds,
      desiredReplicas: d.replicas,
      maxReplicas: d.replicas + maxSurge(d),
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
    };
  }

  /** cleanupDeployment: deletes old ReplicaSets without pods beyond revisionHistoryLimit. */
  private cleanupDeployment(d: Deployment, oldRSs: readonly ReplicaSet[]): void {
    const doomed = new Set(replicaSetsBeyondHistory(oldRSs, d.revisionHistoryLimit));
    if (doomed.size === 0) return;
    this.write(d, (w) => {
      w.replicaSets = (w.replicaSets ?? []).filter((rs) => !doomed.has(rs));
    });
  }

  /** syncRolloutStatus: writes a changed status, or arranges to look again at the progress deadline. */
  private syncRolloutStatus(
    d: Deployment,
    allRSs: readonly ReplicaSet[],
    newRS: ReplicaSet | undefined,
  ): void {
    const now = this.ctx.sim.now;
    const { status, changed, recheckAt } = rolloutStatus(allRSs, newRS, d, now);
    if (changed) this.writeStatus(d, status);
    else if (recheckAt !== undefined) this.recheckAt(objectKey(d.namespace, d.name), recheckAt);
  }

  /** enqueueAfter with the delaying queue's rule: an earlier time replaces a later one. */
  private recheckAt(key: string, at: Micros): void {
    const pending = this.rechecks.get(key);
    if (pending && !pending.isCancelled && pending.time <= at) return;
    pending?.cancel();
    this.rechecks.set(
      key,
      this.ctx.sim.scheduleAt(at, () => {
        this.rechecks.delete(key);
        this.queue.add(key);
      }),
    );
  }

  /**
   * The ScaleReplicaSet of this Deployment: a size change also writes the desired-replicas and
   * max-replicas annotations; `syncAnnotations` writes them even when the size stays.
   */
  private scaler(d: Deployment): ScaleReplicaSet {
    return (rs, replicas, syncAnnotations = false) => {
      const sizeChanges = rs.replicas !== replicas;
      const desired = d.replicas;
      const max = d.replicas + maxSurge(d);
      if (!sizeChanges && (!syncAnnotations || (rs.desiredReplicas === desired && rs.maxReplicas === max)))
        return false;
      const from = rs.replicas;
      const ok = this.write(d, () => {
        rs.replicas = replicas;
        rs.desiredReplicas = desired;
        rs.maxReplicas = max;
      });
      if (ok && sizeChanges) this.recordScaled(d, rs, from, replicas);
      return ok && sizeChanges;
    };
  }

  private writeStatus(d: Deployment, status: DeploymentStatus): void {
    const before = getCondition(d.status?.conditions ?? [], 'Progressing');
    if (!this.write(d, (w) => (w.status = status))) return;
    const after = getCondition(status.conditions, 'Progressing');
    if (after && after.reason !== before?.reason && this.isRollout(d)) {
      this.record({
        kind: 'DeploymentProgressing',
        object: `deployment/${d.namespace}/${d.name}`,
        from: before?.reason,
        to: after.reason,
        reason: `Progressing=${after.status}: ${after.message}`,
      });
    }
  }

  private recordScaled(d: Deployment, rs: ReplicaSet, from: number, to: number): void {
    if (!this.isRollout(d)) return;
    const newest = this.sameTemplate(rs.template, d.template);
    this.record({
      kind: 'ReplicaSetScaled',
      object: `replicaset/${d.namespace}/${rs.name}`,
      from: String(from),
      to: String(to),
      reason: `${newest ? 'new' : 'old'} ReplicaSet, revision ${rs.revision}`,
    });
  }

  /** A Deployment with more than one revision: its steps are worth a timeline entry. */
  private isRollout(d: Deployment): boolean {
    return (d.replicaSets?.length ?? 0) > 1;
  }

  private write(d: Deployment, change: (d: Deployment) => void): boolean {
    return this.ctx.api.updateDeploymentStatus(objectKey(d.namespace, d.name), change).ok;
  }

  /** EqualIgnoreHash: the same object, or the same content (a rollback applies an equal template). */
  private sameTemplate(a: PodTemplate, b: PodTemplate): boolean {
    return a === b || this.templateText(a) === this.templateText(b);
  }

  private templateText(t: PodTemplate): string {
    let text = this.templateTexts.get(t);
    if (text === undefined) {
      text = JSON.stringify(t);
      this.templateTexts.set(t, text);
    }
    return text;
  }
}
