import { z } from 'zod';
import { withClusterAutoscalerDefaults } from '../../controllers/cluster-autoscaler/defaults.js';
import {
  type ClusterAutoscalerSettings,
  EXPANDER_NAMES,
  type ExpanderName,
} from '../../model/cluster-autoscaler.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import type { Reporter, Site } from '../report.js';
import { bool, duration, int, num } from '../schemas/common.js';

/** spec.cluster.autoscaler: the cluster-autoscaler's flags, in camelCase (config/flags/flags.go). */
const autoscalerSchema = z.strictObject({
  expander: z
    .union([z.string(), z.array(z.string())], {
      error: 'expected an expander name, a comma-separated list or a list',
    })
    .optional(),
  scanInterval: duration(true).optional(),
  maxNodeProvisionTime: duration(true).optional(),
  scaleDownEnabled: bool.optional(),
  scaleDownUtilizationThreshold: num(0).max(1, { error: 'expected a number in [0, 1]' }).optional(),
  scaleDownUnneededTime: duration().optional(),
  scaleDownUnreadyTime: duration().optional(),
  scaleDownDelayAfterAdd: duration().optional(),
  scaleDownDelayAfterDelete: duration().optional(),
  scaleDownDelayAfterFailure: duration().optional(),
  maxGracefulTerminationSec: int(0).optional(),
  balanceSimilarNodeGroups: bool.optional(),
});

/** What the rest of the input says that the autoscaler block depends on. */
export interface AutoscalerReferences {
  /** Whether the input has the cluster-autoscaler-priority-expander ConfigMap. */
  priorityExpanderConfigMap: boolean;
}

/**
 * Validates `spec.cluster.autoscaler` (absent: every default) and resolves it. Every problem is
 * reported at its field; an expander that does not exist, or `priority` without its ConfigMap, is an
 * error. Returns undefined when there was one.
 */
export function convertClusterAutoscaler(
  raw: unknown,
  site: Site,
  refs: AutoscalerReferences,
  reporter: Reporter,
): ClusterAutoscalerSettings | undefined {
  const at = ['spec', 'cluster', 'autoscaler'];
  if (raw === undefined) return withClusterAutoscalerDefaults();
  const r = autoscalerSchema.safeParse(raw, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, raw, reporter, at);
    return undefined;
  }
  const { expander, ...rest } = r.data;
  const expanders = expander === undefined ? undefined : parseExpanders(expander);
  if (expanders !== undefined) {
    const path = [...at, 'expander'];
    const unknown = expanders.filter((e) => !(EXPANDER_NAMES as readonly string[]).includes(e));
    if (expanders.length === 0) {
      reporter.error(site, path, `expected at least one expander of ${EXPANDER_NAMES.join(', ')}`);
      return undefined;
    }
    if (unknown.length > 0) {
      const grpc = unknown.includes('grpc') ? ' (grpc calls an external service kubesim does not model)' : '';
      reporter.error(
        site,
        path,
        `expander ${JSON.stringify(unknown[0])} does not exist${grpc}: expected ${EXPANDER_NAMES.join(', ')}, or several separated by commas`,
      );
      return undefined;
    }
    if (expanders.includes('priority') && !refs.priorityExpanderConfigMap) {
      reporter.error(
        site,
        path,
        'the priority expander reads the ConfigMap kube-system/cluster-autoscaler-priority-expander: add it to the input',
      );
      return undefined;
    }
  }
  const given: Partial<ClusterAutoscalerSettings> = { ...rest };
  if (expanders) given.expanders = expanders as ExpanderName[];
  return withClusterAutoscalerDefaults(given);
}

/** --expander takes "priority,least-waste"; a YAML list is accepted too. */
function parseExpanders(v: string | string[]): string[] {
  const list = Array.isArray(v) ? v : v.split(',');
  return list.map((s) => s.trim()).filter((s) => s !== '');
}
