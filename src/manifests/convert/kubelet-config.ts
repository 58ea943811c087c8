import { MICROS_PER_SECOND } from '../../engine/time.js';
import type { KubeletConfiguration } from '../../model/control-plane-config.js';
import type { Scenario } from '../../model/scenario.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import { KUBELET_FIELDS_READ, kubeletConfiguration } from '../schemas/kubelet-config.js';

/** The kubelet renews its Lease every leaseDuration × 0.25 (pkg/kubelet/kubelet.go, nodeLeaseRenewIntervalFraction). */
export const NODE_LEASE_RENEW_INTERVAL_FRACTION = 0.25;

/**
 * A KubeletConfiguration (kubelet.config.k8s.io/v1beta1), as kubeadm hands one to every node. kubesim
 * uses nodeLeaseDurationSeconds (the Lease renewal the node lifecycle controller watches) and maxPods
 * (pods allocatable of pool nodes); nodeStatusUpdateFrequency and shutdownGracePeriod are read and
 * validated but not simulated, and every other field is warned about, so a report never looks as if
 * it were simulated.
 */
export function convertKubeletConfiguration(
  v: Record<string, unknown>,
  site: Site,
  reporter: Reporter,
): KubeletConfiguration | undefined {
  for (const field of Object.keys(v)) {
    if (!KUBELET_FIELDS_READ.has(field)) reporter.warning(site, [field], m.notSimulatedField(field), true);
  }
  const r = kubeletConfiguration.safeParse(v, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, v, reporter);
    return undefined;
  }
  const c = r.data;
  const config: KubeletConfiguration = {};
  if (c.nodeLeaseDurationSeconds !== undefined) {
    config.nodeLeaseDurationSeconds = c.nodeLeaseDurationSeconds;
    config.leaseRenewInterval = Math.round(
      c.nodeLeaseDurationSeconds * NODE_LEASE_RENEW_INTERVAL_FRACTION * MICROS_PER_SECOND,
    );
  }
  if (c.maxPods !== undefined) config.maxPods = c.maxPods;
  if (c.nodeStatusUpdateFrequency !== undefined) {
    config.nodeStatusUpdateFrequency = c.nodeStatusUpdateFrequency;
    reporter.warning(
      site,
      ['nodeStatusUpdateFrequency'],
      `${m.notSimulatedField('nodeStatusUpdateFrequency')}: kubesim's kubelet posts no node status; Ready follows the Lease (nodeLeaseDurationSeconds)`,
    );
  }
  if (c.shutdownGracePeriod !== undefined) {
    config.shutdownGracePeriod = c.shutdownGracePeriod;
    if (c.shutdownGracePeriod > 0)
      reporter.warning(
        site,
        ['shutdownGracePeriod'],
        `${m.notSimulatedField('shutdownGracePeriod')}: graceful node shutdown is not simulated; a reboot kills pods at once, as with the default 0s`,
      );
  }
  return config;
}

/**
 * The Scenario with the kubelet's maxPods as the `pods` allocatable of every pool that does not set
 * `pods` itself (the pool's own figure describes its instance type, so it wins). `rawPools` are the
 * pools as written, to tell a `pods` given from the default.
 */
export function applyMaxPods(scenario: Scenario, rawPools: unknown, maxPods: number | undefined): Scenario {
  if (maxPods === undefined) return scenario;
  const written = new Set(
    (Array.isArray(rawPools) ? rawPools : [])
      .filter((p) => isRecord(p) && p.pods !== undefined)
      .map((p) => (p as Record<string, unknown>).name),
  );
  return {
    ...scenario,
    nodePools: scenario.nodePools.map((p) =>
      written.has(p.name) ? p : { ...p, allocatable: { ...p.allocatable, pods: maxPods } },
    ),
  };
}
