import { type Pod, podKey, workloadName } from '../model/pod.js';
import type { CrashLoopFault } from '../model/scenario.js';
import type { FaultContext, FaultKind } from './fault-kind.js';
import { nodesOf, runningPods } from './workload-pods.js';

/**
 * A crash loop: from `at` on, each pod of the workload exits `exits` times, each time `after` its
 * containers start (those running at `at` count `at` as their start). The kubelet's restarts, with
 * their back-off, make the rest of the story.
 */
export const crashLoop: FaultKind<CrashLoopFault> = {
  kind: 'crashLoop',
  schedule(fault, ctx: FaultContext) {
    const { sim, cluster, truth } = ctx;
    const workload = fault.target.workload;
    /** Exits still to come, per pod uid (absent: all `exits`). */
    const left = new Map<number, number>();
    const exitLater = (pod: Pod) => {
      const since = truth.containersOf(pod).since;
      if ((left.get(pod.uid) ?? fault.exits) <= 0) return;
      sim.schedule(fault.after, () => {
        const c = truth.containersOf(pod);
        // The same run of the containers still going (not restarted, killed or forgotten meanwhile).
        if (c.state !== 'Running' || c.since !== since || cluster.pod(podKey(pod)) !== pod) return;
        left.set(pod.uid, (left.get(pod.uid) ?? fault.exits) - 1);
        truth.setContainers(pod, 'Terminated', sim.now);
      });
    };
    sim.scheduleAt(fault.at, () => {
      const pods = runningPods(ctx, workload);
      ctx.record({ kind: 'crashLoop', at: sim.now, nodes: nodesOf(pods) });
      for (const pod of pods) exitLater(pod);
      cluster.watch((event) => {
        if (event.type !== 'ContainersUpdated' || event.containers.state !== 'Running') return;
        if (workloadName(event.pod) === workload) exitLater(event.pod);
      });
    });
  },
};
