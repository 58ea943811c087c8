import type { Command } from 'commander';
import type { z } from 'zod';
import { explainDesiredReplicas, explainNormalizeReplicas } from '../../controllers/hpa/explain.js';
import { desiredReplicasInputSchema, normalizeReplicasInputSchema } from '../../controllers/hpa/input.js';
import { formatDiagnostic } from '../../manifests/diagnostics.js';
import { readSmallFile } from '../../manifests/files.js';
import { isRecord } from '../../manifests/is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../../manifests/issues.js';
import { fileMissing, fileUnreadable } from '../../manifests/messages.js';
import { Reporter, type Site } from '../../manifests/report.js';
import { parseYaml } from '../../manifests/source.js';
import { UserError } from '../errors.js';

export function registerHpaCommand(program: Command): void {
  const hpa = program
    .command('hpa')
    .description('the HorizontalPodAutoscaler calculations of kube-controller-manager');
  hpa
    .command('explain')
    .description('print the replica calculation or the normalisation of one input, step by step')
    .argument(
      '<file>',
      'YAML or JSON: an hpaDesiredReplicas input (targetUtilization, pods) or an hpaNormalizeReplicas input (desiredReplicas, maxReplicas)',
    )
    .action((file: string) => {
      process.stdout.write(`${explainFile(file)}\n`);
    });
}

const DESIRED_FIELDS = ['targetUtilization', 'pods'];
const NORMALIZE_FIELDS = ['desiredReplicas', 'maxReplicas'];

/** Reads, validates and explains one input file; every problem becomes one UserError paragraph. */
function explainFile(file: string): string {
  const read = readSmallFile(file);
  if ('error' in read) {
    if (read.error === 'missing') throw new UserError(fileMissing(file));
    throw new UserError(fileUnreadable(file, read.error === 'directory' ? 'it is a directory' : read.error));
  }
  const parsed = parseYaml(read.text, file);
  if (parsed.diagnostics.length > 0) throw new UserError(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  const [src, extra] = parsed.docs;
  const fail = (site: Site, message: string): never => {
    const reporter = new Reporter();
    reporter.error(site, [], message);
    throw new UserError(reporter.diagnostics.map(formatDiagnostic).join('\n'));
  };
  if (src === undefined) throw new UserError(`Cannot explain "${file}": the file holds no input`);
  if (extra !== undefined)
    fail({ src: extra, base: [], label: '' }, 'expected one input per file, found a second document');
  const site: Site = { src, base: [], label: '' };
  const value = src.value;
  if (!isRecord(value)) return fail(site, 'expected a mapping with the fields of an HPA input');
  // A document may name its kind (as models/ examples do, so the manifests loader can skip it).
  const { apiVersion, kind, ...fields } = value;
  if (kind !== undefined || apiVersion !== undefined) {
    if (
      apiVersion !== 'kubesim.dev/v1alpha1' ||
      (kind !== 'HpaDesiredReplicas' && kind !== 'HpaNormalizeReplicas')
    )
      fail(
        site,
        `expected apiVersion kubesim.dev/v1alpha1 and kind HpaDesiredReplicas or HpaNormalizeReplicas, got ${JSON.stringify(apiVersion)} and ${JSON.stringify(kind)}`,
      );
    const schema = kind === 'HpaDesiredReplicas' ? desiredReplicasInputSchema : normalizeReplicasInputSchema;
    const input = validate(schema as z.ZodType<unknown>, site, fields);
    return kind === 'HpaDesiredReplicas'
      ? explainDesiredReplicas(input as z.output<typeof desiredReplicasInputSchema>)
      : explainNormalizeReplicas(input as z.output<typeof normalizeReplicasInputSchema>);
  }
  const has = (fields: string[]) => fields.some((f) => f in value);
  const desired = has(DESIRED_FIELDS);
  const normalize = has(NORMALIZE_FIELDS);
  if (desired === normalize)
    fail(
      site,
      desired
        ? `expected either an hpaDesiredReplicas input (${DESIRED_FIELDS.join(', ')}) or an hpaNormalizeReplicas input (${NORMALIZE_FIELDS.join(', ')}), not fields of both`
        : `cannot tell which input this is: expected the fields of hpaDesiredReplicas (${DESIRED_FIELDS.join(', ')}) or of hpaNormalizeReplicas (${NORMALIZE_FIELDS.join(', ')})`,
    );
  if (desired) return explainDesiredReplicas(validate(desiredReplicasInputSchema, site, value));
  return explainNormalizeReplicas(validate(normalizeReplicasInputSchema, site, value));
}

/** Validates with positions: every bad field as file:line:col: path: message. */
function validate<T>(schema: z.ZodType<T>, site: Site, value: unknown): T {
  const r = schema.safeParse(value, PARSE_OPTIONS);
  if (r.success) return r.data;
  const reporter = new Reporter();
  reportIssues(r.error.issues, site, value, reporter);
  const n = reporter.diagnostics.length;
  throw new UserError(
    `${reporter.diagnostics.map(formatDiagnostic).join('\n')}\n${n} error${n === 1 ? '' : 's'}; nothing was explained.`,
  );
}
