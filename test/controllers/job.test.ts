import { describe, expect, it } from 'vitest';
import { JOB_COMPLETION_INDEX } from '../../src/controllers/job-sync.js';
import { loadText } from '../../src/manifests/load.js';
import type { Pod } from '../../src/model/pod.js';
import { createRun } from '../../src/sim/run.js';

const S = 1_000_000;

/** A Scenario with one 4-CPU node, startup 10 s, and one Job of 1-CPU pods. */
function scenario(jobSpec: string, jobsEntry: string, extra = ''): string {
  return `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: jobs}
spec:
  duration: 2h
  cluster:
    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 1, pricePerHour: 0.36}]
  jobs:
    work: ${jobsEntry}
${extra}
---
apiVersion: batch/v1
kind: Job
metadata: {name: work}
spec:
${jobSpec}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, resources: {requests: {cpu: "1", memory: 1Gi}}}]
`;
}

function load(text: string) {
  const r = loadText(text, 'jobs.yaml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.input;
}

function jobPods(run: ReturnType<typeof createRun>): Pod[] {
  const seen: Pod[] = [];
  run.cluster.watch((e) => {
    if (e.type === 'PodAdded' && e.pod.owner?.kind === 'Job') seen.push(e.pod);
  });
  return seen;
}

describe('Job controller in a run', () => {
  it('runs an Indexed Job: one pod per index, each annotated, all indexes complete', () => {
    const run = createRun(
      load(
        scenario(
          '  completions: 6\n  parallelism: 2\n  completionMode: Indexed',
          '{duration: {constant: 60s}}',
        ),
      ),
    );
    const pods = jobPods(run);
    const result = run.finish();
    const indexes = pods.map((p) => Number(p.annotations?.[JOB_COMPLETION_INDEX]));
    expect(indexes).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pods.every((p) => p.labels[JOB_COMPLETION_INDEX] === p.annotations?.[JOB_COMPLETION_INDEX])).toBe(
      true,
    );
    expect(pods.every((p) => p.name.startsWith(`work-${p.annotations?.[JOB_COMPLETION_INDEX]}-`))).toBe(true);
    const job = result.batch?.jobs[0];
    expect(job?.condition).toBe('Complete');
    // Three waves of two pods, each 10 s start-up + 60 s run, each wave created by the sync one batch
    // period (1 s) after the previous one ended: 70, 141, 212 s; the Job completes at 213 s.
    expect(job?.finishedAt).toBe(213 * S);
    expect([...run.cluster.jobs][0]?.status?.completedIndexes).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fails a Job after backoffLimit + 1 failed pods, waiting 10 s, 20 s between them', () => {
    const run = createRun(
      load(scenario('  backoffLimit: 2', '{duration: {constant: 30s}, failureProbability: 1}')),
    );
    const pods = jobPods(run);
    const result = run.finish();
    expect(pods.length).toBe(3);
    // Each pod: 10 s start-up + 30 s run, then the back-off before the next one (10 s, then 20 s).
    expect(pods.map((p) => p.createdAt / S)).toEqual([0, 50, 110]);
    expect(pods.map((p) => p.phase)).toEqual(['Failed', 'Failed', 'Failed']);
    expect(result.batch?.jobs[0]).toMatchObject({
      condition: 'Failed',
      reason: 'BackoffLimitExceeded',
      failed: 3,
    });
  });

  it('never runs more pods of a Job at once than its parallelism', () => {
    const run = createRun(
      load(
        scenario(
          '  completions: 20\n  parallelism: 3',
          '{duration: {exponential: {mean: 40s}}, failureProbability: 0.2}',
        ),
      ),
    );
    let active = 0;
    let most = 0;
    const counted = new Set<Pod>();
    run.cluster.watch((e) => {
      if (e.type === 'PodAdded' && e.pod.owner?.kind === 'Job') {
        active++;
        counted.add(e.pod);
        most = Math.max(most, active);
      } else if (
        (e.type === 'PodUpdated' && (e.pod.phase === 'Succeeded' || e.pod.phase === 'Failed')) ||
        e.type === 'PodDeleted'
      ) {
        if (counted.delete(e.pod)) active--;
      }
    });
    const result = run.finish();
    expect(most).toBe(3);
    expect(result.batch?.jobs[0]?.succeeded).toBe(20);
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished after it finished', () => {
    const run = createRun(load(scenario('  ttlSecondsAfterFinished: 100', '{duration: {constant: 20s}}')));
    // Done at 30 s, Complete at the sync 1 s later, deleted 100 s after that.
    run.advance(130 * S);
    expect(run.cluster.jobs.next().done).toBe(false);
    run.advance(132 * S);
    expect([...run.cluster.jobs]).toEqual([]);
    run.advance(200 * S);
    expect([...run.cluster.pods].filter((p) => p.owner?.kind === 'Job')).toEqual([]);
    expect(run.finish().batch?.jobs[0]?.condition).toBe('Complete');
  });

  it('fails a Job that runs past activeDeadlineSeconds, killing its pod', () => {
    const run = createRun(load(scenario('  activeDeadlineSeconds: 60', '{duration: {constant: 10m}}')));
    const result = run.finish();
    expect(result.batch?.jobs[0]).toMatchObject({
      condition: 'Failed',
      reason: 'DeadlineExceeded',
      finishedAt: 60 * S,
    });
  });

  it('suspends a Job (its pods deleted, not failed) and resumes it with a new startTime', () => {
    const run = createRun(
      load(scenario('  completions: 4\n  parallelism: 2', '{duration: {constant: 10m}}')),
    );
    run.advance(60 * S);
    expect(run.api.updateJob('default/work', (j) => (j.suspend = true)).ok).toBe(true);
    run.advance(120 * S);
    const job = () => [...run.cluster.jobs][0];
    expect(job()?.status).toMatchObject({ active: 0, failed: 0 });
    expect(job()?.status?.startTime).toBeUndefined();
    expect(job()?.status?.conditions.map((c) => c.type)).toEqual(['Suspended']);
    run.api.updateJob('default/work', (j) => (j.suspend = false));
    run.advance(121 * S);
    expect(job()?.status).toMatchObject({ active: 2, startTime: 120 * S, conditions: [] });
  });

  it('counts a pod removed at once (force delete) as failed and replaces it', () => {
    const run = createRun(load(scenario('  backoffLimit: 6', '{duration: {constant: 10m}}')));
    const pods = jobPods(run);
    run.advance(60 * S);
    run.cluster.deletePod(pods[0] as Pod);
    run.advance(120 * S);
    const status = [...run.cluster.jobs][0]?.status;
    expect([status?.failed, status?.active, pods.length]).toEqual([1, 1, 2]);
  });

  it('restarts an OnFailure pod in place (CrashLoopBackOff) instead of creating a new one', () => {
    const text = scenario('  backoffLimit: 3', '{duration: {constant: 30s}, failureProbability: 1}').replace(
      'restartPolicy: Never',
      'restartPolicy: OnFailure',
    );
    const run = createRun(load(text));
    const pods = jobPods(run);
    const result = run.finish();
    expect(pods.length).toBe(1);
    expect(result.batch?.jobs[0]).toMatchObject({ condition: 'Failed', reason: 'BackoffLimitExceeded' });
  });
});

