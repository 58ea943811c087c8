import type { ApiServer } from '../api/api-server.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { ControlPlane, ControlPlaneMemberLossFault } from '../model/scenario.js';
import type { FaultKind } from './fault-kind.js';
import { quorumText } from './zone-down.js';

/** Without spec.cluster.controlPlane: one member, in no zone (out of reach of zone faults). */
export const DEFAULT_CONTROL_PLANE: Readonly<ControlPlane> = Object.freeze({ members: 1, zones: [] });

/** The name of control-plane member `i` (kubeadm's stacked etcd: one etcd and API server per machine). */
export function controlPlaneMemberName(i: number): string {
  return `control-plane-${i}`;
}

/**
 * Puts the control plane's members in the ground truth (member i in zones[i mod zones]) and ties the
 * API server to etcd: whenever a member goes down or comes back, the API server can write exactly
 * while at least ⌊n/2⌋+1 members run (etcd.io/docs FAQ). Without quorum every write is refused with
 * 503: the scheduler pauses, controllers and kubelets retry when writes return, running pods keep
 * serving. The API servers of the surviving members keep answering reads (their watch caches), which
 * is what kubesim's components read.
 */
export function startControlPlane(
  plane: Readonly<ControlPlane>,
  deps: { truth: GroundTruth; api: ApiServer; cluster: ClusterState },
): void {
  const { truth, api, cluster } = deps;
  for (let i = 0; i < plane.members; i++) {
    const zone = plane.zones.length === 0 ? undefined : plane.zones[i % plane.zones.length];
    truth.addControlPlaneMember(controlPlaneMemberName(i), zone);
  }
  cluster.watch((event) => {
    if (event.type === 'ControlPlaneMemberUpdated') api.setWritable(truth.hasEtcdQuorum());
  });
}

/**
 * Loss of `count` control-plane members (the machines of etcd members and their API servers) at `at`,
 * for `for`: the first `count` members still up, in member order. With fewer than ⌊n/2⌋+1 left, etcd
 * has no quorum and nothing is written until enough are back.
 */
export const controlPlaneMemberLoss: FaultKind<ControlPlaneMemberLossFault> = {
  kind: 'controlPlaneMemberLoss',
  schedule(fault, ctx) {
    const { sim, truth } = ctx;
    sim.scheduleAt(fault.at, () => {
      const lost = truth.controlPlaneMembers
        .filter((m) => m.up)
        .slice(0, fault.count)
        .map((m) => m.name);
      const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
      const short =
        lost.length < fault.count ? `only ${lost.length} of ${fault.count} members were up; ` : '';
      const note = `${short}members lost: ${lost.join(', ') || 'none'}; ${quorumText(truth, lost)}`;
      // Recorded before it acts, so the timeline shows the fault before its consequences.
      ctx.record({ kind: 'controlPlaneMemberLoss', at: sim.now, nodes: [], recoversAt, note });
      for (const name of lost) truth.holdMemberDown(name, true);
      if (recoversAt !== undefined)
        sim.scheduleAt(recoversAt, () => {
          for (const name of lost) truth.holdMemberDown(name, false);
        });
    });
  },
};
