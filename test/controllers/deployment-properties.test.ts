import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveFenceposts } from '../../src/controllers/deployment-util.js';
import type { PodTemplate } from '../../src/model/pod.js';
import type { Deployment, IntOrPercent } from '../../src/model/workloads.js';
import { deployment, makeCluster, podSpec, pool, S } from './harness.js';

const KEY = 'default/web';

const intOrPercent = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.constantFrom<IntOrPercent>('0%', '10%', '25%', '50%', '100%'),
);

describe('RollingUpdate invariants (property)', () => {
  it('never more than replicas + maxSurge active pods, never fewer than replicas − maxUnavailable available', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        intOrPercent,
        intOrPercent,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 20 }),
        (replicas, maxSurge, maxUnavailable, startupSeconds, minReadySeconds) => {
          const isZero = (v: IntOrPercent) => v === 0 || v === '0%';
          fc.pre(!(isZero(maxSurge) && isZero(maxUnavailable))); // rejected by validation
          const web: Deployment = {
            ...deployment('web', replicas),
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
            minReadySeconds,
          };
          const c = makeCluster({ workloads: [web], startupSeconds, pools: [pool({ count: 4 })] });
          c.sim.run(300 * S); // every old pod available
          const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, replicas);
          let maxActive = 0;
          let minAvailable = Number.POSITIVE_INFINITY;
          const pods = () =>
            [...c.cluster.pods].filter((p) => p.owner?.key === KEY && p.deletionTimestamp === undefined);
          // Available = Ready for more than minReadySeconds (pods ready before the watch: long ago).
          const readySince = new Map<number, number>();
          const available = (p: { uid: number; ready: boolean }) =>
            p.ready &&
            (minReadySeconds === 0 || (readySince.get(p.uid) ?? 0) < c.sim.now - minReadySeconds * S);
          c.cluster.watch((e) => {
            if (!('pod' in e) || e.pod.owner?.key !== KEY) return;
            if (e.type === 'PodUpdated' && e.pod.ready && !e.old.ready) readySince.set(e.pod.uid, c.sim.now);
            const active = pods();
            maxActive = Math.max(maxActive, active.length);
            minAvailable = Math.min(minAvailable, active.filter(available).length);
          });
          const template: PodTemplate = {
            labels: web.template.labels,
            spec: podSpec({
              containers: [
                { name: 'c', image: 'web:2', requests: { cpu: 500, memory: 2 ** 29 }, limits: {}, ports: [] },
              ],
            }),
          };
          c.api.updateWorkloadTemplate(KEY, template);
          c.sim.run(3000 * S);
          const d = c.cluster.workload(KEY) as Deployment;
          expect(maxActive).toBeLessThanOrEqual(replicas + surge);
          expect(minAvailable).toBeGreaterThanOrEqual(replicas - Math.min(unavailable, replicas));
          // The rollout finishes: every pod of the new revision, old ReplicaSet at 0.
          expect(d.replicaSets?.map((rs) => rs.replicas)).toEqual([0, replicas]);
          expect(d.status?.conditions.find((x) => x.type === 'Progressing')?.reason).toBe(
            'NewReplicaSetAvailable',
          );
        },
      ),
      { numRuns: 25, seed: 10 },
    );
  });
});
