import { parse } from 'yaml';
import type { PriorityExpanderConfig } from '../../model/cluster-autoscaler.js';
import { isRecord } from '../is-record.js';
import type { Reporter, Site } from '../report.js';

/** expander/priority: the ConfigMap's name and key (PriorityConfigMapName, ConfigMapKey). */
export const PRIORITY_EXPANDER_CONFIGMAP = 'cluster-autoscaler-priority-expander';
const PRIORITIES_KEY = 'priorities';
/** The namespace the cluster-autoscaler runs in and reads the ConfigMap from (its chart's default). */
export const CLUSTER_AUTOSCALER_NAMESPACE = 'kube-system';

/** Whether a document is the priority expander's ConfigMap (by name; the namespace is checked later). */
export function isPriorityExpanderConfigMap(v: Record<string, unknown>): boolean {
  return v.kind === 'ConfigMap' && isRecord(v.metadata) && v.metadata.name === PRIORITY_EXPANDER_CONFIGMAP;
}

/**
 * Reads a `cluster-autoscaler-priority-expander` ConfigMap as upstream's parsePrioritiesYAMLString
 * does: `data.priorities` is YAML mapping integer priorities to lists of node-group name regexps.
 * Upstream ignores a bad update and keeps the old configuration; kubesim has no old one, so a bad
 * ConfigMap is an error at `data.priorities`. Returns undefined after an error.
 */
export function convertPriorityExpander(
  v: Record<string, unknown>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): PriorityExpanderConfig | undefined {
  const path = ['data', PRIORITIES_KEY];
  if (namespace !== CLUSTER_AUTOSCALER_NAMESPACE) {
    reporter.warning(
      site,
      ['metadata', 'namespace'],
      `the cluster-autoscaler reads ${PRIORITY_EXPANDER_CONFIGMAP} from its own namespace, ${CLUSTER_AUTOSCALER_NAMESPACE}: this one in ${JSON.stringify(namespace)} is not read`,
    );
    return undefined;
  }
  const data = isRecord(v.data) ? v.data : {};
  const text = data[PRIORITIES_KEY];
  if (typeof text !== 'string' || text.trim() === '') {
    reporter.error(
      site,
      isRecord(v.data) ? path : ['data'],
      `expected data.${PRIORITIES_KEY}: a YAML mapping of priorities to lists of node-group name patterns`,
    );
    return undefined;
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    reporter.error(
      site,
      path,
      `Can't parse YAML with priorities in the configmap: ${(e as Error).message.split('\n')[0]}`,
    );
    return undefined;
  }
  if (!isRecord(doc)) {
    reporter.error(
      site,
      path,
      'expected a mapping of integer priorities to lists of node-group name patterns',
    );
    return undefined;
  }
  const priorities: PriorityExpanderConfig['priorities'] = [];
  for (const [key, list] of Object.entries(doc)) {
    if (!/^-?\d+$/.test(key)) {
      reporter.error(site, path, `priority ${JSON.stringify(key)} is not an integer`);
      return undefined;
    }
    const patterns = Array.isArray(list) ? list : [list];
    if (!patterns.every((p): p is string => typeof p === 'string')) {
      reporter.error(site, path, `priority ${key}: expected a list of regular expressions (strings)`);
      return undefined;
    }
    for (const re of patterns) {
      const problem = regexpProblem(re);
      if (problem) {
        reporter.error(
          site,
          path,
          `Can't compile regexp rule for priority ${key} and rule ${re}: ${problem}`,
        );
        return undefined;
      }
    }
    priorities.push({ priority: Number(key), patterns });
  }
  return { priorities };
}

/** Why a pattern is refused: not a valid regexp, or using what RE2 (Go) lacks (backreferences, lookaround). */
function regexpProblem(re: string): string | undefined {
  if (/\\[1-9]|\(\?[=!<]/.test(re)) return 'backreferences and lookaround are not RE2 syntax';
  try {
    new RegExp(re);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
