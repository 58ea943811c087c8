import type { RunReport } from '../report/json.js';

/**
 * The numeric figures of one run's report, keyed by dotted path, for statistics over replications:
 * `availability.pods`, `cost.total`, `cost.byPool.general.cost`,
 * `traffic.services[default/cart].latencyMs.p99`, `traffic.slo[latency.p99].value`. A list of named
 * things (Services, workloads, nodes, pods, SLO objectives, pools…) is keyed by each element's name in
 * brackets, so the same Service is the same path in every replication whatever its position. A list
 * whose elements have no name (faults, incidents, the timeline, plain number lists), or whose names
 * repeat, is skipped, as are strings, booleans and nulls. Inputs rather than outcomes (the schema
 * version, the `scenario` block with its seed and durations, the sampled `series`) are left out.
 */
export type Figures = ReadonlyMap<string, number>;

/** Top-level parts of the report that describe the run's inputs or raw samples, not its outcome. */
const NOT_FIGURES: ReadonlySet<string> = new Set(['schemaVersion', 'scenario', 'series']);

/** Fields that name an element of a list, in the order they are tried (the first one present wins). */
const NAME_FIELDS = [
  'service',
  'workload',
  'deployment',
  'node',
  'pod',
  'name',
  'objective',
  'type',
] as const;

/** The field naming every element of `list` uniquely, or undefined when the list has no natural name. */
function nameField(list: readonly unknown[]): string | undefined {
  const first = list[0];
  if (!isObject(first)) return undefined;
  const field = NAME_FIELDS.find((f) => typeof first[f] === 'string');
  if (field === undefined) return undefined;
  const names = new Set<string>();
  for (const element of list) {
    const name = isObject(element) ? element[field] : undefined;
    if (typeof name !== 'string' || names.has(name)) return undefined;
    names.add(name);
  }
  return field;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every finite number of `report` by dotted path, in the report's own key order (so deterministic). */
export function reportFigures(report: RunReport): Figures {
  const out = new Map<string, number>();
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) out.set(path, value);
    } else if (Array.isArray(value)) {
      const field = nameField(value);
      if (field === undefined) return;
      for (const element of value as Record<string, unknown>[])
        visit(element, `${path}[${String(element[field])}]`);
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(report)) if (!NOT_FIGURES.has(key)) visit(value, key);
  return out;
}
