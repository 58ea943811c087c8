import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JOB_COMPLETION_INDEX,
  type JobPod,
  type JobTracking,
  syncJob,
} from '../../src/controllers/job-sync.js';
import type { Job } from '../../src/model/job.js';
import type { PodPhase } from '../../src/model/pod.js';
import { podSpec } from './harness.js';

const S = 1_000_000;
const NOW = 1_000 * S;

function job(o: Partial<Job> & { completions?: number | undefined } = {}): Job {
  return {
    kind: 'Job',
    namespace: 'default',
    name: 'foobar',
    labels: {},
    parallelism: 1,
    completions: 1,
    completionMode: 'NonIndexed',
    // upstream's test Jobs leave backoffLimit at the value each case gives (0 when unset).
    backoffLimit: 0,
    suspend: false,
    template: { labels: {}, spec: podSpec({ restartPolicy: 'Never' }) },
    ...o,
  };
}

let uid = 0;
function pod(phase: PodPhase, o: Partial<JobPod> & { index?: number } = {}): JobPod {
  const { index, ...rest } = o;
  return {
    uid: ++uid,
    phase,
    ready: false,
    nodeName: phase === 'Pending' ? undefined : 'n',
    createdAt: 0,
    ...(index === undefined ? {} : { annotations: { [JOB_COMPLETION_INDEX]: String(index) } }),
    ...rest,
  };
}

const many = (n: number, make: () => JobPod): JobPod[] => Array.from({ length: n }, make);
const fresh = (): JobTracking => ({ counted: new Set(), backoff: { failuresAfterLastSuccess: 0 } });

interface Case {
  parallelism: number;
  /** -1: a work-queue Job (completions unset), as upstream's table writes it. */
  completions: number;
  backoffLimit: number;
  completionMode?: Job['completionMode'];
  pods: JobPod[];
  tracking?: JobTracking;
  expectedCreations: number;
  expectedDeletions: number;
  expectedActive: number;
  expectedReady?: number;
  expectedSucceeded: number;
  expectedFailed: number;
  expectedCondition?: [string, string];
  expectedCreatedIndexes?: number[];
  expectedCompletedIdxs?: number[];
}

