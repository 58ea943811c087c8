import { z } from 'zod';
import { int, nonEmpty, num, objectMeta, str } from './common.js';

// autoscaling/v1 and autoscaling/v2 HorizontalPodAutoscaler: the fields kubesim reads. Bounds are the
// API server's (pkg/apis/autoscaling/validation/validation.go): maxReplicas >= 1, a utilisation target
// >= 1, periodSeconds 1–1800, stabilizationWindowSeconds 0–3600, a policy value >= 1. minReplicas 0
// needs the HPAScaleToZero gate upstream; it is accepted here, as the library functions accept it.

const scaleTargetRef = z.object({ apiVersion: str.optional(), kind: nonEmpty, name: nonEmpty });

/** autoscaling/v1: one CPU target, percent of requests. */
export const horizontalPodAutoscalerV1 = z.object({
  metadata: objectMeta,
  spec: z.object({
    scaleTargetRef,
    minReplicas: int(0).optional(),
    maxReplicas: int(1),
    targetCPUUtilizationPercentage: int(1).optional(),
  }),
});

const metricTarget = z.object({
  type: z.enum(['Utilization', 'Value', 'AverageValue'], {
    error: 'expected a target type: Utilization, Value or AverageValue',
  }),
  averageUtilization: int(1).optional(),
  averageValue: z.unknown().optional(),
  value: z.unknown().optional(),
});

/** MetricIdentifier: the metric's name (its selector is kept for the status text only). */
const metricIdentifier = z.object({ name: nonEmpty, selector: z.unknown().optional() });

/** spec.metrics[]: the type and the source of that type; what kubesim does not feed is warned about. */
const metricSpec = z.object({
  type: z.enum(['Resource', 'ContainerResource', 'Pods', 'Object', 'External'], {
    error: 'expected a metric type: Resource, ContainerResource, Pods, Object or External',
  }),
  resource: z.object({ name: nonEmpty, target: metricTarget }).optional(),
  pods: z.object({ metric: metricIdentifier, target: metricTarget }).optional(),
  object: z
    .object({
      describedObject: z.object({ apiVersion: str.optional(), kind: nonEmpty, name: nonEmpty }),
      metric: metricIdentifier,
      target: metricTarget,
    })
    .optional(),
  external: z.object({ metric: metricIdentifier, target: metricTarget }).optional(),
});

const policy = z.object({
  type: z.enum(['Pods', 'Percent'], { error: 'expected a policy type: Pods or Percent' }),
  value: int(1),
  periodSeconds: int(1, 1800),
});

const rules = z.object({
  stabilizationWindowSeconds: int(0, 3600).optional(),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled'], { error: 'expected Max, Min or Disabled' }).optional(),
  policies: z.array(policy).min(1, { error: 'expected at least one policy' }).optional(),
  tolerance: num(0).optional(),
});

/** autoscaling/v2. */
export const horizontalPodAutoscalerV2 = z.object({
  metadata: objectMeta,
  spec: z.object({
    scaleTargetRef,
    minReplicas: int(0).optional(),
    maxReplicas: int(1),
    metrics: z.array(metricSpec, { error: 'expected a list of metrics' }).optional(),
    behavior: z.object({ scaleUp: rules.optional(), scaleDown: rules.optional() }).optional(),
  }),
});

export type HorizontalPodAutoscalerV1Doc = z.infer<typeof horizontalPodAutoscalerV1>;
export type HorizontalPodAutoscalerV2Doc = z.infer<typeof horizontalPodAutoscalerV2>;
