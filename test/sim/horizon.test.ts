import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEASE_RENEW_INTERVAL } from '../../src/controllers/kubelet-lease.js';
import {
  NODE_EVICTION_PERIOD,
  NODE_MONITOR_PERIOD,
  nodeMonitorGracePeriod,
} from '../../src/controllers/node-lifecycle.js';
import type { Micros } from '../../src/engine/time.js';
import { loadFiles } from '../../src/manifests/index.js';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import type { Fault } from '../../src/model/scenario.js';
import { TAINT_NODE_UNREACHABLE } from '../../src/model/taints.js';
import { buildRunReport, serializeRunReport } from '../../src/report/json.js';
import { nodeFromPool } from '../../src/sim/node-pools.js';
import { createRun, type Run } from '../../src/sim/run.js';
import { makeCluster, pool, S } from '../controllers/harness.js';

// Issue 8, "Horizon": Lease renewals of healthy nodes and node-monitor passes that cannot change
// anything cost no event, while every observable timing stays what polling gives.

/**
 * Report sections added since the polling reference was recorded: they did not exist there, so the
 * digest leaves them out (everything the reference had is still compared byte for byte).
 */
const ADDED_SINCE_REFERENCE = ['incidentStatistics'] as const;

/** The report without engine.eventsFired (the work done, which is what changed), hashed. */
function reportDigest(run: Run): string {
  const report = buildRunReport(run.finish()) as Partial<ReturnType<typeof buildRunReport>>;
  delete report.engine;
  for (const section of ADDED_SINCE_REFERENCE) delete report[section];
  const text = serializeRunReport(report as ReturnType<typeof buildRunReport>);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const H = 3600 * S;
const node = (name: string) => ({ node: name, count: 1 });

/**
 * Runs the quick-start's cluster with other faults and actions. The digests below are those of the
 * same runs on the polling implementation (commit 77673c1, main before the lazy Leases merged: a Lease write per node every 10 s, a monitor
 * pass every 5 s), without engine.eventsFired.
 */
function quickstartWith(
  input: ClusterInput,
  faults: Fault[],
  actions: { at: Micros; act: (r: Run) => void }[],
) {
  const scenario = input.scenario;
  if (!scenario) throw new Error('the quick-start has a Scenario');
  const run = createRun({ ...input, scenario: { ...scenario, faults } });
  for (const a of actions) run.sim.scheduleAt(a.at, () => a.act(run));
  return run;
}

function addLateNode(at: Micros) {
  return {
    at,
    act: (run: Run) => {
      const p = run.scenario.nodePools[0];
      if (!p) return;
      const n = nodeFromPool({ ...p, name: 'late' }, 0, run.now);
      run.truth.addMachine(n.name, true);
      run.api.createNode(n);
    },
  };
}

describe('reports are byte-identical to polling (issue 8)', async () => {
  const loaded = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
  const input = loaded.input;

  it('the quick-start', () => {
    expect(reportDigest(createRun(input))).toBe('738d23f7a7f188db');
  });

  // nodeCrash, kubeletStop, nodeReboot, a short kubeletStop (back before the grace period runs out)
  // and a node added later that then crashes for good.
  it('the quick-start cluster with every node fault and a node added later', () => {
    const faults: Fault[] = [
      { kind: 'nodeCrash', at: 1 * H, target: { pool: 'general', zone: 'zone-a', count: 1 }, for: 1800 * S },
      {
        kind: 'kubeletStop',
        at: 4800 * S,
        target: { pool: 'general', zone: 'zone-b', count: 1 },
        for: 600 * S,
      },
      {
        kind: 'nodeReboot',
        at: 7205 * S,
        target: { pool: 'general', zone: 'zone-c', count: 1 },
        bootTime: 90 * S,
      },
      {
        kind: 'kubeletStop',
        at: 9000 * S,
        target: { pool: 'general', zone: 'zone-c', count: 1 },
        for: 20 * S,
      },
      { kind: 'nodeCrash', at: 3 * H, target: node('late-0') },
    ];
    expect(reportDigest(quickstartWith(input, faults, [addLateNode(3000 * S + 123)]))).toBe(
      'a529242df68ff8c9',
    );
  });

  // Faults at the instants of renewals and passes: a crash at 10 s (the first periodic renewal's timer
  // was armed before the fault was scheduled, so it fires first), a 5 s outage recovering on a pass,
  // a node deleted and etcd quorum lost and regained on renewal instants.
  it('faults at renewal and pass instants, quorum loss and node deletion', () => {
    const faults: Fault[] = [
      { kind: 'nodeCrash', at: 5 * S, target: node('general-3'), for: 5 * S },
      { kind: 'nodeCrash', at: 10 * S, target: node('general-1'), for: 600 * S },
      { kind: 'nodeCrash', at: 20 * S, target: node('general-3'), for: 1800 * S },
      { kind: 'kubeletStop', at: 4580 * S, target: node('general-2'), for: 10 * S },
      { kind: 'nodeReboot', at: 5000 * S, target: node('general-4'), bootTime: 3 * S },
    ];
    const actions = [
      { at: 6000 * S, act: (r: Run) => r.api.setWritable(false) },
      { at: 6060 * S, act: (r: Run) => r.api.setWritable(true) },
      { at: 7000 * S, act: (r: Run) => r.api.deleteNode('general-5') },
      addLateNode(7500 * S),
    ];
    const run = quickstartWith(input, faults, actions);
    expect(reportDigest(run)).toBe('cb0828dd0e457070');
  });
});

describe('reports stay byte-identical when passes visit only the nodes that can change', async () => {
  const loaded = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
  const input = loaded.input;
  const scenario = input.scenario;
  if (!scenario) throw new Error('the quick-start has a Scenario');

  // 12 nodes (4 a zone): a zone down alone (full disruption of one zone), 3 of zone b's 4 nodes
  // crashed (partial disruption), every zone down at once (evictions stop, taints lifted: every
  // node's queue membership changes, quiet or not) and back at different instants, a partition.
  // The digest is that of the implementation before passes skipped quiet nodes (f0e0ca9), whose
  // reports were those of polling.
  it('zone disruption states, every zone down at once, and a partition', () => {
    const faults: Fault[] = [
      { kind: 'zoneOutage', at: 1 * H, target: { zone: 'zone-a' }, for: 600 * S },
      { kind: 'nodeCrash', at: 5000 * S, target: { zone: 'zone-b', count: 3 }, for: 1200 * S },
      { kind: 'zoneOutage', at: 9000 * S, target: { zone: 'zone-a' }, for: 600 * S },
      { kind: 'zoneOutage', at: 9000 * S, target: { zone: 'zone-b' }, for: 900 * S },
      { kind: 'zoneOutage', at: 9002 * S, target: { zone: 'zone-c' }, for: 1200 * S },
      { kind: 'networkPartition', at: 12000 * S, target: { zone: 'zone-c', count: 2 }, for: 120 * S },
    ];
    const nodePools = scenario.nodePools.map((p) => ({ ...p, count: 12 }));
    const run = createRun({ ...input, scenario: { ...scenario, faults, nodePools } });
    expect(reportDigest(run)).toBe('3b3c2a779bf42a8e');
  });

  // The cost side: a pass reads the Lease of each node it visits. While one node of 50 is down and
  // not yet tainted, each pass visits that node alone; a pass over every node would read 50 Leases.
  it('while one node of 50 is down, each pass visits only that node', () => {
    const c = makeCluster({ pools: [pool({ count: 50 })], duration: 2 * H });
    c.crash('p-7', 1000 * S);
    let reads = 0;
    const read = c.cluster.lease.bind(c.cluster);
    c.sim.run(1000 * S);
    c.cluster.lease = (name: string) => {
      reads++;
      return read(name);
    };
    c.sim.run(1040 * S); // eight passes, before the node goes Unknown
    expect(c.cluster.node('p-7')?.ready).toBe('True');
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(8 * 2); // its own visit and its quiet check, per pass
  });
});

describe('a healthy cluster costs no event per simulated second', () => {
  it('50 nodes for 30 days process exactly the events of one day', () => {
    const events = (days: number) => {
      const c = makeCluster({ pools: [pool({ count: 50 })], duration: days * 24 * H });
      return c.run.finish().eventsFired;
    };
    expect(events(30)).toBe(events(1));
  });
});

// The upstream timings, from the crash times alone (node_lifecycle_controller.go monitorNodeHealth,
// tryUpdateNodeHealth, processTaintBaseEviction, doNoExecuteTaintingPass; kubelet nodelease):
// renewals at boot + k × 10 s; a pass (every 5 s) sees a renewal at its instant or before; Unknown on
// the first pass more than the grace period after the pass that saw the last renewal before the stop
// (the renewal due at the stop's instant is lost, except the first one after the boot at 0, whose
// timer was armed before the test scheduled the stop); the unreachable NoExecute taint on the next
// pass, when the zone's tainter runs 100 ms later; Ready again on the first pass at or after the
// restart's renewal, and the NoExecute taint removed on that pass (kubesim's stand-in for the kubelet
// posting Ready: the pass sees the node Ready at once).
describe('node transitions at the upstream timings, for any outage schedule', () => {
  const grace = nodeMonitorGracePeriod(36);
  const pass = (t: Micros) => Math.max(1, Math.ceil(t / NODE_MONITOR_PERIOD)) * NODE_MONITOR_PERIOD;

  interface Outage {
    node: number;
    at: Micros;
    for: Micros;
    kubeletOnly: boolean;
  }

  function expected(outages: Outage[]): string[] {
    const bootedAt = new Map<number, Micros>();
    const out: string[] = [];
    for (const o of outages) {
      const boot = bootedAt.get(o.node) ?? 0;
      const ticks = Math.floor((o.at - 1 - boot) / LEASE_RENEW_INTERVAL);
      const firstTickWins = boot === 0 && o.at === LEASE_RENEW_INTERVAL;
      const last = firstTickWins ? o.at : boot + ticks * LEASE_RENEW_INTERVAL;
      const unknownAt = pass(pass(last) + grace + 1);
      const restart = o.at + o.for;
      bootedAt.set(o.node, restart);
      if (restart <= unknownAt) continue;
      const name = `p-${o.node}`;
      out.push(`${unknownAt} ${name} Unknown`);
      const taintAt = unknownAt + NODE_MONITOR_PERIOD + NODE_EVICTION_PERIOD;
      const readyAt = pass(restart);
      if (readyAt > taintAt) out.push(`${taintAt} ${name} tainted`);
      out.push(`${readyAt} ${name} True`);
      if (readyAt > taintAt) out.push(`${readyAt} ${name} untainted`);
    }
    return out;
  }

  function observed(outages: Outage[], until: Micros): string[] {
    const c = makeCluster({ duration: until });
    for (const o of outages) {
      const set = (up: boolean) =>
        o.kubeletOnly
          ? c.truth.setKubeletRunning(`p-${o.node}`, up)
          : c.truth.setMachineUp(`p-${o.node}`, up);
      c.sim.scheduleAt(o.at, () => set(false));
      c.sim.scheduleAt(o.at + o.for, () => set(true));
    }
    const seen: string[] = [];
    c.cluster.watch((e) => {
      if (e.type !== 'NodeUpdated') return;
      const at = c.sim.now;
      if (e.node.ready !== e.old.ready) seen.push(`${at} ${e.node.name} ${e.node.ready}`);
      const noExecute = (taints: typeof e.node.taints) =>
        taints.some((t) => t.key === TAINT_NODE_UNREACHABLE && t.effect === 'NoExecute');
      if (noExecute(e.node.taints) && !noExecute(e.old.taints)) seen.push(`${at} ${e.node.name} tainted`);
      if (!noExecute(e.node.taints) && noExecute(e.old.taints)) seen.push(`${at} ${e.node.name} untainted`);
    });
    c.run.finish();
    return seen;
  }

  // Instants on the 5 s grid half of the time (where renewals and passes fall), any µs otherwise.
  const instant = fc.oneof(
    fc.integer({ min: 1, max: 400 }).map((k) => k * 5 * S),
    fc.integer({ min: S, max: 2000 * S }),
  );
  const outage = fc.record({
    node: fc.integer({ min: 0, max: 2 }),
    gap: instant,
    for: fc.oneof(instant, fc.constantFrom(5 * S, 10 * S, 49 * S, 55 * S)),
    kubeletOnly: fc.boolean(),
  });

  it('matches on outages one after another, 10 minutes apart', () => {
    fc.assert(
      fc.property(fc.array(outage, { minLength: 1, maxLength: 4 }), (drawn) => {
        // Each outage starts `gap` after the previous one has settled (restart + 10 min), so zones and
        // rate limiters are back to normal and the expected times follow from this node alone.
        const outages: Outage[] = [];
        let t = 0;
        for (const d of drawn) {
          const at = t + d.gap;
          outages.push({ node: d.node, at, for: d.for, kubeletOnly: d.kubeletOnly });
          t = at + d.for + 600 * S;
        }
        expect(observed(outages, t)).toEqual(expected(outages));
      }),
      { numRuns: 60 },
    );
  });
});
