import { z } from 'zod';
import { bool, int, labelSelector, objectMeta } from './common.js';
import { podTemplate } from './core.js';

// batch/v1 shapes kubesim reads (pkg/apis/batch/validation bounds: all counts >= 0, the deadline > 0).

/** batch/v1 Job: the fields kubesim reads; podFailurePolicy and the rest are warned about by the converter. */
export const job = z.object({
  metadata: objectMeta,
  spec: z.object({
    parallelism: int(0).optional(),
    completions: int(0).optional(),
    completionMode: z.enum(['NonIndexed', 'Indexed']).optional(),
    backoffLimit: int(0).optional(),
    activeDeadlineSeconds: int(1).optional(),
    ttlSecondsAfterFinished: int(0).optional(),
    suspend: bool.optional(),
    manualSelector: bool.optional(),
    selector: labelSelector.optional(),
    template: podTemplate,
    podFailurePolicy: z.unknown().optional(),
    successPolicy: z.unknown().optional(),
    backoffLimitPerIndex: z.unknown().optional(),
    maxFailedIndexes: z.unknown().optional(),
    podReplacementPolicy: z.unknown().optional(),
    managedBy: z.unknown().optional(),
  }),
});

/** Job spec fields accepted but not simulated: each gets a warning. */
export const JOB_FIELDS_NOT_SIMULATED = [
  'podFailurePolicy',
  'successPolicy',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'podReplacementPolicy',
  'managedBy',
] as const;
