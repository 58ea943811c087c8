import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constant, lognormal } from '../../src/engine/distributions.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../src/engine/time.js';
import { NOT_YET_ATTEMPTED } from '../../src/metrics/scheduling.js';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import type { Scenario } from '../../src/model/scenario.js';
import { buildRunReport, serializeRunReport } from '../../src/report/json.js';
import { simulate } from '../../src/sim/simulate.js';
import { deployment, podSpec, pool, template } from '../controllers/harness.js';

const S = MICROS_PER_SECOND;

/** A random small cluster: pools, Deployments with random requests, and node crashes. */
const clusterInput = fc
  .record({
    nodes: fc.integer({ min: 1, max: 8 }),
    zones: fc.integer({ min: 1, max: 3 }),
    cpu: fc.integer({ min: 1000, max: 8000 }),
    workloads: fc.array(
      fc.record({ replicas: fc.integer({ min: 0, max: 8 }), cpu: fc.integer({ min: 50, max: 3000 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    crashes: fc.array(
      fc.record({
        atMinute: fc.integer({ min: 1, max: 50 }),
        forMinutes: fc.option(fc.integer({ min: 1, max: 30 })),
      }),
      { maxLength: 3 },
    ),
    standalone: fc.array(fc.integer({ min: 50, max: 3000 }), { maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map((g): ClusterInput => {
    const zones = ['a', 'b', 'c'].slice(0, g.zones);
    const scenario: Scenario = {
      name: 'prop',
      file: 'prop.yaml',
      seed: g.seed,
      duration: 60 * MICROS_PER_MINUTE,
      warmup: 0,
      kubernetesVersion: '1.36',
      zones,
      nodePools: [
        pool({ count: g.nodes, zones, allocatable: { cpu: g.cpu, memory: 8 * 2 ** 30, pods: 110 } }),
      ],
      services: { w0: { startupTime: lognormal(5 * S, 30 * S) }, w1: { startupTime: constant(0) } },
      faults: g.crashes.map((c) => ({
        kind: 'nodeCrash' as const,
        at: c.atMinute * MICROS_PER_MINUTE,
        target: { count: 1 },
        for: c.forMinutes === null ? undefined : c.forMinutes * MICROS_PER_MINUTE,
      })),
    };
    return {
      scenario,
      nodes: [],
      // Standalone pods beside workload pods, numbered from 1 as the loader numbers them: where a
      // workload pod once shared a uid with one of them, the scheduling queue dropped it.
      pods: g.standalone.map((cpu, i) => ({
        uid: i + 1,
        namespace: 'default',
        name: `solo-${i}`,
        labels: { app: 'solo' },
        spec: podSpec({
          containers: [{ name: 'c', requests: { cpu, memory: 2 ** 28 }, limits: {}, ports: [] }],
        }),
        phase: 'Pending' as const,
        ready: false,
        createdAt: 0,
      })),
      deployments: g.workloads.map((w, i) => ({
        ...deployment(`w${i}`, w.replicas),
        template: template(
          `w${i}`,
          podSpec({
            containers: [{ name: 'c', requests: { cpu: w.cpu, memory: 2 ** 28 }, limits: {}, ports: [] }],
          }),
        ),
      })),
      statefulSets: [],
      services: [],
      podDisruptionBudgets: [],
      priorityClasses: [],
    };
  });

describe('simulate() properties', () => {
  it('gives byte-identical reports for the same input and seed', () => {
    fc.assert(
      fc.property(clusterInput, (input) => {
        const a = serializeRunReport(buildRunReport(simulate(input)));
        const b = serializeRunReport(buildRunReport(simulate(input)));
        expect(a).toBe(b);
      }),
      { numRuns: 25 },
    );
  });

  it("never over-commits a node, and leaves every unbound pod with kube-scheduler's reason", () => {
    fc.assert(
      fc.property(clusterInput, (input) => {
        const result = simulate(input);
        for (const node of result.utilisation.nodes) {
          expect(node.maxCpuRequested).toBeLessThanOrEqual(1 + 1e-12);
          expect(node.maxMemoryRequested).toBeLessThanOrEqual(1 + 1e-12);
        }
        // Every pod is attempted at the instant it is created, so a pod still pending at the end has
        // the scheduler's FailedScheduling message, never the placeholder for pods not yet attempted.
        for (const pending of result.scheduling.pendingAtEnd) {
          expect(pending.reason).not.toBe('');
          if (pending.pendingSeconds > 0) expect(pending.reason).not.toBe(NOT_YET_ATTEMPTED);
        }
        expect(result.availability.overall).toBeGreaterThanOrEqual(0);
        expect(result.availability.overall).toBeLessThanOrEqual(1);
      }),
      { numRuns: 25 },
    );
  });
});
