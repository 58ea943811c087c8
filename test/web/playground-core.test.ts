import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MICROS_PER_MINUTE } from '../../src/engine/time.js';
import { loadText } from '../../src/manifests/load.js';
import { createRun } from '../../src/sim/run.js';
import { Playground } from '../../src/web/playground.js';

// The playground's engine side, without a browser: the bundled cluster, the slices it advances in,
// and each control as the fault or operation it becomes.

const FILE = 'src/web/playground.yaml';
const YAML = readFileSync(FILE, 'utf8');
const min = (n: number): number => n * MICROS_PER_MINUTE;

/** The playground's run with a short horizon, so that `finish()` is cheap. */
function playground(duration = min(30)): Playground {
  return new Playground({ yaml: YAML, file: 'playground.yaml', duration });
}

/** The node holding the most pods at the moment, and their keys. */
function busiestNode(p: Playground): { name: string; pods: string[] } {
  const nodes = p.snapshot().zones.flatMap((z) => z.nodes);
  const best = nodes.reduce((a, b) => (b.pods.length > a.pods.length ? b : a));
  return { name: best.name, pods: best.pods.map((pod) => pod.key) };
}

function readyPods(p: Playground): number {
  return p
    .snapshot()
    .zones.flatMap((z) => z.nodes)
    .filter((n) => n.machineUp)
    .reduce((sum, n) => sum + n.pods.filter((pod) => pod.state === 'ready').length, 0);
}

describe('the playground cluster', () => {
  it('loads from its YAML text with neither an error nor a warning', () => {
    const loaded = loadText(YAML, FILE, { requireScenario: true });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.input.nodes.length + (loaded.input.scenario?.nodePools[0]?.count ?? 0)).toBe(6);
  });

  it('draws three zones of two nodes and runs every replica ready after start-up', () => {
    const p = playground();
    p.advance(min(3));
    const s = p.snapshot();
    expect(s.zones.map((z) => [z.name, z.nodes.length])).toEqual([
      ['zone-a', 2],
      ['zone-b', 2],
      ['zone-c', 2],
    ]);
    expect(s.controlPlane).toMatchObject({ quorum: true });
    expect(s.controlPlane.members).toHaveLength(3);
    expect(s.workloads).toEqual([
      { key: 'default/web', replicas: 4, available: 4 },
      { key: 'default/api', replicas: 3, available: 3 },
    ]);
    expect(readyPods(p)).toBe(7);
  });
});

describe('Playground.advance', () => {
  it('gives the same run in 15 s slices as in one go (slicing changes nothing)', () => {
    const sliced = playground(min(20));
    sliced.advance(min(20));
    const whole = createRun(loadText(YAML, 'playground.yaml').input, { duration: min(20) / 1e6 });
    expect(JSON.stringify(sliced.run.finish())).toBe(JSON.stringify(whole.finish()));
  });

  it('stops at the budget the page gives it and goes on from there', () => {
    const p = playground();
    let slices = 0;
    p.advance(min(10), () => slices++ < 3);
    expect(p.now).toBe(3 * 15_000_000);
    expect(p.podAvailability.map((a) => a.t)).toEqual([0, 15, 30, 45]);
  });
});

