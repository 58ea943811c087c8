import { LEASE_RENEW_INTERVAL } from '../../controllers/kubelet-lease.js';
import { formatDuration, type Micros } from '../../engine/time.js';
import type { ClusterConfiguration, KubeletConfiguration } from '../../model/control-plane-config.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import { duration } from '../schemas/common.js';
import {
  clusterConfiguration,
  extraArgsList,
  extraArgsMap,
  NOT_SIMULATED_KUBEADM_FIELDS,
} from '../schemas/kubeadm.js';
import type { Path } from '../source.js';

/** Fields of ClusterConfiguration that kubesim reads. */
const READ_FIELDS = new Set([
  'apiVersion',
  'kind',
  'kubernetesVersion',
  'controlPlaneEndpoint',
  'etcd',
  'controllerManager',
]);

/** kube-controller-manager flags kubesim reads from controllerManager.extraArgs. */
const NODE_MONITOR_GRACE_PERIOD = 'node-monitor-grace-period';

/** Why pod-eviction-timeout is ignored: taint-based eviction replaced it; 1.27 removed the flag. */
const POD_EVICTION_TIMEOUT_IGNORED =
  'flag "pod-eviction-timeout" is ignored: it has had no effect since taint-based eviction (tolerationSeconds, 300s by default) replaced it, and kube-controller-manager 1.27 removed it (a newer kube-controller-manager refuses to start with it)';

/** One flag as written, with the path of its value for messages. */
interface Flag {
  name: string;
  value: string;
  path: Path;
}

/**
 * A kubeadm ClusterConfiguration (v1beta3 or v1beta4). kubesim reads kubernetesVersion (the version
 * whose defaults are simulated), controlPlaneEndpoint and the etcd topology (recorded; the control
 * plane's members are spec.cluster.controlPlane's), and controllerManager.extraArgs'
 * node-monitor-grace-period (node lifecycle controller). Every other field and flag is warned about.
 * extraArgs is a mapping in v1beta3 and a list of {name, value} in v1beta4, as kubeadm requires.
 */
export function convertClusterConfiguration(
  v: Record<string, unknown>,
  site: Site,
  reporter: Reporter,
): ClusterConfiguration | undefined {
  for (const field of Object.keys(v)) {
    if (READ_FIELDS.has(field)) continue;
    const known = (NOT_SIMULATED_KUBEADM_FIELDS as readonly string[]).includes(field);
    reporter.warning(site, [field], known ? m.notSimulatedField(field) : m.unknownFieldWarning(field), true);
  }
  const r = clusterConfiguration.safeParse(v, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, v, reporter);
    return undefined;
  }
  const c = r.data;
  const config: ClusterConfiguration = { apiVersion: c.apiVersion, etcd: { topology: 'stacked' } };
  if (c.kubernetesVersion !== undefined) {
    const version = kubeadmVersion(c.kubernetesVersion);
    if (version === undefined)
      reporter.error(
        site,
        ['kubernetesVersion'],
        m.expectedGot('a Kubernetes version such as "v1.32.4" or "1.32"', c.kubernetesVersion),
      );
    else config.kubernetesVersion = version;
  }
  if (c.controlPlaneEndpoint !== undefined) {
    const problem = endpointProblem(c.controlPlaneEndpoint);
    if (problem) reporter.error(site, ['controlPlaneEndpoint'], problem);
    else config.controlPlaneEndpoint = c.controlPlaneEndpoint;
    reporter.warning(
      site,
      ['controlPlaneEndpoint'],
      `${m.notSimulatedField('controlPlaneEndpoint')}: the path to the API servers is not simulated`,
    );
  }
  if (c.etcd?.local && c.etcd.external)
    // kubeadm's ValidateEtcd (cmd/kubeadm/app/apis/kubeadm/validation/validation.go).
    reporter.error(
      site,
      ['etcd', 'external'],
      'etcd.local and etcd.external are mutually exclusive: give one',
    );
  else if (c.etcd?.external) config.etcd = { topology: 'external', endpoints: c.etcd.external.endpoints };
  if (c.etcd)
    reporter.warning(
      site,
      ['etcd'],
      `${m.notSimulatedField('etcd')}: the etcd topology is recorded; quorum follows spec.cluster.controlPlane`,
      true,
    );
  const grace = readControllerManagerFlags(c.controllerManager?.extraArgs, c.apiVersion, site, reporter);
  if (grace !== undefined) config.nodeMonitorGracePeriod = grace;
  return config;
}

