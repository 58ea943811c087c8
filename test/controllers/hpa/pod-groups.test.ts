import { describe, expect, it } from 'vitest';
import { groupPods } from '../../../src/controllers/hpa/pod-groups.js';
import type { HpaPod } from '../../../src/index.js';

// kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go TestGroupPods, the CPU
// cases this pod shape can express (not: memory, a pod without a Ready condition). Upstream's timings:
// 2 min cpu initialization period, 10 s initial readiness delay; windows as in each case.
const timings = (metricWindowSeconds = 60) => ({
  cpuInitializationPeriodSeconds: 120,
  initialReadinessDelaySeconds: 10,
  metricWindowSeconds,
});
const pod = (p: Partial<HpaPod> & { name: string }): HpaPod => ({
  phase: 'Succeeded',
  ready: true,
  requestMilliCpu: 100,
  usageMilliCpu: 1,
  ...p,
});

const cases: [string, HpaPod[], number, Record<string, string[]>][] = [
  ['void', [], 60, {}],
  [
    'count in a ready pod with fresh metrics during initialization period - CPU',
    [pod({ name: 'bentham', startedSecondsAgo: 60, readyChangedSecondsAgo: 30 })],
    30,
    { ready: ['bentham'] },
  ],
  [
    'unready a ready pod without fresh metrics during initialization period - CPU',
    [pod({ name: 'bentham', startedSecondsAgo: 60, readyChangedSecondsAgo: 30 })],
    60,
    { unready: ['bentham'] },
  ],
  [
    'unready an unready pod during initialization period - CPU',
    [pod({ name: 'lucretius', ready: false, startedSecondsAgo: 600, readyChangedSecondsAgo: 594 })],
    60,
    { unready: ['lucretius'] },
  ],
  [
    'count in a ready pod without fresh metrics after initialization period - CPU',
    [pod({ name: 'bentham', startedSecondsAgo: 180, readyChangedSecondsAgo: 180 })],
    60,
    { ready: ['bentham'] },
  ],
  [
    'count in an unready pod that was ready after initialization period - CPU',
    [pod({ name: 'lucretius', ready: false, startedSecondsAgo: 600, readyChangedSecondsAgo: 540 })],
    60,
    { ready: ['lucretius'] },
  ],
  [
    'unready pod that has never been ready after initialization period - CPU',
    [pod({ name: 'lucretius', ready: false, startedSecondsAgo: 600, readyChangedSecondsAgo: 590 })],
    60,
    { ready: ['lucretius'] },
  ],
  [
    'a missing pod',
    [pod({ name: 'epicurus', startedSecondsAgo: 180, usageMilliCpu: undefined })],
    60,
    { missing: ['epicurus'] },
  ],
  [
    'pending pods are unreadied',
    [pod({ name: 'unscheduled', phase: 'Pending', usageMilliCpu: undefined })],
    60,
    { unready: ['unscheduled'] },
  ],
  [
    'ignore pods with deletion timestamps',
    [pod({ name: 'deleted', phase: 'Pending', deleting: true })],
    60,
    { ignored: ['deleted'] },
  ],
  ['ignore pods in a failed state', [pod({ name: 'failed', phase: 'Failed' })], 60, { ignored: ['failed'] }],
];

describe('groupPods: upstream TestGroupPods cases', () => {
  it.each(cases)('%s', (_name, pods, window, want) => {
    const groups: Record<string, string[]> = {};
    for (const g of groupPods(pods, timings(window)))
      groups[g.group] = [...(groups[g.group] ?? []), g.pod.name];
    expect(groups).toEqual(want);
  });
});

describe('groupPods: the start-up rule at kubesim defaults', () => {
  const defaults = {
    cpuInitializationPeriodSeconds: 300,
    initialReadinessDelaySeconds: 30,
    metricWindowSeconds: 15,
  };
  it('leaves out a Ready pod whose Ready flip is younger than one metric window, inside the 5 min period', () => {
    const [g] = groupPods(
      [pod({ name: 'a', phase: 'Running', startedSecondsAgo: 100, readyChangedSecondsAgo: 10 })],
      defaults,
    );
    expect(g?.group).toBe('unready');
  });
  it('counts the same pod once a whole window has passed since it turned Ready', () => {
    const [g] = groupPods(
      [pod({ name: 'a', phase: 'Running', startedSecondsAgo: 100, readyChangedSecondsAgo: 15 })],
      defaults,
    );
    expect(g?.group).toBe('ready');
  });
  it('counts a pod started long ago (no start time given) whatever its readiness history', () => {
    const [g] = groupPods(
      [pod({ name: 'a', phase: 'Running', ready: false, readyChangedSecondsAgo: 5 })],
      defaults,
    );
    expect(g?.group).toBe('ready');
  });
  it('leaves out a not-Ready pod whose readiness never changed since it started', () => {
    const [g] = groupPods(
      [pod({ name: 'a', phase: 'Running', ready: false, startedSecondsAgo: 900 })],
      defaults,
    );
    expect(g?.group).toBe('unready');
  });
});
