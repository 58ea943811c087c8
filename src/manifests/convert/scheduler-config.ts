import type { KubeSchedulerConfiguration, SchedulerProfile } from '../../model/scheduler-config.js';
import { checkProfilePlugins } from '../../scheduler/config/profile-plugins.js';
import { inTreeRegistry } from '../../scheduler/registry.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import { IGNORED_SCHEDULER_FIELDS, kubeSchedulerConfiguration } from '../schemas/scheduler.js';

/**
 * A KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) as written: the scheduler applies its
 * own defaults (scheduler/defaults). Validated as upstream does (pkg/scheduler/apis/config/validation):
 * percentages 0–100, podInitialBackoffSeconds > 0, podMaxBackoffSeconds >= podInitialBackoffSeconds,
 * and every plugin name and plugin argument against kube-scheduler's in-tree plugins
 * (scheduler/config/profile-plugins.ts), so that `validate` reports what `schedule` would refuse.
 */
export function convertSchedulerConfiguration(
  v: Record<string, unknown>,
  site: Site,
  reporter: Reporter,
): KubeSchedulerConfiguration | undefined {
  for (const f of IGNORED_SCHEDULER_FIELDS) {
    if (v[f] !== undefined) reporter.warning(site, [f], m.notSimulatedField(f), true);
  }
  const r = kubeSchedulerConfiguration.safeParse(v, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, v, reporter);
    return undefined;
  }
  const c = r.data;
  if (
    c.podInitialBackoffSeconds !== undefined &&
    c.podMaxBackoffSeconds !== undefined &&
    c.podMaxBackoffSeconds < c.podInitialBackoffSeconds
  ) {
    reporter.error(
      site,
      ['podMaxBackoffSeconds'],
      m.backoffOrder(c.podInitialBackoffSeconds, c.podMaxBackoffSeconds),
    );
  }
  const config: KubeSchedulerConfiguration = {};
  if (c.percentageOfNodesToScore !== undefined) config.percentageOfNodesToScore = c.percentageOfNodesToScore;
  if (c.podInitialBackoffSeconds !== undefined) config.podInitialBackoffSeconds = c.podInitialBackoffSeconds;
  if (c.podMaxBackoffSeconds !== undefined) config.podMaxBackoffSeconds = c.podMaxBackoffSeconds;
  if (c.profiles !== undefined) {
    config.profiles = c.profiles.map((p) => ({
      ...p,
      pluginConfig: p.pluginConfig?.map((pc) => ({ name: pc.name, args: pc.args ?? {} })),
    }));
    config.profiles.forEach((p, i) => {
      checkPlugins(p, i, site, reporter);
    });
  }
  return config;
}

/** Reports what checkProfilePlugins finds in profile `i` at its place in the document. */
function checkPlugins(profile: SchedulerProfile, i: number, site: Site, reporter: Reporter): void {
  const at = (path: readonly (string | number)[]) => ['profiles', i, ...path];
  checkProfilePlugins(profile, inTreeRegistry(), {
    error: (path, message) => reporter.error(site, at(path), message),
    warning: (path, message) => reporter.warning(site, at(path), message),
    undecodable: (path, written, issues) => reportIssues(issues, site, written, reporter, at(path)),
  });
}
