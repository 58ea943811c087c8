// scoreNodes (PodTopologySpread's batch Score, reading the domains PreScore interned) against scoreNode
// node by node: same scores for any nodes, labels (some missing), pods and constraints.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../src/model/cluster-state.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../../../src/model/node.js';
import type { TopologySpreadConstraint } from '../../../../src/model/pod.js';
import { buildSnapshot, makePodInfo } from '../../../../src/scheduler/cache/index.js';
import { SYSTEM_DEFAULT_CONSTRAINTS } from '../../../../src/scheduler/plugins/pod-topology-spread/constraints.js';
import { DomainCountsCache } from '../../../../src/scheduler/plugins/pod-topology-spread/domain-counts.js';
import {
  computePreScoreState,
  scoreNode,
  scoreNodes,
} from '../../../../src/scheduler/plugins/pod-topology-spread/scoring.js';
import { makeNode, makePod } from '../../fixtures.js';

describe('PodTopologySpread scoreNodes', () => {
  it('gives scoreNode’s score on every feasible node, cycle after cycle (fast-check)', () => {
    const nodeArb = fc.record({
      zone: fc.option(fc.constantFrom('a', 'b', 'c', ''), { nil: undefined }),
      hostname: fc.boolean(),
      pods: fc.array(fc.constantFrom('web', 'db'), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        (specs, own, maxSkew) => {
          const nodes = specs.map((s, i) => {
            const labels: Record<string, string> = {};
            if (s.zone !== undefined) labels[LABEL_ZONE] = s.zone;
            if (s.hostname) labels[LABEL_HOSTNAME] = `n${i}`;
            return makeNode(`n${i}`, { cpu: 4000, memory: 2 ** 34, pods: 110 }, { labels });
          });
          const existing = specs.flatMap((s, i) =>
            s.pods.map((app, k) =>
              makePod(`p${i}-${k}`, [{ cpu: 10 }], { labels: { app }, nodeName: `n${i}` }),
            ),
          );
          const snapshot = buildSnapshot(nodes, existing);
          const cluster = new ClusterState();
          cluster.addService({
            namespace: 'default',
            name: 'web',
            labels: {},
            selector: { app: 'web' },
            type: 'ClusterIP',
            ports: [{ port: 80, protocol: 'TCP' }],
            sessionAffinity: 'None',
            sessionAffinityTimeoutSeconds: 10800,
          });
          const constraints: TopologySpreadConstraint[] = own
            ? [LABEL_ZONE, LABEL_HOSTNAME].map((topologyKey) => ({
                maxSkew,
                topologyKey,
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { app: 'web' } },
              }))
            : [];
          const pod = makePod('incoming', [{ cpu: 10 }], {
            labels: { app: 'web' },
            spec: { topologySpreadConstraints: constraints },
          });
          const cache = new DomainCountsCache();
          const feasible = snapshot.nodeInfos.filter((_, i) => i % 3 !== 1);
          for (let cycle = 0; cycle < 2; cycle++) {
            const info = makePodInfo(pod, snapshot.resources);
            const state = computePreScoreState(
              info,
              feasible,
              snapshot,
              SYSTEM_DEFAULT_CONSTRAINTS,
              true,
              cluster,
              cache,
            );
            if (state === null) return;
            const batch = new Float64Array(feasible.length);
            scoreNodes(state, feasible, batch);
            expect([...batch]).toEqual(feasible.map((n) => scoreNode(state, n)));
            // The next cycle sees one more matching pod on the first feasible node.
            const first = feasible[0];
            if (first)
              snapshot.addPod(
                makePod(`extra${cycle}`, [{ cpu: 10 }], { labels: { app: 'web' } }),
                first.node.name,
              );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
