import { z } from 'zod';
import { int, intOrPercent, labelSelector, objectMeta, str } from './common.js';
import { podTemplate } from './core.js';

// apps/v1 and policy/v1 shapes kubesim reads.

/** apps/v1 Deployment: the fields kubesim reads. */
export const deployment = z.object({
  metadata: objectMeta,
  spec: z.object({
    replicas: int(0).optional(),
    selector: labelSelector,
    template: podTemplate,
    strategy: z
      .object({
        type: z.enum(['RollingUpdate', 'Recreate']).optional(),
        rollingUpdate: z
          .object({ maxSurge: intOrPercent.optional(), maxUnavailable: intOrPercent.optional() })
          .optional(),
      })
      .optional(),
    minReadySeconds: int(0).optional(),
    progressDeadlineSeconds: int(1).optional(),
    revisionHistoryLimit: int(0).optional(),
    paused: z.boolean().optional(),
  }),
});

/** apps/v1 StatefulSet: the fields kubesim reads (volumeClaimTemplates and updateStrategy are ignored). */
export const statefulSet = z.object({
  metadata: objectMeta,
  spec: z.object({
    replicas: int(0).optional(),
    selector: labelSelector,
    template: podTemplate,
    serviceName: str.optional(),
    podManagementPolicy: z.enum(['OrderedReady', 'Parallel']).optional(),
  }),
});

/** policy/v1 PodDisruptionBudget. */
export const podDisruptionBudget = z.object({
  metadata: objectMeta,
  spec: z.object({
    selector: labelSelector.optional(),
    minAvailable: intOrPercent.optional(),
    maxUnavailable: intOrPercent.optional(),
  }),
});

/** v1 List (`kubectl get … -o yaml`): items are validated one by one as documents. */
export const list = z.object({ items: z.array(z.unknown(), { error: 'expected a list of objects' }) });
