import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePodTrace } from '../../src/batch/pod-trace-csv.js';
import { loadText } from '../../src/manifests/load.js';
import { createRun } from '../../src/sim/run.js';

const S = 1_000_000;

/** Loads a Scenario (one 4-CPU node at $0.36/h, no start-up time) replaying `csv` as its pod trace. */
function traceRun(csv: string, extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-trace-'));
  writeFileSync(join(dir, 'pods.csv'), csv);
  const file = join(dir, 'scenario.yaml');
  const r = loadText(
    `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: trace}
spec:
  duration: 1h
  cluster:
    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 1, pricePerHour: 0.36}]
  batch:
    podTrace: {file: pods.csv, startupTime: {constant: 0s}}
${extra}`,
    file,
  );
  return { r, file: join(dir, 'pods.csv') };
}

describe('pod arrival trace', () => {
  it('matches a hand computation on one node: pending times, makespan, utilisation, cost', () => {
    // A and B fill the node at 0. C (4 CPU) arrives at 10 s and D (1 CPU) at 20 s: neither fits.
    // A ends at 100 s: 2 CPU free, C still does not fit but D does (kube-scheduler is not FIFO: a
    // pod that fits is bound even if an older one waits) → D runs 100–110 s. B ends at 120 s → C runs
    // 120–170 s. Pending: A 0, B 0, C 110 s, D 80 s. Makespan 170 s. Requested CPU-seconds
    // 2·100 + 2·120 + 1·10 + 4·50 = 650 of 4·170 = 680 allocatable; cost 170 s × $0.36/h = $0.017.
    const { r } = traceRun(
      'time,cpu,memory,duration,priority\n0,2,1Gi,100,\n0,2,1Gi,120,\n10,4,1Gi,50,\n20,1,1Gi,10,\n',
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = createRun(r.input);
    const result = run.finish();
    const group = result.batch?.groups[0];
    expect(group).toMatchObject({ kind: 'PodTrace', pods: 4, succeeded: 4, failed: 0, pendingAtEnd: 0 });
    expect(group?.pendingTimes).toEqual([0, 0, 80 * S, 110 * S]);
    expect(group?.firstCreatedAt).toBe(0);
    expect(group?.lastFinishedAt).toBe(170 * S);
    expect(group?.requestedCpuMilliSeconds).toBeCloseTo(650_000, 6);
    expect(group?.allocatableCpuMilliSeconds).toBeCloseTo(680_000, 6);
    expect(group?.cost).toBeCloseTo(0.017, 9);
    const pods = [...run.cluster.pods].sort((a, b) => a.uid - b.uid);
    expect(pods.map((p) => p.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
    expect(pods.map((p) => p.spec.restartPolicy)).toEqual(['Never', 'Never', 'Never', 'Never']);
  });

  it('names a priority by PriorityClass or gives it as a number', () => {
    const { r } = traceRun(
      'time,cpu,memory,duration,priority\n0,1,1Gi,10,high\n0,1,1Gi,10,7\n0,1,1Gi,10,\n',
      `---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
preemptionPolicy: Never
`,
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rows = r.input.scenario?.batch?.podTrace?.rows ?? [];
    expect(rows.map((row) => [row.priority, row.priorityClassName, row.preemptionPolicy])).toEqual([
      [1000, 'high', 'Never'],
      [7, undefined, 'PreemptLowerPriority'],
      [0, undefined, 'PreemptLowerPriority'],
    ]);
  });

  it('reports every bad row at its file, line and column', () => {
    const { r, file } = traceRun(
      'time,cpu,memory,duration\n0,1,1Gi,10\n-1,1,1Gi,10\n5,lots,1Gi,10\n6,1,1Gi,0\n',
    );
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((e) => [e.file, e.line, e.column])).toEqual([
      [file, 3, 1],
      [file, 4, 3],
      [file, 5, 9],
    ]);
    expect(errors[1]?.message).toContain('column "cpu": expected a cpu quantity');
  });

  it('refuses a trace without a header naming the columns', () => {
    const { r, file } = traceRun('0,1,1Gi,10\n');
    const error = r.diagnostics.find((d) => d.severity === 'error');
    expect([error?.file, error?.line]).toEqual([file, 1]);
    expect(error?.message).toContain('the header has no column "time"');
  });

  it('creates pods in time order, ties in file order', () => {
    const { rows } = parsePodTrace(
      'time,cpu,memory,duration\n5,1,1Gi,1\n0,2,1Gi,1\n5,3,1Gi,1\n',
      { time: 'time', cpu: 'cpu', memory: 'memory', duration: 'duration', priority: 'priority' },
      () => undefined,
      { value: 0, preemptionPolicy: 'PreemptLowerPriority' },
    );
    expect(rows.map((row) => row.cpuMillis)).toEqual([2000, 1000, 3000]);
  });
});
