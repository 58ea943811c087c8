import { describe, expect, it } from 'vitest';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';

const S = MICROS_PER_SECOND;

function load(faults: string, cluster = '') {
  return loadText(
    `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  duration: 1h
  cluster:
    zones: [a, b]
    nodePools: [{name: gp, cpu: 2, memory: 4Gi, count: 4}]${cluster}
  faults:
${faults}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web}]}
`,
    's.yaml',
  );
}

const lines = (r: ReturnType<typeof load>) => r.diagnostics.map(formatDiagnostic);

describe('zone, partition, slowdown, control-plane and random fault kinds in the Scenario', () => {
  it('reads each kind with its defaults, and spec.cluster.controlPlane', () => {
    const r = load(
      `  - {at: 1m, kind: zoneOutage, target: {zone: a}, for: 10m}
  - {at: 2m, kind: zoneOutage, zone: b}
  - {at: 3m, kind: networkPartition, target: {pool: gp, zone: b}, for: 5m}
  - {at: 4m, kind: slowNode, target: {node: gp-1}, factor: 3}
  - {at: 5m, kind: controlPlaneMemberLoss, count: 2, for: 30m}
  - {kind: nodeFailures, target: {pool: gp}, mtbf: 100h, mttr: 10h}
  - {kind: zoneFailures, at: 10m, mtbf: {uniform: {min: 10h, max: 30h}}, mttr: {constant: 1h}, for: 20m}
`,
      '\n    controlPlane: {members: 3}',
    );
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(lines(r)).toEqual([
      's.yaml:14:20: Scenario "s": spec.faults[3].kind: slowNode slows the requests pods serve, and the Scenario has no workload (spec.workload): it changes nothing',
    ]);
    const faults = r.input.scenario?.faults ?? [];
    expect(faults.slice(0, 5)).toEqual([
      { kind: 'zoneOutage', at: 60 * S, target: { zone: 'a' }, for: 600 * S },
      { kind: 'zoneOutage', at: 120 * S, target: { zone: 'b' } },
      { kind: 'networkPartition', at: 180 * S, target: { pool: 'gp', zone: 'b' }, for: 300 * S },
      { kind: 'slowNode', at: 240 * S, target: { node: 'gp-1' }, factor: 3 },
      { kind: 'controlPlaneMemberLoss', at: 300 * S, count: 2, for: 1800 * S },
    ]);
    expect(faults[5]).toMatchObject({ kind: 'nodeFailures', at: 0, target: { pool: 'gp' } });
    const random = faults[5]?.kind === 'nodeFailures' ? faults[5] : undefined;
    expect(random?.mtbf.mean).toBe(100 * 3600 * S);
    expect(random?.mtbf.description).toMatch(/exponential/);
    expect(random?.mttr.mean).toBe(10 * 3600 * S);
    const zones = faults[6]?.kind === 'zoneFailures' ? faults[6] : undefined;
    expect(zones).toMatchObject({ at: 600 * S, target: {}, for: 1200 * S });
    expect(zones?.mtbf.mean).toBe(20 * 3600 * S);
    expect(zones?.mttr.mean).toBe(3600 * S);
    expect(r.input.scenario?.controlPlane).toEqual({ members: 3, zones: ['a', 'b'] });
  });

  it('unknown targets, for <= 0, non-positive MTBF or MTTR and too many members are errors at their lines', () => {
    const r = load(`  - {at: 1m, kind: zoneOutage, target: {zone: c}, for: 10m}
  - {at: 1m, kind: zoneOutage, for: 10m}
  - {at: 1m, kind: networkPartition, target: {node: gp-7}, for: 0s}
  - {at: 1m, kind: slowNode, target: {pool: gq}, factor: 0.5}
  - {at: 1m, kind: controlPlaneMemberLoss, count: 2}
  - {kind: nodeFailures, target: {zone: z}, mtbf: 0s, mttr: -1h}
  - {kind: zoneFailures, mtbf: {constant: 0s}, mttr: 1h}
`);
    expect(r.ok).toBe(false);
    expect(lines(r)).toMatchInlineSnapshot(`
      [
        "s.yaml:10:47: Scenario "s": spec.faults[0].target.zone: no zone named "c" (not in cluster.zones nor on any Node's topology.kubernetes.io/zone label)",
        "s.yaml:11:5: Scenario "s": spec.faults[1]: expected the zone as target: {zone: <zone>} (or zone: beside kind), once",
        "s.yaml:12:65: Scenario "s": spec.faults[2].for: expected a duration > 0 such as "90s", "1h30m" or "250ms", got "0s"",
        "s.yaml:13:58: Scenario "s": spec.faults[3].factor: expected a number >= 1, got 0.5",
        "s.yaml:14:51: Scenario "s": spec.faults[4].count: the fault loses 2 control-plane members but spec.cluster.controlPlane has 1 (the default)",
        "s.yaml:15:41: Scenario "s": spec.faults[5].target.zone: no zone named "z" (not in cluster.zones nor on any Node's topology.kubernetes.io/zone label)",
        "s.yaml:15:51: Scenario "s": spec.faults[5].mtbf: expected a duration > 0 such as "90s", "1h30m" or "250ms", got "0s"",
        "s.yaml:15:61: Scenario "s": spec.faults[5].mttr: expected a duration > 0 such as "90s", "1h30m" or "250ms", got "-1h"",
        "s.yaml:16:32: Scenario "s": spec.faults[6].mtbf: mtbf must be a positive duration or a distribution with a positive mean: current mean is 0µs",
      ]
    `);
  });

  it('overlapping faults that contradict each other on one node are errors naming both', () => {
    const r = load(`  - {at: 1m, kind: kubeletStop, target: {node: gp-0}, for: 10m}
  - {at: 5m, kind: nodeCrash, target: {node: gp-0}, for: 1m}
  - {at: 20m, kind: zoneOutage, target: {zone: a}, for: 10m}
  - {at: 25m, kind: nodeReboot, target: {node: gp-2}}
  - {at: 40m, kind: kubeletStop, target: {node: gp-1}}
  - {at: 50m, kind: kubeletStop, target: {node: gp-1}, for: 1m}
  - {at: 45m, kind: nodeCrash, target: {node: gp-3}, for: 20m}
  - {at: 50m, kind: zoneOutage, target: {zone: b}, for: 5m}
`);
    expect(lines(r)).toMatchInlineSnapshot(`
      [
        "s.yaml:11:5: Scenario "s": spec.faults[1]: this nodeCrash overlaps spec.faults[0] (kubeletStop at 1m0s, line 10) on node "gp-0": a machine that goes down stops its kubelet, and boots with it running, so the kubeletStop would be lost or cut short; make them apart in time",
        "s.yaml:13:5: Scenario "s": spec.faults[3]: this nodeReboot overlaps spec.faults[2] (zoneOutage at 20m0s, line 12) on node "gp-2": the node is down then (a crash hits nodes that are up), so this fault would do nothing; make them apart in time",
        "s.yaml:15:5: Scenario "s": spec.faults[5]: this kubeletStop overlaps spec.faults[4] (kubeletStop at 40m0s, line 14) on node "gp-1": the first to end would start the kubelet the other keeps stopped; make them one fault or apart in time",
        "s.yaml:17:5: Scenario "s": spec.faults[7]: this zoneOutage overlaps spec.faults[4] (kubeletStop at 40m0s, line 14) on node "gp-1": a machine that goes down stops its kubelet, and boots with it running, so the kubeletStop would be lost or cut short; make them apart in time",
      ]
    `);
  });

  // The check compares each fault with the earlier ones still lasting: a long fault stays compared
  // however many short ones come and go after it.
  it('an overlap is found behind many faults that ended, naming the long fault it meets', () => {
    const crashes = Array.from(
      { length: 40 },
      (_, k) => `  - {at: ${2 + k}m, kind: nodeCrash, target: {node: gp-1}, for: 10s}\n`,
    ).join('');
    const r = load(
      `  - {at: 1m, kind: kubeletStop, target: {node: gp-0}, for: 50m}\n${crashes}  - {at: 45m, kind: kubeletStop, target: {node: gp-0}, for: 1m}\n`,
    );
    expect(lines(r)).toEqual([
      's.yaml:51:5: Scenario "s": spec.faults[41]: this kubeletStop overlaps spec.faults[0] (kubeletStop at 1m0s, line 10) on node "gp-0": the first to end would start the kubelet the other keeps stopped; make them one fault or apart in time',
    ]);
  });

  it('controlPlane: members or nodes, zones among the cluster zones', () => {
    expect(
      load('    []\n', '\n    controlPlane: {nodes: 5, zones: [a]}').input.scenario?.controlPlane,
    ).toEqual({
      members: 5,
      zones: ['a'],
    });
    expect(
      lines(load('    []\n', '\n    controlPlane: {members: 3, nodes: 5, zones: [c]}')),
    ).toMatchInlineSnapshot(`
      [
        "s.yaml:9:39: Scenario "s": spec.cluster.controlPlane.nodes: members (3) and nodes (5) say the same thing differently: give one of them",
        "s.yaml:9:50: Scenario "s": spec.cluster.controlPlane.zones[0]: zone "c" is not one of cluster.zones ("a", "b")",
      ]
    `);
    expect(load('    []\n').input.scenario?.controlPlane).toBeUndefined();
  });
});
