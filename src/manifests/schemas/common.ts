import { z } from 'zod';
import { parseBytes, parseCpuMillis } from '../../engine/quantity.js';
import type { Micros } from '../../engine/time.js';
import type { IntOrPercent } from '../../model/workloads.js';
import { GO_MAX_DURATION, readDuration } from '../duration.js';
import * as m from '../messages.js';
import {
  invalidValue,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  TOTAL_ANNOTATION_SIZE_LIMIT,
} from './names.js';

// Building blocks shared by the Kubernetes and Scenario schemas. Each carries its own expectation
// message; issues.ts appends what was found.

/** An integer in [min, max] (JSON numbers only: Kubernetes rejects "3" for an int32 field). */
export function int(min?: number, max?: number) {
  const error = m.expectInteger(min, max);
  let s = z.number({ error }).int({ error });
  if (min !== undefined) s = s.min(min, { error });
  if (max !== undefined) s = s.max(max, { error });
  return s;
}

/** A finite number >= min. */
export function num(min?: number) {
  const error = m.expectNumber(min);
  const s = z.number({ error });
  return min === undefined ? s : s.min(min, { error });
}

/** Any string. */
export const str = z.string({ error: 'expected a string' });
/** A non-empty string (names, keys). */
export const nonEmpty = z.string({ error: m.expectNonEmptyString }).min(1, { error: m.expectNonEmptyString });
/** A YAML boolean (true/false; YAML 1.2, so not yes/no). */
export const bool = z.boolean({ error: 'expected true or false' });

/** Labels and annotations: string keys to string values (a number value is an error, as in the API). */
export const stringMap = z.record(
  z.string(),
  z.string({ error: 'expected a string (quote numbers and booleans)' }),
  {
    error: 'expected a mapping of strings',
  },
);

/** The quantity in the unit kubesim counts it: cpu in millicores, everything else in whole units. */
export function parseResourceQuantity(resource: string, v: string | number): number | undefined {
  return resource === 'cpu' ? parseCpuMillis(v) : parseBytes(v);
}

/** A ResourceList (`{cpu: 500m, memory: 1Gi}`) → numbers; an unparseable or negative quantity is an error. */
export const resourceList = z
  .record(z.string(), z.unknown(), { error: 'expected a mapping of resource names to quantities' })
  .transform((rec, ctx) => {
    const out: Record<string, number> = {};
    for (const [name, v] of Object.entries(rec)) {
      const n = typeof v === 'string' || typeof v === 'number' ? parseResourceQuantity(name, v) : undefined;
      if (n === undefined) {
        ctx.issues.push({ code: 'custom', message: m.badQuantity(name, v), path: [name], input: v });
      } else if (n < 0) {
        ctx.issues.push({ code: 'custom', message: m.negativeQuantity(name, v), path: [name], input: v });
      } else out[name] = n;
    }
    return out as Readonly<Record<string, number>>;
  });

/** A single quantity of a named resource (Scenario node pools' cpu and memory). */
export function quantity(resource: string) {
  return z.unknown().transform((v, ctx) => {
    const n = typeof v === 'string' || typeof v === 'number' ? parseResourceQuantity(resource, v) : undefined;
    if (n === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: v === undefined ? m.requiredField(m.expectQuantity(resource)) : m.badQuantity(resource, v),
        input: v,
      });
      return z.NEVER;
    }
    if (n < 0) {
      ctx.issues.push({ code: 'custom', message: m.negativeQuantity(resource, v), input: v });
      return z.NEVER;
    }
    return n;
  });
}

/** A duration field's value: a Go duration string, or the number 0 (the only unitless duration). */
export function readDurationValue(v: unknown): Micros | 'too long' | undefined {
  return typeof v === 'string' ? readDuration(v) : v === 0 ? 0 : undefined;
}

/** Why the duration field value `v` (read as `us`) is refused: beyond Go's limit, missing, or malformed. */
export function durationProblem(v: unknown, us: Micros | 'too long' | undefined, positive: boolean): string {
  if (us === 'too long') return m.expectedGot(m.expectDurationWithinGo(GO_MAX_DURATION), v);
  const expectation = positive ? m.expectPositiveDuration : m.expectDuration;
  return v === undefined ? m.requiredField(expectation) : m.expectedGot(expectation, v);
}

