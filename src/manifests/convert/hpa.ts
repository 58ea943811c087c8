import type { HpaBehavior } from '../../controllers/hpa/defaults.js';
import type { HorizontalPodAutoscaler } from '../../model/hpa.js';
import type { Reporter, Site } from '../report.js';
import type { HorizontalPodAutoscalerV1Doc, HorizontalPodAutoscalerV2Doc } from '../schemas/autoscaling.js';

/** autoscaling.DefaultCPUUtilization (pkg/apis/autoscaling/annotations.go): 80 % when no metric is given. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** minReplicas when unset (pkg/apis/autoscaling/v2/defaults.go, v1/defaults.go). */
const DEFAULT_MIN_REPLICAS = 1;

const SCALABLE_KINDS = ['Deployment', 'StatefulSet'] as const;

/**
 * autoscaling/v1 → autoscaling/v2 as the API server converts it (pkg/apis/autoscaling/v1/conversion.go):
 * targetCPUUtilizationPercentage becomes a Resource cpu Utilization metric; when it is absent, the
 * v1 default of 80 % applies.
 */
export function hpaV1ToV2(v1: HorizontalPodAutoscalerV1Doc): HorizontalPodAutoscalerV2Doc {
  const { targetCPUUtilizationPercentage, ...spec } = v1.spec;
  return {
    metadata: v1.metadata,
    spec: {
      ...spec,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: targetCPUUtilizationPercentage ?? DEFAULT_CPU_UTILIZATION,
            },
          },
        },
      ],
    },
  };
}

/**
 * An autoscaling/v2 HPA → the model. Errors (minReplicas > maxReplicas, a Utilization target without
 * averageUtilization, a target kubesim cannot scale) return undefined; metrics kubesim does not
 * simulate are warned about and ignored. Whether the target exists is checked once everything is loaded.
 */
export function convertHorizontalPodAutoscaler(
  raw: HorizontalPodAutoscalerV2Doc,
  namespace: string,
  site: Site,
  reporter: Reporter,
): HorizontalPodAutoscaler | undefined {
  const before = reporter.errorCount;
  const spec = raw.spec;
  const minReplicas = spec.minReplicas ?? DEFAULT_MIN_REPLICAS;
  if (minReplicas > spec.maxReplicas)
    reporter.error(
      site,
      ['spec', 'minReplicas'],
      `minReplicas ${minReplicas} is above maxReplicas ${spec.maxReplicas}: the API server refuses it (expected minReplicas <= maxReplicas)`,
    );
  const kind = spec.scaleTargetRef.kind;
  if (!(SCALABLE_KINDS as readonly string[]).includes(kind))
    reporter.error(
      site,
      ['spec', 'scaleTargetRef', 'kind'],
      `kubesim can scale a Deployment or a StatefulSet, not a ${kind}`,
    );
  const targetCpuUtilization = cpuTarget(raw, site, reporter);
  if (reporter.errorCount > before || targetCpuUtilization === undefined) return undefined;
  const hpa: HorizontalPodAutoscaler = {
    namespace,
    name: raw.metadata.name,
    target: { kind: kind as (typeof SCALABLE_KINDS)[number], name: spec.scaleTargetRef.name },
    minReplicas,
    maxReplicas: spec.maxReplicas,
    targetCpuUtilization,
    ...(spec.behavior ? { behavior: spec.behavior as HpaBehavior } : {}),
  };
  return hpa;
}

/**
 * The Resource cpu Utilization target (percent); null when the HPA has metrics but none kubesim
 * simulates; undefined after an error. No metrics at all means 80 % (pkg/apis/autoscaling/v2/defaults.go).
 */
function cpuTarget(
  raw: HorizontalPodAutoscalerV2Doc,
  site: Site,
  reporter: Reporter,
): number | null | undefined {
  const metrics = raw.spec.metrics ?? [];
  if (metrics.length === 0) return DEFAULT_CPU_UTILIZATION;
  let target: number | null = null;
  for (const [i, metric] of metrics.entries()) {
    const at = ['spec', 'metrics', i];
    const resource = metric.resource;
    if (metric.type !== 'Resource' || resource?.name !== 'cpu') {
      const what = metric.type === 'Resource' ? `Resource ${resource?.name ?? '(unnamed)'}` : metric.type;
      reporter.warning(site, at, `${what} metrics are not simulated: this metric is ignored`);
      continue;
    }
    if (resource.target.type !== 'Utilization') {
      reporter.warning(
        site,
        [...at, 'resource', 'target', 'type'],
        `cpu targets of type ${resource.target.type} are not simulated (only Utilization): this metric is ignored`,
      );
      continue;
    }
    const utilization = resource.target.averageUtilization;
    if (utilization === undefined) {
      reporter.error(
        site,
        [...at, 'resource', 'target'],
        'a Utilization target needs averageUtilization (an integer >= 1, percent of requests)',
      );
      return undefined;
    }
    if (target !== null) {
      reporter.warning(site, at, 'a second cpu Utilization metric is not simulated: this metric is ignored');
      continue;
    }
    target = utilization;
  }
  return target;
}