/** "v1.32.4", "1.32" → "1.32"; undefined when it is not a version (kubeadm's labels like "stable" included). */
export function kubeadmVersion(text: string): string | undefined {
  const match = /^v?1\.(\d+)(\.\d+)?([-+].*)?$/.exec(text);
  return match ? `1.${match[1]}` : undefined;
}

/** kubeadm's ParseHostPort: "host" or "host:port" with a port in 1–65535. */
function endpointProblem(text: string): string | undefined {
  const port = /:(\d+)$/.exec(text)?.[1];
  const host = port === undefined ? text : text.slice(0, -port.length - 1);
  if (host === '' || /\s/.test(text)) return m.expectedGot('a "host:port" endpoint', text);
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return m.expectedGot('a port between 1 and 65535', Number(port));
  return undefined;
}

/**
 * The flags of controllerManager.extraArgs in the form the apiVersion requires; returns
 * node-monitor-grace-period (the last one written, as a repeated flag ends up), warning about the rest.
 */
function readControllerManagerFlags(
  extraArgs: unknown,
  apiVersion: ClusterConfiguration['apiVersion'],
  site: Site,
  reporter: Reporter,
): Micros | undefined {
  if (extraArgs === undefined) return undefined;
  const base: Path = ['controllerManager', 'extraArgs'];
  const flags: Flag[] = [];
  if (apiVersion === 'kubeadm.k8s.io/v1beta3') {
    const r = extraArgsMap.safeParse(extraArgs, PARSE_OPTIONS);
    if (!r.success)
      return reportArgs(r.error.issues, extraArgs, site, reporter, base, Array.isArray(extraArgs));
    for (const [name, value] of Object.entries(r.data)) flags.push({ name, value, path: [...base, name] });
  } else {
    const r = extraArgsList.safeParse(extraArgs, PARSE_OPTIONS);
    if (!r.success) return reportArgs(r.error.issues, extraArgs, site, reporter, base, isRecord(extraArgs));
    r.data.forEach((a, i) => {
      flags.push({ name: a.name, value: a.value, path: [...base, i, 'value'] });
    });
  }
  let grace: Micros | undefined;
  for (const flag of flags) {
    if (flag.name === NODE_MONITOR_GRACE_PERIOD) {
      const d = duration(true).safeParse(flag.value, PARSE_OPTIONS);
      if (d.success) grace = d.data;
      else reportIssues(d.error.issues, site, flag.value, reporter, flag.path);
    } else if (flag.name === 'pod-eviction-timeout') {
      reporter.warning(site, flag.path, POD_EVICTION_TIMEOUT_IGNORED);
    } else {
      reporter.warning(
        site,
        flag.path,
        `kube-controller-manager flag "${flag.name}" is not simulated yet, ignored`,
      );
    }
  }
  return grace;
}

/** Reports a malformed extraArgs; `otherForm` says it is the other version's form, and which. */
function reportArgs(
  issues: Parameters<typeof reportIssues>[0],
  value: unknown,
  site: Site,
  reporter: Reporter,
  path: Path,
  otherForm: boolean,
): undefined {
  if (otherForm)
    reporter.error(
      site,
      path,
      Array.isArray(value)
        ? 'kubeadm.k8s.io/v1beta3 takes extraArgs as a mapping (flag: value); the list of {name, value} is v1beta4'
        : 'kubeadm.k8s.io/v1beta4 takes extraArgs as a list of {name, value}; the mapping (flag: value) is v1beta3',
    );
  else reportIssues(issues, site, value, reporter, path);
  return undefined;
}

/**
 * A node-monitor-grace-period no longer than the Lease renewal interval marks healthy nodes Unknown
 * between two renewals (and taints and evicts them): almost surely a mistake, so say so.
 */
export function warnGraceWithinLease(
  config: ClusterConfiguration,
  kubelet: KubeletConfiguration | undefined,
  site: Site,
  reporter: Reporter,
): void {
  const grace = config.nodeMonitorGracePeriod;
  const renew = kubelet?.leaseRenewInterval ?? LEASE_RENEW_INTERVAL;
  if (grace === undefined || grace > renew) return;
  const path: Path =
    config.apiVersion === 'kubeadm.k8s.io/v1beta3'
      ? ['controllerManager', 'extraArgs', NODE_MONITOR_GRACE_PERIOD]
      : ['controllerManager', 'extraArgs'];
  reporter.warning(
    site,
    path,
    `node-monitor-grace-period ${formatDuration(grace)} is not longer than the kubelet's Lease renewal interval ${formatDuration(renew)}: healthy nodes would go Unknown between renewals and be tainted and evicted`,
  );
}
