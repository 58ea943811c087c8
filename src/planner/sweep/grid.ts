import { dirname, isAbsolute, join } from 'node:path';
import { type Diagnostic, formatDiagnostic } from '../../manifests/diagnostics.js';
import { readDuration } from '../../manifests/duration.js';
import { isRecord } from '../../manifests/is-record.js';
import type { Override } from '../../manifests/overrides.js';
import { locate, type Path, parseYaml, type SourceDoc } from '../../manifests/source.js';
import { parseVariation, type Variation, VaryError, variants } from '../vary.js';

/**
 * A sweep's grid file: one YAML document (`kind: Sweep`, or a plain mapping) naming a Scenario, the
 * paths to vary with their values, and how many replications (seeds) each point gets. Only parsing
 * and validation live here; running is `run.ts`.
 *
 *   kind: Sweep
 *   scenario: shop.yaml            # relative to this file
 *   vary:
 *     spec.cluster.nodePools.0.count: [3, 4, 5]
 *     Service/cart:spec.sessionAffinity: [None, ClientIP]
 *   replications: 5                # seeds seed … seed+4
 *   seed: 1                        # default: the Scenario's spec.seed
 *   duration: 30m                  # default: the Scenario's spec.duration
 *   inputs: [traces/peak.csv]      # other files the Scenario reads, for --emit-job's ConfigMap
 */
export interface Grid {
  /** The grid file as given. */
  file: string;
  /** metadata.name, or the file's stem when absent; names the emitted Job. */
  name: string | undefined;
  /** The Scenario's path, resolved against the grid file's folder. */
  scenario: string;
  /** The `vary` entries in file order; the first varies slowest. */
  variations: Variation[];
  replications: number;
  seed: number | undefined;
  /** As written (a Go duration), checked. */
  duration: string | undefined;
  /** Extra input files, resolved against the grid file's folder. */
  inputs: string[];
}

/** One combination of the varied values, numbered in grid order from 0. */
export interface GridPoint {
  index: number;
  label: string;
  /** The value of each varied path, keyed by the path as written in the grid. */
  values: Record<string, unknown>;
  overrides: Override[];
}

/** Why a grid file cannot be used: every problem found, each at file:line:col. */
export class GridError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(
      `${diagnostics.map(formatDiagnostic).join('\n')}\n${diagnostics.length} ${diagnostics.length === 1 ? 'error' : 'errors'} in the sweep grid; nothing was run.`,
    );
    this.name = 'GridError';
  }
}

const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'scenario',
  'vary',
  'replications',
  'seed',
  'duration',
  'inputs',
];
const API_VERSION = 'kubesim.dev/v1alpha1';