describe('Playground controls', () => {
  it('kill node: its pods are replaced on the other nodes after the eviction timeout, and availability dips', () => {
    const p = playground();
    p.advance(min(5));
    const victim = busiestNode(p);
    expect(victim.pods.length).toBeGreaterThan(0);
    p.killNode(victim.name);
    p.advance(min(5) + min(8));
    const nodes = p.snapshot().zones.flatMap((z) => z.nodes);
    const dead = nodes.find((n) => n.name === victim.name);
    expect(dead?.machineUp).toBe(false);
    expect(dead?.ready).toBe('Unknown');
    // Upstream timings (docs/faults.md): NotReady after the 50 s grace, NoExecute eviction 300 s later.
    const others = nodes.filter((n) => n.name !== victim.name).flatMap((n) => n.pods.map((pod) => pod.key));
    for (const key of victim.pods) expect(others).not.toContain(key);
    expect(readyPods(p)).toBe(7);
    const afterKill = p.podAvailability.filter((a) => a.t > 300);
    expect(Math.min(...afterKill.map((a) => a.available))).toBeLessThan(1);
    expect(afterKill.at(-1)?.available).toBe(1);
    // Requests sent to its web pod fail until the endpoints drop it (Ready=Unknown about 45 s in).
    const minute = p.minutes('default/web').find((m) => m.t === 300);
    expect(minute && minute.served / (minute.served + minute.failed)).toBeLessThan(0.95);
    expect(p.run.finish().faults.map((f) => [f.kind, f.nodes])).toEqual([['nodeCrash', [victim.name]]]);
  });

  it('a fault injected while running is the same as the Scenario listing it (same random stream)', () => {
    const injected = playground(min(15));
    injected.advance(min(6));
    injected.killZone('zone-b', min(4));
    injected.advance(min(15));
    // Both runs end at 15 min.
    const listed = createRun(
      loadText(YAML, 'playground.yaml', {
        overrides: [
          {
            target: 'Scenario',
            path: ['spec', 'faults'],
            value: [{ at: '6m', kind: 'zoneOutage', target: { zone: 'zone-b' }, for: '4m' }],
          },
        ],
      }).input,
      { duration: '15m' },
    );
    const a = injected.run.finish();
    const b = listed.finish();
    expect(a.faults).toEqual(b.faults);
    expect(a.incidents).toEqual(b.incidents);
    expect(a.traffic?.services).toEqual(b.traffic?.services);
  });

  it('kill control plane: quorum is lost, writes are refused, and a dead node keeps its pods', () => {
    const p = playground();
    p.advance(min(3));
    p.killControlPlane();
    p.advance(min(4));
    expect(p.snapshot().controlPlane.quorum).toBe(false);
    expect(p.run.api.isWritable).toBe(false);
    const victim = busiestNode(p);
    p.killNode(victim.name);
    p.advance(min(14));
    const dead = p
      .snapshot()
      .zones.flatMap((z) => z.nodes)
      .find((n) => n.name === victim.name);
    // Without quorum the node-lifecycle controller cannot even mark it NotReady: nothing is evicted.
    expect(dead?.pods.map((pod) => pod.key)).toEqual(victim.pods);
  });

  it('drain: the node is cordoned and its pods move through evictions', () => {
    const p = playground();
    p.advance(min(3));
    const victim = busiestNode(p);
    p.drainNode(victim.name);
    p.advance(min(6));
    const node = p
      .snapshot()
      .zones.flatMap((z) => z.nodes)
      .find((n) => n.name === victim.name);
    expect(node?.unschedulable).toBe(true);
    expect(node?.pods).toEqual([]);
    expect(readyPods(p)).toBe(7);
    const record = p.run.finish().operations?.records[0];
    expect(record).toMatchObject({ kind: 'drain', outcome: 'done', evictions: victim.pods.length });
  });

  it('scale: the replicas slider scales the Deployment through the API server', () => {
    const p = playground();
    p.advance(min(2));
    p.scale('default/web', 7);
    p.advance(min(4));
    expect(p.snapshot().workloads[0]).toEqual({ key: 'default/web', replicas: 7, available: 7 });
  });

  it('load: the rate slider changes the arrival rate from now on', () => {
    const p = playground();
    p.advance(min(5));
    p.setRate(120);
    p.advance(min(12));
    p.setRate(0);
    p.advance(min(14) + 1);
    const offered = (from: number, to: number): number[] =>
      p
        .minutes('default/web')
        .filter((m) => m.t >= from * 60 && m.t < to * 60)
        .map((m) => m.offered);
    // Poisson counts per minute: 40/s gives 2400 ± 49, 120/s gives 7200 ± 85 (one sd).
    for (const n of offered(2, 5)) expect(Math.abs(n - 2400)).toBeLessThan(250);
    for (const n of offered(6, 12)) expect(Math.abs(n - 7200)).toBeLessThan(450);
    expect(offered(12, 14)).toEqual([0, 0]);
  });

  it('policy: a restart with another policy runs every Service on it', () => {
    const p = playground().withPolicy('least-request');
    expect(p.loadBalancing).toBe('least-request');
    expect(p.run.scenario.traffic?.services['default/api']?.loadBalancing).toBe('least-request');
    expect(p.now).toBe(0);
  });
});
