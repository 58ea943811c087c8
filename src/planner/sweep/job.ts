import { readFileSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import type { Grid } from './grid.js';

/** What `kubesim sweep --emit-job` needs besides the grid. */
export interface JobOptions {
  /** A container image with `kubesim` on its PATH and a POSIX `sh`. */
  image: string;
  /** Pods (completions), one shard each. */
  shards: number;
  /** Pods running at once. @default shards */
  parallelism?: number;
  /** Worker threads per pod (and the CPUs each pod requests). @default 1 */
  workersPerPod?: number;
  /** A PersistentVolumeClaim for the results; without one, an emptyDir and the pod's log. */
  resultsClaim?: string;
}

/** Why the Job cannot be written (inputs too large for a ConfigMap, a bad option). */
export class JobError extends Error {}

// upstream: pkg/apis/core/validation (ValidateConfigMap): the data of a ConfigMap may total 1 MiB
// (core.MaxSecretSize), and a key is [-._a-zA-Z0-9]+ of at most 253 characters.
const MAX_CONFIGMAP_BYTES = 1024 * 1024;
// upstream: pkg/apis/batch/validation: an Indexed Job's parallelism is at most 10^5
// (maxParallelismForIndexedJob), and so, here, its completions.
const MAX_INDEXED = 100_000;
const INPUTS_DIR = '/inputs';
const RESULTS_DIR = '/results';

/**
 * A Kubernetes Indexed Job that runs the sweep on a real cluster, and the ConfigMap holding its
 * inputs (the grid, the Scenario and the grid's `inputs`), as one multi-document YAML text:
 *
 * - the ConfigMap's items keep the files' layout relative to their common folder, so the grid's
 *   relative `scenario:` and the Scenario's relative paths still resolve under /inputs;
 * - `completionMode: Indexed` gives each of the `completions` pods its index in the environment
 *   variable JOB_COMPLETION_INDEX (0 … N−1; batch/v1 since Kubernetes 1.22), which the container
 *   turns into `--shard index+1/N`;
 * - each pod writes its shard's JSONL to /results with `--resume` (a restarted container continues)
 *   and prints it at the end, so `kubectl logs` collects it for `kubesim merge`.
 */
export function emitSweepJob(grid: Grid, options: JobOptions): string {
  const { shards, image } = options;
  const parallelism = options.parallelism ?? shards;
  const workers = options.workersPerPod ?? 1;
  for (const [flag, n] of [
    ['--shards', shards],
    ['--parallelism', parallelism],
    ['--workers', workers],
  ] as const)
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_INDEXED)
      throw new JobError(
        `Cannot write the Job: ${flag} must be an integer from 1 to ${MAX_INDEXED}: current value is ${n}`,
      );
  const files = [grid.file, grid.scenario, ...grid.inputs].map((f) => resolve(f));
  const root = commonFolder(files);
  const items = [...new Set(files)].map((file, i) => ({
    key: `${i}-${basename(file).replace(/[^-._a-zA-Z0-9]/g, '_')}`.slice(0, 253),
    path: relative(root, file).split(sep).join('/'),
    file,
  }));
  const data: Record<string, string> = {};
  let bytes = 0;
  for (const item of items) {
    let text: string;
    try {
      text = readFileSync(item.file, 'utf8');
    } catch (error) {
      throw new JobError(
        `Cannot write the Job: cannot read the input ${item.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    bytes += Buffer.byteLength(text);
    data[item.key] = text;
  }
  if (bytes > MAX_CONFIGMAP_BYTES)
    throw new JobError(
      `Cannot write the Job: its inputs total ${bytes} bytes, more than a ConfigMap holds (${MAX_CONFIGMAP_BYTES} bytes); put large traces in the image or a volume`,
    );
  const name = jobName(grid);
  const gridInPod = `$KUBESIM_INPUTS/${relative(root, resolve(grid.file)).split(sep).join('/')}`;
  const script = [
    'set -e',
    'shard=$((JOB_COMPLETION_INDEX + 1))',
    `out="$KUBESIM_RESULTS/shard-$shard-of-${shards}.jsonl"`,
    `kubesim sweep "${gridInPod}" --shard "$shard/${shards}" --workers ${workers} --out "$out" --resume --quiet`,
    'cat "$out"',
  ].join('\n');
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-inputs`, labels: { 'app.kubernetes.io/name': 'kubesim-sweep' } },
    data,
  };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'kubesim-sweep' } },
    spec: {
      completionMode: 'Indexed',
      completions: shards,
      parallelism,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'kubesim-sweep' } },
        spec: {
          // OnFailure restarts the container in the same pod, so the emptyDir keeps the shard's
          // lines and --resume continues from them.
          restartPolicy: 'OnFailure',
          containers: [
            {
              name: 'sweep',
              image,
              command: ['sh', '-c', script],
              env: [
                { name: 'KUBESIM_INPUTS', value: INPUTS_DIR },
                { name: 'KUBESIM_RESULTS', value: RESULTS_DIR },
              ],
              resources: { requests: { cpu: String(workers) }, limits: { cpu: String(workers) } },
              volumeMounts: [
                { name: 'inputs', mountPath: INPUTS_DIR, readOnly: true },
                { name: 'results', mountPath: RESULTS_DIR },
              ],
            },
          ],
          volumes: [
            {
              name: 'inputs',
              configMap: { name: `${name}-inputs`, items: items.map(({ key, path }) => ({ key, path })) },
            },
            options.resultsClaim === undefined
              ? { name: 'results', emptyDir: {} }
              : { name: 'results', persistentVolumeClaim: { claimName: options.resultsClaim } },
          ],
        },
      },
    },
  };
  // Literal blocks, never folded: the files and the script read in the YAML as they are.
  const style = { blockQuote: 'literal', lineWidth: 0 } as const;
  return `${stringify(configMap, style)}---\n${stringify(job, style)}`;
}

/** The deepest folder holding every file. */
function commonFolder(files: readonly string[]): string {
  let root = dirname(files[0] as string);
  while (!files.every((f) => f.startsWith(root === sep ? root : `${root}${sep}`))) root = dirname(root);
  return root;
}

/**
 * The Job's name: metadata.name of the grid, or its file's stem, as a DNS label (lowercase
 * alphanumerics and '-'). The Job controller copies it into the pods' `job-name` label, which allows
 * 63 characters; the ConfigMap adds "-inputs".
 */
function jobName(grid: Grid): string {
  const stem = grid.name ?? basename(grid.file, extname(grid.file));
  const label = stem
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return label === '' ? 'kubesim-sweep' : label;
}