// pkg/controller/job/job_controller_test.go TestControllerSyncJob (kubernetes v1.36): the cases that
// concern what kubesim simulates (no pod failure policy, no success policy, default podReplacementPolicy),
// with their upstream names. Pending/active/succeeded/failed pod counts become pod lists.
const cases: Record<string, Case> = {
  'job start': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: [],
    expectedCreations: 2,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'WQ job start': {
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    pods: [],
    expectedCreations: 2,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'pending pods': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: many(2, () => pod('Pending')),
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'correct # of pods': {
    parallelism: 3,
    completions: 5,
    backoffLimit: 6,
    pods: [...many(2, () => pod('Running', { ready: true })), pod('Running')],
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 3,
    expectedReady: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'WQ job: correct # of pods': {
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    pods: many(2, () => pod('Running')),
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'too few active pods': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: [pod('Running'), pod('Succeeded')],
    expectedCreations: 1,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedFailed: 0,
  },
  'too few active pods and active back-off': {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    pods: [],
    tracking: { counted: new Set(), backoff: { failuresAfterLastSuccess: 1, lastFailureTime: NOW } },
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 0,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'too few active pods and no back-offs': {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    pods: [],
    tracking: { counted: new Set(), backoff: { failuresAfterLastSuccess: 0, lastFailureTime: NOW } },
    expectedCreations: 1,
    expectedDeletions: 0,
    expectedActive: 1,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'too few active pods with a dynamic job': {
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    pods: [pod('Running')],
    expectedCreations: 1,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'too many active pods': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: many(3, () => pod('Running')),
    expectedCreations: 0,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'count ready pods when too many active pods': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: many(3, () => pod('Running', { ready: true })),
    expectedCreations: 0,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedReady: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'failed + succeed pods: reset backoff delay': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: [pod('Running'), pod('Succeeded', { finishedAt: NOW }), pod('Failed', { finishedAt: NOW - S })],
    expectedCreations: 1,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedFailed: 1,
  },
  'new failed pod': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: [pod('Running'), pod('Failed', { finishedAt: NOW - 60 * S })],
    expectedCreations: 1,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 1,
  },
  'job finish': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: many(5, () => pod('Succeeded')),
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 0,
    expectedSucceeded: 5,
    expectedFailed: 0,
    expectedCondition: ['Complete', 'CompletionsReached'],
  },
  'WQ job finishing': {
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    pods: [pod('Running'), pod('Succeeded')],
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 1,
    expectedSucceeded: 1,
    expectedFailed: 0,
  },
  'WQ job all finished': {
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    pods: many(2, () => pod('Succeeded')),
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 0,
    expectedSucceeded: 2,
    expectedFailed: 0,
    expectedCondition: ['Complete', 'CompletionsReached'],
  },
  'WQ job all finished despite one failure': {
    parallelism: 2,
    completions: -1,
    backoffLimit: 6,
    pods: [pod('Succeeded'), pod('Failed')],
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 0,
    expectedSucceeded: 1,
    expectedFailed: 1,
    expectedCondition: ['Complete', 'CompletionsReached'],
  },
  'more active pods than parallelism': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: many(10, () => pod('Running')),
    expectedCreations: 0,
    expectedDeletions: 8,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
  },
  'more active pods than remaining completions': {
    parallelism: 3,
    completions: 4,
    backoffLimit: 6,
    pods: [...many(3, () => pod('Running')), ...many(2, () => pod('Succeeded'))],
    expectedCreations: 0,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedSucceeded: 2,
    expectedFailed: 0,
  },
  'status change': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    pods: [...many(2, () => pod('Running')), ...many(2, () => pod('Succeeded'))],
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 2,
    expectedFailed: 0,
  },
  'too many job failures': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 0,
    pods: [pod('Failed')],
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 0,
    expectedSucceeded: 0,
    expectedFailed: 1,
    expectedCondition: ['Failed', 'BackoffLimitExceeded'],
  },
  'indexed job start': {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    completionMode: 'Indexed',
    pods: [],
    expectedCreations: 2,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedSucceeded: 0,
    expectedFailed: 0,
    expectedCreatedIndexes: [0, 1],
  },
  'indexed job completed': {
    parallelism: 2,
    completions: 3,
    backoffLimit: 6,
    completionMode: 'Indexed',
    pods: [
      pod('Succeeded', { index: 0 }),
      pod('Failed', { index: 1 }),
      pod('Succeeded', { index: 1 }),
      pod('Succeeded', { index: 2 }),
    ],
    expectedCreations: 0,
    expectedDeletions: 0,
    expectedActive: 0,
    expectedSucceeded: 3,
    expectedFailed: 1,
    expectedCompletedIdxs: [0, 1, 2],
    expectedCondition: ['Complete', 'CompletionsReached'],
  },
  'indexed job failed': {
    parallelism: 2,
    completions: 3,
    backoffLimit: 0,
    completionMode: 'Indexed',
    pods: [pod('Succeeded', { index: 0 }), pod('Failed', { index: 1 }), pod('Running', { index: 2 })],
    expectedCreations: 0,
    expectedDeletions: 1,
    expectedActive: 0,
    expectedSucceeded: 1,
    expectedFailed: 2,
    expectedCompletedIdxs: [0],
    expectedCondition: ['Failed', 'BackoffLimitExceeded'],
  },
};

describe('syncJob (upstream TestControllerSyncJob)', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const j = job({
        parallelism: c.parallelism,
        completions: c.completions < 0 ? undefined : c.completions,
        backoffLimit: c.backoffLimit,
        completionMode: c.completionMode ?? 'NonIndexed',
      });
      const r = syncJob(j, c.pods, c.tracking ?? fresh(), NOW);
      expect(r.create.length).toBe(c.expectedCreations);
      expect(r.delete.length).toBe(c.expectedDeletions);
      expect(r.status.active).toBe(c.expectedActive);
      expect(r.status.ready).toBe(c.expectedReady ?? 0);
      expect(r.status.succeeded).toBe(c.expectedSucceeded);
      expect(r.status.failed).toBe(c.expectedFailed);
      if (c.expectedCreatedIndexes) expect(r.create).toEqual(c.expectedCreatedIndexes);
      if (c.expectedCompletedIdxs) expect(r.status.completedIndexes).toEqual(c.expectedCompletedIdxs);
      const finished = r.status.conditions.find((x) => x.type === 'Complete' || x.type === 'Failed');
      expect(finished ? [finished.type, finished.reason] : undefined).toEqual(c.expectedCondition);
    });
  }
});

