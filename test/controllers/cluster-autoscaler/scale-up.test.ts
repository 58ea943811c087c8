import { describe, expect, it } from 'vitest';
import { constant } from '../../../src/engine/distributions.js';
import type { Run } from '../../../src/sim/run.js';
import { deployment, pool, S } from '../harness.js';
import { caRun, nodesByPool } from './ca-harness.js';

const pending = (run: Run) => [...run.cluster.pods].filter((p) => p.nodeName === undefined);

describe('cluster-autoscaler scale-up', () => {
  it('adds the nodes the binpacking estimate needs for pending pods, after the provisioning time', () => {
    // Nodes of 4 cpu hold 8 pods of 500m: 2 nodes and 20 replicas leave 4 pending → 1 new node.
    const run = caRun({
      pools: [pool({ name: 'general', count: 2, max: 10, provisioningTime: constant(90 * S) })],
      deployments: [deployment('web', 20)],
    });
    run.advance(60 * S);
    expect(pending(run)).toHaveLength(4);
    expect(nodesByPool(run)).toEqual({ general: 2 });
    run.advance(200 * S);
    expect(nodesByPool(run)).toEqual({ general: 3 });
    expect(pending(run)).toHaveLength(0);
    const events = run.finish().autoscaling?.clusterAutoscaler ?? [];
    expect(events[0]).toMatchObject({ target: 'nodegroup/general', from: 2, to: 3 });
    expect(events[0]?.at).toBe(10 * S);
  });
});
