import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { formatDiagnostic, loadFiles } from '../../src/manifests/index.js';
import { createRun } from '../../src/sim/run.js';

const S = MICROS_PER_SECOND;
const MODELS = fileURLToPath(new URL('../../models/failures/', import.meta.url));

async function load(name: string) {
  const r = await loadFiles([`${MODELS}${name}.yaml`], { requireScenario: true });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return r.input;
}

async function availabilityOf(name: string): Promise<number> {
  const run = createRun(await load(name));
  return run.finish().availability.workloads[0]?.availability ?? Number.NaN;
}

describe('models/failures teaching examples', () => {
  it('zone loss: with 2 zones the outage takes etcd quorum and the pods with it; with 3 zones Kubernetes heals', async () => {
    const two = await availabilityOf('zone-loss-2-zones');
    const three = await availabilityOf('zone-loss-3-zones');
    // Two zones: half of web (3 of 6) is gone for 1 h of the 2h55m window, never replaced.
    expect(two).toBeCloseTo(1 - (0.5 * 60) / 175, 2);
    // Three zones: a third of web is gone about 6 minutes (50 s detection, 5 s, 300 s, start-up).
    expect(three).toBeGreaterThan(0.98);
  });

  it('control-plane quorum loss: the crash during it is handled only after the members return', async () => {
    const run = createRun(await load('control-plane-quorum-loss'));
    run.advance(4800 * S);
    expect(run.api.isWritable).toBe(false);
    expect(run.cluster.node('general-0')?.ready).toBe('True');
    run.advance(4855 * S + 1);
    expect(run.api.isWritable).toBe(true);
    expect(run.cluster.node('general-0')?.ready).toBe('Unknown');
    const result = run.finish();
    expect(result.faults.map((f) => f.kind)).toEqual(['controlPlaneMemberLoss', 'nodeCrash']);
    expect(result.faults[0]?.note).toMatch(/1 of 3 members up, quorum 2: lost/);
  });

  it('network partition: the evicted originals keep running beside their replacements until it heals', async () => {
    const run = createRun(await load('network-partition'));
    const running = () => [...run.cluster.pods].filter((p) => run.truth.isRunning(p)).length;
    // Evictions at 1h5m50.1s and 1h6m0.1s, heal at 1h15m.
    run.advance(4000 * S);
    expect(running()).toBe(8);
    expect([...run.cluster.pods].filter((p) => p.deletionTimestamp !== undefined)).toHaveLength(2);
    run.advance(4600 * S);
    expect(running()).toBe(6);
  });

  it('node loss: the Deployment pod is replaced at once, the StatefulSet pod only when the node returns', async () => {
    const run = createRun(await load('node-loss'));
    run.advance(3951 * S);
    const db0 = run.cluster.pod('default/db-0');
    expect(db0?.deletionTimestamp).toBeDefined();
    expect(db0?.nodeName).toBe('general-0');
    run.advance(6005 * S);
    expect(run.cluster.pod('default/db-0')?.deletionTimestamp).toBeUndefined();
    expect(run.cluster.pod('default/db-0')?.nodeName).toBe('general-0');
  });
});