describe('Job manifests', () => {
  it('defaults parallelism, completions, backoffLimit and completionMode as SetDefaults_Job', () => {
    const input = load(scenario('  suspend: false', '{duration: {constant: 1s}}'));
    expect(input.jobs?.[0]).toMatchObject({
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
    });
    const wq = load(scenario('  parallelism: 4', '{duration: {constant: 1s}}'));
    expect(wq.jobs?.[0]?.completions).toBeUndefined();
  });

  it('refuses restartPolicy Always and Indexed without completions, naming file, line and field', () => {
    const r = loadText(
      scenario('  completionMode: Indexed', '{duration: {constant: 1s}}').replace(
        'restartPolicy: Never',
        'restartPolicy: Always',
      ),
      'jobs.yaml',
    );
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((e) => e.path)).toEqual([
      'Job "work": spec.completions',
      'Job "work": spec.template.spec.restartPolicy',
    ]);
    expect(errors.every((e) => e.file === 'jobs.yaml' && e.line > 0)).toBe(true);
  });

  it('warns about podFailurePolicy (not simulated) and a Job without a duration', () => {
    const r = loadText(
      scenario('  podFailurePolicy: {rules: []}', '{duration: {constant: 1s}}').replace(
        '  jobs:\n    work: {duration: {constant: 1s}}\n',
        '',
      ),
      'jobs.yaml',
    );
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    expect(warnings.some((w) => w.includes('spec.podFailurePolicy'))).toBe(true);
    expect(warnings.some((w) => w.includes('has no spec.jobs.work.duration'))).toBe(true);
  });

  it('refuses spec.jobs naming no Job, suggesting a close name', () => {
    const r = loadText(
      scenario('  parallelism: 1', '{duration: {constant: 1s}}').replace('    work: {', '    wrok: {'),
      'jobs.yaml',
    );
    expect(r.diagnostics.find((d) => d.severity === 'error')?.message).toContain('did you mean "work"');
  });
});