/** Reads and checks a grid from `text` (as if from `file`); throws GridError listing every problem. */
export function parseGrid(text: string, file: string): Grid {
  const parsed = parseYaml(text, file);
  const errors: Diagnostic[] = [...parsed.diagnostics.filter((d) => d.severity === 'error')];
  const src = parsed.docs[0];
  if (errors.length > 0) throw new GridError(errors);
  if (parsed.docs.length !== 1 || src === undefined || !isRecord(src.value))
    throw new GridError([
      {
        severity: 'error',
        file,
        line: 0,
        column: 0,
        path: '',
        message: `expected one YAML mapping (kind: Sweep with scenario, vary, replications), found ${parsed.docs.length} documents`,
      },
    ]);
  const doc = src.value;
  const name =
    isRecord(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : undefined;
  const label = name === undefined ? 'Sweep' : `Sweep ${JSON.stringify(name)}`;
  const fail = (path: Path, message: string, key = false) => {
    const at = locate(src as SourceDoc, path, key);
    errors.push({
      severity: 'error',
      file,
      line: at.line,
      column: at.column,
      path: `${label}: ${path.join('.')}`,
      message,
    });
  };
  for (const key of Object.keys(doc))
    if (!KEYS.includes(key))
      fail([key], `unknown field "${key}"; a grid has ${KEYS.slice(3).join(', ')}`, true);
  if (doc.kind !== undefined && doc.kind !== 'Sweep')
    fail(['kind'], `expected kind Sweep, got ${JSON.stringify(doc.kind)}`);
  if (doc.apiVersion !== undefined && doc.apiVersion !== API_VERSION)
    fail(['apiVersion'], `expected ${API_VERSION}, got ${JSON.stringify(doc.apiVersion)}`);
  const base = dirname(file);
  const resolve = (p: string) => (isAbsolute(p) ? p : join(base, p));

  let scenario = '';
  if (typeof doc.scenario !== 'string' || doc.scenario === '')
    fail(
      doc.scenario === undefined ? [] : ['scenario'],
      'expected scenario: the path of a Scenario file, relative to the grid',
    );
  else scenario = resolve(doc.scenario);

  const variations: Variation[] = [];
  if (!isRecord(doc.vary) || Object.keys(doc.vary).length === 0) {
    fail(
      doc.vary === undefined ? [] : ['vary'],
      'expected vary: a mapping of paths to lists of values, with at least one path',
    );
  } else {
    for (const [key, values] of Object.entries(doc.vary)) {
      const variation = readVariation(key, values);
      if ('problem' in variation) fail(['vary', key], variation.problem, variation.atKey);
      else variations.push(variation);
    }
  }

  const replications = doc.replications ?? 1;
  if (!Number.isSafeInteger(replications) || (replications as number) < 1)
    fail(
      ['replications'],
      `expected an integer >= 1 (the seeds per point), got ${JSON.stringify(replications)}`,
    );
  const seed = doc.seed;
  if (seed !== undefined && (!Number.isSafeInteger(seed) || (seed as number) < 0))
    fail(
      ['seed'],
      `expected an integer from 0 to ${Number.MAX_SAFE_INTEGER} (as spec.seed), got ${JSON.stringify(seed)}`,
    );
  const duration = doc.duration;
  if (duration !== undefined) {
    const us = typeof duration === 'string' ? readDuration(duration) : undefined;
    if (typeof us !== 'number' || us <= 0)
      fail(
        ['duration'],
        `expected a Go duration > 0 such as 30m or 6h (as spec.duration), got ${JSON.stringify(duration)}`,
      );
  }
  const inputs = doc.inputs ?? [];
  if (!Array.isArray(inputs) || inputs.some((p) => typeof p !== 'string' || p === ''))
    fail(['inputs'], 'expected a list of file paths, relative to the grid');

  if (errors.length > 0) throw new GridError(errors);
  return {
    file,
    name,
    scenario,
    variations,
    replications: replications as number,
    seed: seed as number | undefined,
    duration: duration as string | undefined,
    inputs: (inputs as string[]).map(resolve),
  };
}

/**
 * One `vary` entry as a Variation: the path rules (and their messages) are `--vary`'s, read by
 * parseVariation; the values come from the YAML list. A problem says whether it is the key's.
 */
function readVariation(key: string, values: unknown): Variation | { problem: string; atKey: boolean } {
  if (/[=,]/.test(key))
    return {
      problem: `the path "${key}" holds '=' or ','; write the path as the key and the values as a list`,
      atKey: true,
    };
  let variation: Variation;
  try {
    variation = parseVariation(`${key}=_`);
  } catch (error) {
    if (!(error instanceof VaryError)) throw error;
    return {
      problem: error.message.replace(`Cannot read --vary '${key}=_'`, `Cannot read the path '${key}'`),
      atKey: true,
    };
  }
  if (!Array.isArray(values) || values.length === 0)
    return {
      problem: `expected a list of at least one value to try, got ${JSON.stringify(values ?? null)}`,
      atKey: false,
    };
  if (values.some((v) => v === null || v === undefined))
    return { problem: 'a value is empty (null); give every value', atKey: false };
  return { ...variation, text: key, values };
}

/** Every point of the grid in order: the product of the `vary` lists, the first varying slowest. */
export function gridPoints(grid: Grid): GridPoint[] {
  return variants(grid.variations).map((v, index) => ({
    index,
    label: v.label,
    values: Object.fromEntries(
      grid.variations.map((variation, i) => [variation.text, v.overrides[i]?.value]),
    ),
    overrides: v.overrides,
  }));
}
