import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseGrid } from '../../../src/planner/sweep/grid.js';
import { emitSweepJob, JobError } from '../../../src/planner/sweep/job.js';
import { mergeResultFiles, renderResults } from '../../../src/planner/sweep/merge.js';
import { runSweep } from '../../../src/planner/sweep/run.js';
import { runCli } from '../../cli/run-cli.js';
import { ensureBuilt, GRID, writeFixture } from './fixture.js';

// `kubesim sweep --emit-job`: the emitted YAML checked against the batch/v1 Job and v1 ConfigMap API
// (no OpenAPI document ships with kubesim or /work/shared/data, and the loader skips Job and
// ConfigMap, so the rules are written out below, each citing upstream), then run locally the way
// the Job controller would run its pods: one process per completion index, JOB_COMPLETION_INDEX set,
// the ConfigMap's items as files under the mount path; their logs merged equal the unsharded sweep.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => v as Obj;

// upstream: staging/src/k8s.io/api/batch/v1/types.go (JobSpec fields, v1.33).
const JOB_SPEC_FIELDS = new Set([
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'podFailurePolicy',
  'successPolicy',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'selector',
  'manualSelector',
  'template',
  'ttlSecondsAfterFinished',
  'completionMode',
  'suspend',
  'podReplacementPolicy',
  'managedBy',
]);
// upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (IsDNS1123Label, IsConfigMapKey).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** The Job API's rules that apply to what the emitter writes; returns every violation. */
function jobApiProblems(configMap: Obj, job: Obj): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  check(
    configMap.apiVersion === 'v1' && configMap.kind === 'ConfigMap',
    'ConfigMap: apiVersion v1, kind ConfigMap',
  );
  const cmName = obj(configMap.metadata).name as string;
  check(
    typeof cmName === 'string' && cmName.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(cmName),
    'ConfigMap: metadata.name a DNS subdomain',
  );
  const data = obj(configMap.data);
  for (const [k, v] of Object.entries(data)) {
    check(CONFIGMAP_KEY.test(k) && k.length <= 253, `ConfigMap: data key ${k} is [-._a-zA-Z0-9]+`);
    check(typeof v === 'string', `ConfigMap: data.${k} is a string`);
  }
  // upstream: pkg/apis/core/validation ValidateConfigMap: data totals at most 1 MiB.
  check(
    Object.values(data).reduce((n: number, v) => n + Buffer.byteLength(String(v)), 0) <= 1 << 20,
    'ConfigMap: data <= 1 MiB',
  );

  check(job.apiVersion === 'batch/v1' && job.kind === 'Job', 'Job: apiVersion batch/v1, kind Job');
  const name = obj(job.metadata).name as string;
  // The Job controller puts the name into the pods' job-name label (63 characters at most).
  check(
    typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name),
    'Job: metadata.name a DNS label',
  );
  const spec = obj(job.spec);
  for (const k of Object.keys(spec)) check(JOB_SPEC_FIELDS.has(k), `Job: spec.${k} is a JobSpec field`);
  // upstream: pkg/apis/batch/validation/validation.go validateJobSpec.
  check(spec.completionMode === 'Indexed', 'Job: spec.completionMode Indexed');
  check(
    Number.isInteger(spec.completions) && (spec.completions as number) >= 1,
    'Job: Indexed needs spec.completions',
  );
  check(
    Number.isInteger(spec.parallelism) &&
      (spec.parallelism as number) >= 0 &&
      (spec.parallelism as number) <= 100_000,
    'Job: parallelism <= 10^5 (maxParallelismForIndexedJob)',
  );
  check(spec.template !== undefined, 'Job: spec.template is required');
  const pod = obj(obj(spec.template).spec);
  check(
    ['Never', 'OnFailure'].includes(pod.restartPolicy as string),
    'Job: restartPolicy Never or OnFailure',
  );
  const containers = (pod.containers ?? []) as Obj[];
  check(containers.length >= 1, 'Pod: at least one container');
  const volumes = (pod.volumes ?? []) as Obj[];
  const volumeNames = volumes.map((v) => v.name as string);
  check(
    new Set(volumeNames).size === volumeNames.length && volumeNames.every((n) => DNS_LABEL.test(n)),
    'Pod: volume names unique DNS labels',
  );
  for (const c of containers) {
    check(typeof c.name === 'string' && DNS_LABEL.test(c.name), 'Container: name a DNS label');
    check(typeof c.image === 'string' && c.image !== '', 'Container: image');
    for (const e of (c.env ?? []) as Obj[])
      check(typeof e.name === 'string' && typeof e.value === 'string', 'EnvVar: name and value strings');
    const mounts = (c.volumeMounts ?? []) as Obj[];
    for (const m of mounts)
      check(volumeNames.includes(m.name as string), `VolumeMount ${String(m.name)} names a volume`);
    check(new Set(mounts.map((m) => m.mountPath)).size === mounts.length, 'VolumeMount: mountPaths unique');
  }
  for (const v of volumes) {
    if (!v.configMap) continue;
    const cm = obj(v.configMap);
    check(cm.name === cmName, 'configMap volume names the ConfigMap');
    for (const item of (cm.items ?? []) as Obj[]) {
      check((item.key as string) in data, `configMap item ${String(item.key)} is a key of the ConfigMap`);
      const path = item.path as string;
      // upstream: pkg/apis/core/validation validateLocalDescendingPath.
      check(
        !path.startsWith('/') && !path.split('/').includes('..'),
        `configMap item path ${path} is relative, without '..'`,
      );
    }
  }
  return problems;
}

