// `kubesim schedule` (explainScheduling without explain) at 5 000 nodes and 50 000 pods: the peak heap,
// sampled once per scheduling cycle by a PreFilter plugin added through the registry, stays within
// 2 GB (issue 8: it kept every pod's score table and needed 7.6 GB). Slow: KUBESIM_SLOW_TESTS=1.
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import type { Deployment } from '../../src/model/workloads.js';
import { explainScheduling } from '../../src/scheduler/explain.js';
import type { PreFilterPlugin } from '../../src/scheduler/framework/interface.js';
import { definePlugin, inTreeRegistry } from '../../src/scheduler/registry.js';
import { makeNode, makePod } from './fixtures.js';

const slow = process.env.KUBESIM_SLOW_TESTS === '1';
const Mi = 1024 ** 2;
const Gi = 1024 * Mi;

describe('kubesim schedule at 5 000 nodes / 50 000 pods', () => {
  it.runIf(slow)(
    'schedules every pod with a peak heap under 2 GB (KUBESIM_SLOW_TESTS)',
    () => {
      const nodes = Array.from({ length: 5000 }, (_, i) =>
        makeNode(`node-${i}`, { cpu: 4000, memory: 32 * Gi, pods: 110 }),
      );
      // upstream scheduler_perf pod-default: cpu 100m, memory 500Mi.
      const template = makePod('t', [{ cpu: 100, memory: 500 * Mi }], { labels: { app: 'web' } });
      const web: Deployment = {
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        labels: {},
        replicas: 50_000,
        selector: { matchLabels: { app: 'web' } },
        template: { labels: template.labels, spec: template.spec },
        strategy: { type: 'Recreate' },
        minReadySeconds: 0,
      };
      const input: ClusterInput = {
        nodes,
        pods: [],
        deployments: [web],
        statefulSets: [],
        services: [],
        podDisruptionBudgets: [],
        priorityClasses: [],
        schedulerConfiguration: {
          profiles: [{ plugins: { preFilter: { enabled: [{ name: 'HeapSampler' }] } } }],
        },
      };
      let peak = 0;
      const sampler = definePlugin({
        name: 'HeapSampler',
        points: ['preFilter'],
        factory: (): PreFilterPlugin => ({
          name: 'HeapSampler',
          preFilter: () => {
            peak = Math.max(peak, v8.getHeapStatistics().used_heap_size);
            return null;
          },
        }),
      });
      const result = explainScheduling(input, { registry: inTreeRegistry().with(sampler) });
      expect(result.pods).toHaveLength(50_000);
      expect(result.pods.every((p) => p.node !== null)).toBe(true);
      console.log(
        `explainScheduling 5 000 nodes / 50 000 pods: peak heap used ${(peak / Mi).toFixed(0)} MiB`,
      );
      expect(peak).toBeLessThan(2 * Gi);
      // A whole run's first pass (controllers, kubelets, default spreading): minutes on a loaded machine.
    },
    900_000,
  );
});
