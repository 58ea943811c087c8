import { MICROS_PER_SECOND } from '../engine/time.js';
import type { ApplyOperation, RolloutRestartOperation, SetImageOperation } from '../model/operations.js';
import type { PodTemplate } from '../model/pod.js';
import { finish, type OperationContext, type OperationKind } from './operation-kind.js';

/** kubectl rollout restart's annotation (k8s.io/kubectl/pkg/polymorphichelpers/objectrestarter.go). */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/**
 * The simulated time as RFC 3339, as kubectl writes restartedAt (time.Now().Format(time.RFC3339)).
 * The simulated clock starts at the Unix epoch: there is no wall clock in a run.
 */
export function rfc3339(us: number): string {
  return `${new Date(Math.floor(us / MICROS_PER_SECOND) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Writes a new template object (never a mutated one: watchers compare templates by identity). */
function writeTemplate(ctx: OperationContext, workload: string, template: PodTemplate): string | undefined {
  const result = ctx.api.updateWorkloadTemplate(workload, template);
  return result.ok ? undefined : result.message;
}

function targetOf(ctx: OperationContext, workload: string): string {
  return `${ctx.cluster.workload(workload)?.kind.toLowerCase() ?? 'workload'}/${workload}`;
}

/** `kubectl rollout restart`: the template's restartedAt annotation set to now, hence a new revision. */
export const rolloutRestart: OperationKind<RolloutRestartOperation> = {
  kind: 'rolloutRestart',
  schedule(op, ctx) {
    ctx.sim.scheduleAt(op.at, () => {
      const record = ctx.begin('rolloutRestart', targetOf(ctx, op.workload));
      const current = ctx.cluster.workload(op.workload);
      if (!current) {
        finish(ctx, record, 'failed', `workloads "${op.workload}" not found`);
        return;
      }
      const stamp = rfc3339(ctx.sim.now);
      const template: PodTemplate = {
        ...current.template,
        annotations: { ...current.template.annotations, [RESTARTED_AT_ANNOTATION]: stamp },
      };
      const problem = writeTemplate(ctx, op.workload, template);
      finish(ctx, record, problem ? 'failed' : 'done', problem ?? `${RESTARTED_AT_ANNOTATION}=${stamp}`);
    });
  },
};

/** `kubectl set image`: one container's image (or every container's, as `*=IMAGE`). */
export const setImage: OperationKind<SetImageOperation> = {
  kind: 'setImage',
  schedule(op, ctx) {
    ctx.sim.scheduleAt(op.at, () => {
      const record = ctx.begin('setImage', targetOf(ctx, op.workload));
      const current = ctx.cluster.workload(op.workload);
      if (!current) {
        finish(ctx, record, 'failed', `workloads "${op.workload}" not found`);
        return;
      }
      const hit = (name: string) => op.container === undefined || op.container === name;
      const containers = current.template.spec.containers.map((c) =>
        hit(c.name) && c.image !== op.image ? { ...c, image: op.image } : c,
      );
      const what = `${op.container ?? '*'}=${op.image}`;
      if (containers.every((c, i) => c === current.template.spec.containers[i])) {
        finish(ctx, record, 'done', `${what} (unchanged)`);
        return;
      }
      const template: PodTemplate = {
        ...current.template,
        spec: { ...current.template.spec, containers },
      };
      const problem = writeTemplate(ctx, op.workload, template);
      finish(ctx, record, problem ? 'failed' : 'done', problem ?? what);
    });
  },
};

/** `kubectl apply -f FILE`: each workload's changed template and replicas (see ApplyOperation). */
export const apply: OperationKind<ApplyOperation> = {
  kind: 'apply',
  schedule(op, ctx) {
    ctx.sim.scheduleAt(op.at, () => {
      const record = ctx.begin('apply', `file ${op.file}`);
      const said: string[] = [];
      for (const change of op.changes) {
        const current = ctx.cluster.workload(change.workload);
        const target = targetOf(ctx, change.workload);
        if (!current) return finish(ctx, record, 'failed', `workloads "${change.workload}" not found`);
        // The patch is what differs from the live object (three-way merge against current).
        const newTemplate = JSON.stringify(current.template) !== JSON.stringify(change.template);
        const newReplicas = change.replicas !== undefined && change.replicas !== current.replicas;
        const problem =
          (newTemplate ? writeTemplate(ctx, change.workload, change.template) : undefined) ??
          (newReplicas ? refusal(ctx.api.scale(change.workload, change.replicas as number)) : undefined);
        if (problem) return finish(ctx, record, 'failed', `${target}: ${problem}`);
        said.push(`${target} ${newTemplate || newReplicas ? 'configured' : 'unchanged'}`);
      }
      finish(ctx, record, 'done', said.join(', '));
    });
  },
};

function refusal(result: { ok: true } | { ok: false; message: string }): string | undefined {
  return result.ok ? undefined : result.message;
}