const fixture = writeFixture();
let unsharded: string;

beforeAll(async () => {
  ensureBuilt();
  const grid = parseGrid(GRID, fixture.grid);
  unsharded = renderResults(
    (await runSweep({ grid, out: join(fixture.dir, 'unsharded.jsonl'), workers: 2 })).results,
  );
}, 300_000);

async function emitted(...args: string[]): Promise<{ configMap: Obj; job: Obj; text: string }> {
  const r = await runCli('sweep', fixture.grid, '--emit-job', ...args);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
  expect(docs).toHaveLength(2);
  return { configMap: docs[0] as Obj, job: docs[1] as Obj, text: r.stdout };
}

describe('kubesim sweep --emit-job', () => {
  it('writes an Indexed Job and its inputs ConfigMap that follow the Kubernetes API rules', async () => {
    const { configMap, job } = await emitted(
      '--shards',
      '3',
      '--parallelism',
      '2',
      '--image',
      'registry.example/kubesim:0.1.0',
    );
    expect(jobApiProblems(configMap, job)).toEqual([]);
    const spec = obj(job.spec);
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 2 });
    expect(obj(job.metadata).name).toBe('tiny-sweep');
    const container = (obj(obj(spec.template).spec).containers as Obj[])[0] as Obj;
    expect(container.image).toBe('registry.example/kubesim:0.1.0');
    expect((container.command as string[])[2]).toMatch(/--shard "\$shard\/3"/);
    expect(Object.values(obj(configMap.data))).toEqual([GRID, readFileSync(fixture.scenario, 'utf8')]);
  });

  it('catches a Job that breaks the rules (the checker can fail)', async () => {
    const { configMap, job } = await emitted();
    const spec = obj(job.spec);
    const broken = {
      ...job,
      spec: {
        ...spec,
        completions: undefined,
        template: { spec: { ...obj(obj(spec.template).spec), restartPolicy: 'Always' } },
      },
    };
    expect(jobApiProblems(configMap, broken)).toEqual([
      'Job: Indexed needs spec.completions',
      'Job: restartPolicy Never or OnFailure',
    ]);
  });

  it('runs, shard by shard as the Job would, to the same merged results as the unsharded sweep', async () => {
    const { configMap, job } = await emitted('--shards', '3');
    const pod = obj(obj(obj(job.spec).template).spec);
    const container = (pod.containers as Obj[])[0] as Obj;
    const work = mkdtempSync(join(tmpdir(), 'kubesim-job-'));
    // The image's PATH: a `kubesim` that runs this checkout's build.
    const bin = join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'kubesim'),
      `#!/bin/sh\nexec "${process.execPath}" "${resolve('bin/kubesim.js')}" "$@"\n`,
    );
    chmodSync(join(bin, 'kubesim'), 0o755);
    // The ConfigMap volume: each item's data at its path under the mount.
    const inputs = join(work, 'inputs');
    const cmVolume = obj((pod.volumes as Obj[]).find((v) => v.configMap)?.configMap);
    for (const item of cmVolume.items as Obj[]) {
      const path = join(inputs, item.path as string);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, obj(configMap.data)[item.key as string] as string);
    }
    const logs: string[] = [];
    for (let index = 0; index < (obj(job.spec).completions as number); index++) {
      const results = join(work, `results-${index}`); // each pod's own emptyDir
      mkdirSync(results);
      const env = Object.fromEntries(((container.env ?? []) as Obj[]).map((e) => [e.name, e.value]));
      const command = container.command as string[];
      const run = spawnSync(command[0] as string, command.slice(1), {
        encoding: 'utf8',
        env: {
          ...process.env,
          ...env,
          PATH: `${bin}:${process.env.PATH}`,
          JOB_COMPLETION_INDEX: String(index),
          KUBESIM_INPUTS: inputs,
          KUBESIM_RESULTS: results,
        },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      logs.push(run.stdout);
    }
    // `kubectl logs` of the pods, in one file, merged.
    writeFileSync(join(work, 'logs.jsonl'), logs.join(''));
    expect(renderResults(mergeResultFiles([join(work, 'logs.jsonl')]))).toBe(unsharded);
  }, 300_000);

  it('keeps the layout of files in other folders, relative to their common folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'kubesim-job-'));
    mkdirSync(join(root, 'models'));
    mkdirSync(join(root, 'sweeps'));
    mkdirSync(join(root, 'traces'));
    writeFileSync(join(root, 'models', 's.yaml'), 'kind: Scenario\n');
    writeFileSync(join(root, 'traces', 't.csv'), 'time,rate\n');
    const gridText = 'scenario: ../models/s.yaml\nvary: {spec.seed: [1]}\ninputs: [../traces/t.csv]\n';
    writeFileSync(join(root, 'sweeps', 'g.yaml'), gridText);
    const text = emitSweepJob(parseGrid(gridText, join(root, 'sweeps', 'g.yaml')), { image: 'i', shards: 1 });
    const [, job] = parseAllDocuments(text).map((d) => d.toJS() as Obj);
    const pod = obj(obj(obj(obj(job).spec).template).spec);
    const items = obj((pod.volumes as Obj[])[0]?.configMap).items as Obj[];
    expect(items.map((i) => i.path)).toEqual(['sweeps/g.yaml', 'models/s.yaml', 'traces/t.csv']);
    expect((obj((pod.containers as Obj[])[0]).command as string[])[2]).toContain(
      '"$KUBESIM_INPUTS/sweeps/g.yaml"',
    );
  });

  it('refuses inputs too large for a ConfigMap, and a bad --shards', async () => {
    const big = writeFixture(`${GRID}inputs: [big.csv]\n`);
    writeFileSync(join(big.dir, 'big.csv'), 'x'.repeat((1 << 20) + 1));
    const r = await runCli('sweep', big.grid, '--emit-job');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/its inputs total \d+ bytes, more than a ConfigMap holds \(1048576 bytes\)/);
    const s = await runCli('sweep', fixture.grid, '--emit-job', '--shards', '0');
    expect(s.exitCode).toBe(1);
    expect(s.stderr).toMatch(/--shards expected an integer >= 1, got "0"/);
    expect(() => emitSweepJob(parseGrid(GRID, fixture.grid), { image: 'i', shards: 100_001 })).toThrow(
      JobError,
    );
  });
});