/** A Go duration string ("90s", "1h30m") → microseconds; `positive` requires > 0, otherwise >= 0. */
export function duration(positive = false) {
  return z.unknown().transform((v, ctx): Micros => {
    const us = readDurationValue(v);
    if (typeof us === 'number' && us >= 0 && !(positive && us === 0)) return us;
    ctx.issues.push({ code: 'custom', message: durationProblem(v, us, positive), input: v });
    return z.NEVER;
  });
}

/** intstr.IntOrString as used by maxSurge, maxUnavailable, minAvailable: an integer >= 0 or "N%". */
export const intOrPercent = z.unknown().transform((v, ctx): IntOrPercent => {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  // apps/v1 validation (ValidatePositiveIntOrPercent) takes a string only as a percentage.
  if (typeof v === 'string' && /^\d+%$/.test(v)) return v as `${number}%`;
  ctx.issues.push({ code: 'custom', message: m.expectedGot(m.expectIntOrPercent, v), input: v });
  return z.NEVER;
});

/** A string checked by one of names.ts's rules, reported in the API server's words. */
function named(rule: (v: string) => string[]) {
  return nonEmpty.superRefine((v, ctx) => {
    const errs = rule(v);
    if (errs.length > 0) ctx.addIssue({ code: 'custom', message: invalidValue(v, errs) });
  });
}

/** Labels (metadata.labels, nodeSelector, matchLabels): qualified-name keys, label values (ValidateLabels). */
export const labelMap = stringMap.superRefine((labels, ctx) => {
  for (const [k, v] of Object.entries(labels)) {
    const keyErrs = isQualifiedName(k);
    if (keyErrs.length > 0) ctx.addIssue({ code: 'custom', message: invalidValue(k, keyErrs), path: [k] });
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0)
      ctx.addIssue({ code: 'custom', message: invalidValue(v, valueErrs), path: [k] });
  }
});

/** Annotations: qualified-name keys, at most 256 KiB in all (ValidateAnnotations). */
export const annotationMap = stringMap.superRefine((annotations, ctx) => {
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
    const keyErrs = isQualifiedName(k.toLowerCase());
    if (keyErrs.length > 0) ctx.addIssue({ code: 'custom', message: invalidValue(k, keyErrs), path: [k] });
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    ctx.addIssue({ code: 'custom', message: m.annotationsTooLong(size, TOTAL_ANNOTATION_SIZE_LIMIT) });
  }
});

/**
 * The values rule of a selector requirement (ValidateLabelSelectorRequirement and, for nodes,
 * validateNodeSelectorRequirement): In and NotIn need values, Exists and DoesNotExist take none, Gt and
 * Lt one integer.
 */
export function checkRequirementValues(
  r: { operator: string; values?: readonly string[] | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  const n = r.values?.length ?? 0;
  const path = ['values'];
  if ((r.operator === 'In' || r.operator === 'NotIn') && n === 0)
    ctx.addIssue({ code: 'custom', path, message: m.requirementNeedsValues });
  if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && n > 0)
    ctx.addIssue({ code: 'custom', path, message: m.requirementForbidsValues });
  if ((r.operator === 'Gt' || r.operator === 'Lt') && (n !== 1 || !/^-?\d+$/.test(r.values?.[0] ?? '')))
    ctx.addIssue({ code: 'custom', path, message: m.requirementNeedsOneInteger });
}

/** metav1.LabelSelector. */
export const labelSelector = z.object(
  {
    matchLabels: labelMap.optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: named(isQualifiedName),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(str).optional(),
          })
          .superRefine(checkRequirementValues),
      )
      .optional(),
  },
  { error: 'expected a label selector (matchLabels and/or matchExpressions)' },
);

/**
 * ObjectMeta: only what kubesim reads; the rest (uid, managedFields, …) is ignored like the API
 * server's status. Names are DNS-1123 subdomains (most kinds) or `nameRule`; namespaces DNS-1123 labels.
 */
export function objectMetaNamed(nameRule: (v: string) => string[]) {
  return z.object(
    {
      name: named(nameRule),
      namespace: named(isDns1123Label).optional(),
      labels: labelMap.optional(),
      annotations: annotationMap.optional(),
    },
    { error: 'expected metadata (a mapping with at least name)' },
  );
}

/** ObjectMeta of kinds whose names are DNS-1123 subdomains. */
export const objectMeta = objectMetaNamed(isDns1123Subdomain);
