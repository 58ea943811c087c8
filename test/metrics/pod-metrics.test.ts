import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { GroundTruth } from '../../src/ground-truth/ground-truth.js';
import { METRIC_RESOLUTION, PodCpuMetrics } from '../../src/metrics/pod-metrics.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { Pod } from '../../src/model/pod.js';
import { nodeFromPool } from '../../src/sim/node-pools.js';
import { podSpec, pool } from '../controllers/harness.js';

const S = MICROS_PER_SECOND;

/** One running pod behind Service web, burning `milliCpu` on requests, read by a metrics-server. */
function setup(milliCpu: number, idle: number) {
  const sim = new Simulation();
  const cluster = new ClusterState();
  const truth = new GroundTruth(cluster.stream);
  const node = nodeFromPool(pool(), 0, 0);
  truth.addMachine(node.name, true);
  cluster.addNode(node);
  cluster.addService({
    namespace: 'default',
    name: 'web',
    labels: {},
    selector: { app: 'web' },
    type: 'ClusterIP',
    ports: [],
    sessionAffinity: 'None',
    sessionAffinityTimeoutSeconds: 10800,
  });
  const pod: Pod = {
    uid: 1,
    namespace: 'default',
    name: 'web-1',
    labels: { app: 'web' },
    spec: podSpec(),
    phase: 'Running',
    ready: true,
    createdAt: 0,
  };
  cluster.addPod(pod);
  cluster.bindPod(pod, node.name, 0);
  truth.setContainers(pod, 'Running', 0);
  // The traffic model's counter: CPU seconds since the start, growing at milliCpu.
  const cpuSeconds = () => (sim.now / S) * (milliCpu / 1000);
  const metrics = new PodCpuMetrics(
    cluster,
    truth,
    sim,
    { cpuSeconds, idleMilliCpu: new Map([['default/web', idle]]) },
    new RandomStreams(1).get('metrics-server/scrape-phase'),
  );
  metrics.start();
  return { sim, truth, pod, metrics };
}

describe('PodCpuMetrics (metrics-server)', () => {
  it('serves no sample before two reads, then the rate over one resolution plus idleCpu', () => {
    const { sim, metrics } = setup(300, 50);
    sim.run(METRIC_RESOLUTION - 1);
    expect(metrics.sample('default/web-1')).toBeUndefined();
    sim.run(2 * METRIC_RESOLUTION);
    const sample = metrics.sample('default/web-1');
    expect(sample?.usageMilliCpu).toBe(350);
    expect(sample?.window).toBe(METRIC_RESOLUTION);
    // Stale by up to one resolution: the sample was taken at a scrape, not now.
    expect(sample?.timestamp).toBeGreaterThan(sim.now - METRIC_RESOLUTION);
    expect(sample?.timestamp).toBeLessThanOrEqual(sim.now);
  });

  it('drops the sample of a pod whose containers stop, and needs two reads after they run again', () => {
    const { sim, truth, pod, metrics } = setup(100, 0);
    sim.run(3 * METRIC_RESOLUTION);
    expect(metrics.sample('default/web-1')?.usageMilliCpu).toBe(100);
    truth.setContainers(pod, 'Terminated', sim.now);
    sim.run(4 * METRIC_RESOLUTION);
    expect(metrics.sample('default/web-1')).toBeUndefined();
    truth.setContainers(pod, 'Running', sim.now);
    sim.run(5 * METRIC_RESOLUTION - 1);
    expect(metrics.sample('default/web-1')).toBeUndefined();
    sim.run(6 * METRIC_RESOLUTION);
    expect(metrics.sample('default/web-1')?.usageMilliCpu).toBe(100);
  });

  it('a pod that no Service with idleCpu selects idles at 0', () => {
    const { sim, metrics } = setup(0, 0);
    sim.run(3 * METRIC_RESOLUTION);
    expect(metrics.sample('default/web-1')?.usageMilliCpu).toBe(0);
  });
});
