import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Probe } from '../../src/model/pod.js';
import type { Fault } from '../../src/model/scenario.js';
import { deployment, makeCluster, podSpec, S, template } from '../controllers/harness.js';

const PROBE: Probe = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

const fault = fc.oneof(
  fc.record({
    kind: fc.constant('podCrash' as const),
    at: fc.integer({ min: 30, max: 3000 }).map((s) => s * S),
    target: fc.record({ workload: fc.constant('web'), count: fc.integer({ min: 1, max: 3 }) }),
  }),
  fc.record({
    kind: fc.constant('probeFailure' as const),
    at: fc.integer({ min: 30, max: 3000 }).map((s) => s * S),
    target: fc.constant({ workload: 'web' }),
    probe: fc.constantFrom('readiness' as const, 'liveness' as const),
    for: fc.integer({ min: 1, max: 400 }).map((s) => s * S),
  }),
  fc.record({
    kind: fc.constant('crashLoop' as const),
    at: fc.integer({ min: 30, max: 3000 }).map((s) => s * S),
    target: fc.constant({ workload: 'web' }),
    exits: fc.integer({ min: 1, max: 5 }),
    after: fc.integer({ min: 0, max: 30 }).map((s) => s * S),
  }),
);

describe('pod faults and the kubelet (properties)', () => {
  it('a pod is never Ready while its containers are down; restarts equal exits; all recover after the faults', () => {
    fc.assert(
      fc.property(fc.array(fault, { minLength: 1, maxLength: 6 }), (faults: Fault[]) => {
        const d = deployment('web', 3);
        const base = podSpec();
        const containers = base.containers.map((c) => ({
          ...c,
          readinessProbe: PROBE,
          livenessProbe: PROBE,
        }));
        const c = makeCluster({
          workloads: [{ ...d, template: template('web', { ...base, containers }) }],
          faults,
        });
        let exits = 0;
        let breaches = 0;
        c.cluster.watch((e) => {
          if (e.type === 'ContainersUpdated' && e.containers.state === 'Terminated') exits++;
          if (
            (e.type === 'PodUpdated' || e.type === 'ContainersUpdated') &&
            e.pod.ready &&
            !c.truth.isRunning(e.pod)
          )
            breaches++;
        });
        // Faults end by 3400 s; a crash loop's back-off is at most 300 s per exit (5 exits).
        c.sim.run(6000 * S);
        expect(breaches).toBe(0);
        const pods = [...c.cluster.pods];
        expect(pods).toHaveLength(3);
        expect(pods.reduce((n, p) => n + c.truth.containersOf(p).restarts, 0)).toBe(exits);
        expect(pods.every((p) => p.ready && c.truth.isRunning(p))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
