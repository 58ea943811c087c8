import type { ControlPlane } from '../../model/scenario.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import { controlPlane as controlPlaneSchema } from '../schemas/scenario.js';

/**
 * spec.cluster.controlPlane: `members` (or `nodes`, one etcd member per control-plane node with
 * kubeadm's stacked etcd; default 1) placed round-robin in `zones` (default: the cluster's zones),
 * each zone one of the cluster's. Undefined when absent, or invalid (the errors are reported).
 */
export function convertControlPlane(
  raw: unknown,
  clusterZones: readonly string[],
  site: Site,
  reporter: Reporter,
): ControlPlane | undefined {
  if (raw === undefined) return undefined;
  const at = ['spec', 'cluster', 'controlPlane'];
  const r = controlPlaneSchema.safeParse(raw, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, raw, reporter, at);
    return undefined;
  }
  const { members, nodes, zones } = r.data;
  let ok = true;
  if (members !== undefined && nodes !== undefined && members !== nodes) {
    reporter.error(site, [...at, 'nodes'], m.controlPlaneMembersTwice(members, nodes));
    ok = false;
  }
  (zones ?? []).forEach((z, i) => {
    if (clusterZones.length > 0 && !clusterZones.includes(z)) {
      reporter.error(site, [...at, 'zones', i], m.poolZoneUnknown(z, clusterZones));
      ok = false;
    }
  });
  return ok ? { members: members ?? nodes ?? 1, zones: zones ?? [...clusterZones] } : undefined;
}
