import type { HpaBehavior } from '../../controllers/hpa/defaults.js';
import { parseQuantity } from '../../engine/quantity.js';
import {
  type HorizontalPodAutoscaler,
  type HpaMetricSource,
  type HpaValueTarget,
  REQUEST_RATE_METRICS,
  type WorkloadMetrics,
} from '../../model/hpa.js';
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
  const metrics = otherMetrics(raw, site, reporter);
  if (reporter.errorCount > before || targetCpuUtilization === undefined) return undefined;
  const hpa: HorizontalPodAutoscaler = {
    namespace,
    name: raw.metadata.name,
    target: { kind: kind as (typeof SCALABLE_KINDS)[number], name: spec.scaleTargetRef.name },
    minReplicas,
    maxReplicas: spec.maxReplicas,
    targetCpuUtilization,
    ...(metrics.length > 0 ? { metrics } : {}),
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
    if (metric.type === 'Pods' || metric.type === 'Object' || metric.type === 'External') continue;
    if (metric.type !== 'Resource' || resource?.name !== 'cpu') {
      const what = metric.type === 'Resource' ? `Resource ${resource?.name ?? '(unnamed)'}` : metric.type;
      reporter.warning(site, at, `${what} metrics are not simulated: this metric is ignored`);
      continue;
    }
    if (resource.target.type === 'AverageValue') continue; // otherMetrics
    if (resource.target.type !== 'Utilization') {
      reporter.warning(
        site,
        [...at, 'resource', 'target', 'type'],
        `cpu targets of type ${resource.target.type} are not simulated (Utilization and AverageValue are): this metric is ignored`,
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

type MetricTargetDoc = { type: string; averageValue?: unknown; value?: unknown };

/** A target's quantity in milli-units; an error (undefined) when absent or not > 0 (validation.go). */
function targetMilli(
  target: MetricTargetDoc,
  field: 'averageValue' | 'value',
  at: (string | number)[],
  site: Site,
  reporter: Reporter,
): number | undefined {
  const v = target[field];
  const milli = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v, 3) : undefined;
  if (milli !== undefined && milli > 0) return milli;
  reporter.error(
    site,
    [...at, 'target', field],
    v === undefined
      ? `a ${target.type} target needs ${field} (a quantity > 0)`
      : `expected ${field} to be a quantity > 0, got ${JSON.stringify(v)}`,
  );
  return undefined;
}

/** A Value or AverageValue target of an Object or External metric. */
function valueTarget(
  target: MetricTargetDoc,
  at: (string | number)[],
  site: Site,
  reporter: Reporter,
): HpaValueTarget | undefined {
  if (target.type !== 'Value' && target.type !== 'AverageValue') {
    reporter.error(
      site,
      [...at, 'target', 'type'],
      `expected a target of type Value or AverageValue, got ${target.type}`,
    );
    return undefined;
  }
  const milli = targetMilli(target, target.type === 'Value' ? 'value' : 'averageValue', at, site, reporter);
  return milli === undefined ? undefined : { type: target.type, milli };
}

const REQUEST_RATES: readonly string[] = REQUEST_RATE_METRICS;

/**
 * The metrics besides the cpu Utilization one that kubesim feeds: a cpu AverageValue target, Pods
 * request rates, Object metrics (a Service's request rate, or a Scenario series checked by
 * checkHpaMetricSeries) and External metrics (Scenario series). A Pods metric kubesim cannot feed, a
 * missing source block or a bad target is an error.
 */
function otherMetrics(raw: HorizontalPodAutoscalerV2Doc, site: Site, reporter: Reporter): HpaMetricSource[] {
  const out: HpaMetricSource[] = [];
  for (const [i, metric] of (raw.spec.metrics ?? []).entries()) {
    const at = ['spec', 'metrics', i];
    if (metric.type === 'Resource' && metric.resource?.name === 'cpu') {
      if (metric.resource.target.type !== 'AverageValue') continue;
      const milli = targetMilli(metric.resource.target, 'averageValue', [...at, 'resource'], site, reporter);
      if (milli !== undefined) out.push({ type: 'Resource', name: 'cpu', averageValueMilli: milli });
      continue;
    }
    if (metric.type !== 'Pods' && metric.type !== 'Object' && metric.type !== 'External') continue;
    const key = metric.type === 'Pods' ? 'pods' : metric.type === 'Object' ? 'object' : 'external';
    const source = metric[key];
    if (!source) {
      reporter.error(
        site,
        at,
        `a ${metric.type} metric needs \`${key}\` (validation.go: must populate information for the given metric source)`,
      );
      continue;
    }
    const name = source.metric.name;
    if (metric.type === 'Pods') {
      if (!REQUEST_RATES.includes(name)) {
        reporter.error(
          site,
          [...at, 'pods', 'metric', 'name'],
          `kubesim has no Pods metric ${JSON.stringify(name)}: it feeds ${REQUEST_RATE_METRICS.join(', ')} (requests each pod serves per second)`,
        );
        continue;
      }
      if (source.target.type !== 'AverageValue') {
        reporter.error(
          site,
          [...at, 'pods', 'target', 'type'],
          'a Pods metric takes an AverageValue target (validation.go)',
        );
        continue;
      }
      const milli = targetMilli(source.target, 'averageValue', [...at, 'pods'], site, reporter);
      if (milli !== undefined) out.push({ type: 'Pods', name, averageValueMilli: milli });
      continue;
    }
    const target = valueTarget(source.target, [...at, key], site, reporter);
    if (target === undefined) continue;
    if (metric.type === 'Object' && metric.object) {
      const { kind, name: objectName } = metric.object.describedObject;
      out.push({ type: 'Object', name, describedObject: { kind, name: objectName }, target, specIndex: i });
    } else if (metric.type === 'External')
      out.push({
        type: 'External',
        name,
        target,
        specIndex: i,
        ...(source.metric.selector === undefined ? {} : { selector: source.metric.selector }),
      });
  }
  return out;
}

/** Whether kubesim feeds this Object metric from the traffic model (a Service's request rate). */
export function isServiceRequestRate(m: { describedObject: { kind: string }; name: string }): boolean {
  return m.describedObject.kind === 'Service' && REQUEST_RATES.includes(m.name);
}

/**
 * Once the Scenario is known: every External metric, and every Object metric not fed by the traffic
 * model, needs its series under the Scenario's spec.metrics (an HPA targeting a missing metric is an
 * error, as the bad-input rule asks; upstream the HPA would report FailedGetExternalMetric).
 */
export function checkHpaMetricSeries(
  hpas: readonly { hpa: HorizontalPodAutoscaler; site: Site }[],
  metrics: WorkloadMetrics | undefined,
  reporter: Reporter,
): void {
  for (const { hpa, site } of hpas) {
    for (const metric of hpa.metrics ?? []) {
      if (metric.type === 'External' && metrics?.external[metric.name] === undefined)
        reporter.error(
          site,
          ['spec', 'metrics', metric.specIndex, 'external', 'metric', 'name'],
          `the External metric ${JSON.stringify(metric.name)} has no values: give them in the Scenario under spec.metrics.external.${metric.name}`,
        );
      if (
        metric.type === 'Object' &&
        !isServiceRequestRate(metric) &&
        metrics?.object[metric.name] === undefined
      )
        reporter.error(
          site,
          ['spec', 'metrics', metric.specIndex, 'object', 'metric', 'name'],
          `the Object metric ${JSON.stringify(metric.name)} has no values: give them in the Scenario under spec.metrics.object.${metric.name}, or use a Service's ${REQUEST_RATE_METRICS.join(' / ')}`,
        );
    }
  }
}