describe('syncJob beyond the upstream table', () => {
  it('fails a Job once activeDeadlineSeconds has passed since startTime, deleting its pods', () => {
    const j = job({ parallelism: 2, completions: 4, backoffLimit: 6, activeDeadlineSeconds: 30 });
    j.status = {
      startTime: NOW - 30 * S,
      active: 2,
      ready: 0,
      succeeded: 0,
      failed: 0,
      completedIndexes: [],
      conditions: [],
    };
    const r = syncJob(
      j,
      many(2, () => pod('Running')),
      fresh(),
      NOW,
    );
    expect(r.status.conditions.map((c) => c.reason)).toEqual(['DeadlineExceeded']);
    expect(r.delete.length).toBe(2);
    expect(r.status.failed).toBe(2);
  });

  it('asks to sync again when the back-off or the deadline ends, whichever is first', () => {
    const j = job({ parallelism: 1, completions: 1, backoffLimit: 6, activeDeadlineSeconds: 600 });
    const tracking: JobTracking = {
      counted: new Set(),
      backoff: { failuresAfterLastSuccess: 2, lastFailureTime: NOW - 5 * S },
    };
    const r = syncJob(j, [], tracking, NOW);
    expect(r.create).toEqual([]);
    expect(r.requeueAfter).toBe(15 * S);
  });

  it('counts restarts of OnFailure pods toward backoffLimit (pastBackoffLimitOnFailure)', () => {
    const spec = podSpec({ restartPolicy: 'OnFailure' });
    const j = job({ parallelism: 1, completions: 1, backoffLimit: 2, template: { labels: {}, spec } });
    expect(syncJob(j, [pod('Running', { restartCount: 1 })], fresh(), NOW).status.conditions).toEqual([]);
    expect(syncJob(j, [pod('Running', { restartCount: 2 })], fresh(), NOW).status.conditions[0]?.reason).toBe(
      'BackoffLimitExceeded',
    );
  });

  it('deletes the active pods of a suspended Job without counting them as failures', () => {
    const j = job({ parallelism: 2, completions: 4, backoffLimit: 6, suspend: true });
    const r = syncJob(
      j,
      many(2, () => pod('Running')),
      fresh(),
      NOW,
    );
    expect([r.delete.length, r.status.failed, r.status.active]).toEqual([2, 0, 0]);
    expect(r.status.conditions.map((c) => c.type)).toEqual(['Suspended']);
  });

  it('counts a pod deleted before it succeeded as failed, once', () => {
    const j = job({ parallelism: 1, completions: 1, backoffLimit: 6 });
    const tracking = fresh();
    const gone = pod('Running', { deletionTimestamp: NOW - S });
    j.status = syncJob(j, [gone], tracking, NOW).status;
    expect(j.status.failed).toBe(1);
    expect(syncJob(j, [gone], tracking, NOW + S).status.failed).toBe(1);
  });

  it('recreates a failed index of an Indexed Job at the lowest pending index', () => {
    const j = job({ parallelism: 2, completions: 4, backoffLimit: 6, completionMode: 'Indexed' });
    const r = syncJob(
      j,
      [
        pod('Succeeded', { index: 0 }),
        pod('Failed', { index: 1, finishedAt: 0 }),
        pod('Running', { index: 2 }),
      ],
      fresh(),
      NOW,
    );
    expect(r.create).toEqual([1]);
  });

  it('never asks for more active pods than parallelism, nor more than the completions left', () => {
    const phases: PodPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 15 }),
        fc.boolean(),
        fc.array(fc.constantFrom(...phases), { maxLength: 30 }),
        (parallelism, completions, indexed, podPhases) => {
          const j = job({
            parallelism,
            completions,
            backoffLimit: 1000,
            completionMode: indexed ? 'Indexed' : 'NonIndexed',
          });
          const pods = podPhases.map((p, i) => pod(p, indexed ? { index: i % completions } : {}));
          const r = syncJob(j, pods, fresh(), NOW);
          const left = completions - r.status.succeeded;
          if (r.status.conditions.length === 0) {
            expect(r.status.active).toBeLessThanOrEqual(parallelism);
            expect(r.status.active).toBeLessThanOrEqual(Math.max(0, left));
          } else expect(r.status.active).toBe(0);
          if (indexed) expect(new Set(r.create).size).toBe(r.create.length);
        },
      ),
    );
  });
});
