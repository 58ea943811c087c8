import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { parseBytes, parseCpuMillis } from '../../engine/quantity.js';
import { type Allocatable, allocatableFrom, DEFAULT_MAX_PODS, type Reservations } from './reservations.js';

/**
 * The instance-type catalogue `kubesim plan` chooses from: a CSV file with a header line, or a YAML
 * list of mappings (or `{instanceTypes: [...]}`), with the columns below. Every problem of the file
 * is collected and reported at once, each at file:line with the column it concerns.
 */

/** One machine type the planner may buy, with the allocatable its nodes offer under the reservations. */
export interface InstanceType {
  instanceType: string;
  capacity: Allocatable;
  allocatable: Allocatable;
  /** nvidia.com/gpu per node. */
  gpu: number;
  pricePerHour: number;
  /** On-premises: the purchase price of one machine; null when the catalogue does not give it. */
  purchasePrice: number | null;
  /** On-premises: the machine's mean power draw; null when not given. */
  powerWatts: number | null;
  /** Where it was defined, for messages. */
  line: number;
}

export interface Catalog {
  file: string;
  reservations: Reservations;
  types: InstanceType[];
}

/** The catalogue could not be read; `problems` holds every error, each "file:line: column …: …". */
export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CatalogError';
  }
}

const REQUIRED = ['instanceType', 'cpu', 'memory', 'pricePerHour'] as const;
const OPTIONAL = ['purchasePrice', 'powerWatts', 'gpu', 'pods'] as const;
const COLUMNS: readonly string[] = [...REQUIRED, ...OPTIONAL];
const COLUMN_LIST = `columns ${REQUIRED.join(', ')}; optional ${OPTIONAL.join(', ')}`;

/** A row before conversion: its line and its cells by column name (absent: not given). */
interface RawRow {
  line: number;
  cells: Record<string, string | number | undefined>;
}

/** Reads a catalogue file (CSV by default; YAML for .yaml, .yml, .json) and computes allocatable. */
export function loadCatalog(file: string, reservations: Reservations): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogError([`${file}: cannot read the catalogue: ${(error as Error).message}`]);
  }
  return parseCatalog(text, file, reservations);
}

/** Parses catalogue text; `file` names it in messages and its extension picks CSV or YAML. */
export function parseCatalog(text: string, file: string, reservations: Reservations): Catalog {
  const problems: string[] = [];
  const isYaml = ['.yaml', '.yml', '.json'].includes(extname(file).toLowerCase());
  const rows = isYaml ? yamlRows(text, file, problems) : csvRows(text, file, problems);
  const types: InstanceType[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const type = convertRow(row, file, reservations, problems);
    if (!type) continue;
    const first = seen.get(type.instanceType);
    if (first !== undefined) {
      problems.push(
        `${file}:${row.line}: column instanceType: "${type.instanceType}" is listed twice (first on line ${first})`,
      );
      continue;
    }
    seen.set(type.instanceType, row.line);
    types.push(type);
  }
  if (problems.length === 0 && types.length === 0)
    problems.push(`${file}:1: the catalogue lists no instance type (${COLUMN_LIST})`);
  if (problems.length > 0) throw new CatalogError(byLine(problems));
  return { file, reservations, types };
}

/** Problems in file order (each starts "file:line:"); the sort is stable within a line. */
function byLine(problems: readonly string[]): string[] {
  const line = (p: string): number => Number(/:(\d+):/.exec(p)?.[1] ?? 0);
  return [...problems].sort((a, b) => line(a) - line(b));
}

function csvRows(text: string, file: string, problems: string[]): RawRow[] {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  let headerLine = 0;
  let headerOk = false;
  const rows: RawRow[] = [];
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (!header) {
      header = cells;
      headerLine = lineNo;
      headerOk = checkHeader(cells, `${file}:${lineNo}`, problems);
      return;
    }
    if (cells.length !== header.length) {
      problems.push(
        `${file}:${lineNo}: the row has ${cells.length} cells but the header (line ${headerLine}) has ${header.length} columns`,
      );
      return;
    }
    const byName: RawRow['cells'] = {};
    header.forEach((name, k) => {
      const cell = cells[k] as string;
      if (cell !== '') byName[name] = cell;
    });
    rows.push({ line: lineNo, cells: byName });
  });
  if (!header) problems.push(`${file}:1: the catalogue is empty: expected a header line with ${COLUMN_LIST}`);
  // Rows under a bad header would only repeat its problem.
  return headerOk ? rows : [];
}

/** Adds the header's problems; true when it has none. */
function checkHeader(columns: readonly string[], where: string, problems: string[]): boolean {
  const before = problems.length;
  for (const name of columns)
    if (!COLUMNS.includes(name)) problems.push(`${where}: unknown column "${name}" (${COLUMN_LIST})`);
  for (const name of REQUIRED)
    if (!columns.includes(name)) problems.push(`${where}: the header lacks column ${name} (${COLUMN_LIST})`);
  return problems.length === before;
}

function yamlRows(text: string, file: string, problems: string[]): RawRow[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lineOf = (node: YamlNode | null | undefined): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  for (const e of doc.errors)
    problems.push(`${file}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return [];
  let list: unknown = doc.contents;
  if (isMap(list)) list = list.get('instanceTypes', true);
  if (!isSeq(list)) {
    problems.push(
      `${file}:${lineOf(doc.contents)}: expected a list of instance types (or instanceTypes: [...])`,
    );
    return [];
  }
  const rows: RawRow[] = [];
  for (const item of list.items) {
    const line = lineOf(item as YamlNode);
    if (!isMap(item)) {
      problems.push(`${file}:${line}: an instance type must be a mapping with ${COLUMN_LIST}`);
      continue;
    }
    const cells: RawRow['cells'] = {};
    for (const pair of item.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      const value = (pair.value as { value?: unknown } | null)?.value;
      if (!COLUMNS.includes(key)) problems.push(`${file}:${line}: unknown column "${key}" (${COLUMN_LIST})`);
      else if (typeof value === 'string' || typeof value === 'number') cells[key] = value;
      else problems.push(`${file}:${line}: column ${key}: expected a string or number`);
    }
    rows.push({ line, cells });
  }
  return rows;
}

/** A number ≥ 0 (YAML number or decimal text); undefined when absent; a problem when it is not one. */
function numberCell(row: RawRow, column: string, where: string, problems: string[]): number | undefined {
  const v = row.cells[column];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : /^\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  if (!(Number.isFinite(n) && n >= 0)) {
    problems.push(`${where}: column ${column}: expected a number >= 0 such as 0.192, got "${v}"`);
    return undefined;
  }
  return n;
}

function convertRow(
  row: RawRow,
  file: string,
  reservations: Reservations,
  problems: string[],
): InstanceType | undefined {
  const where = `${file}:${row.line}`;
  const before = problems.length;
  for (const column of REQUIRED)
    if (row.cells[column] === undefined || String(row.cells[column]).trim() === '')
      problems.push(`${where}: column ${column} is missing or empty`);
  const name = String(row.cells.instanceType ?? '').trim();
  const cpuText = row.cells.cpu;
  const cpuMillis = cpuText === undefined ? undefined : parseCpuMillis(cpuText);
  if (cpuText !== undefined && !(cpuMillis !== undefined && cpuMillis > 0))
    problems.push(`${where}: column cpu: expected a quantity > 0 such as 4 or 3500m, got "${cpuText}"`);
  const memText = row.cells.memory;
  const memoryBytes = memText === undefined ? undefined : parseBytes(memText);
  if (memText !== undefined && !(memoryBytes !== undefined && memoryBytes > 0))
    problems.push(`${where}: column memory: expected a quantity > 0 such as 16Gi, got "${memText}"`);
  else if (memoryBytes !== undefined && memoryBytes < 1024 ** 2)
    problems.push(
      `${where}: column memory: "${memText}" is ${memoryBytes} bytes; write the unit, e.g. ${memText}Gi`,
    );
  const pricePerHour = numberCell(row, 'pricePerHour', where, problems);
  const purchasePrice = numberCell(row, 'purchasePrice', where, problems) ?? null;
  const powerWatts = numberCell(row, 'powerWatts', where, problems) ?? null;
  const gpu = numberCell(row, 'gpu', where, problems) ?? 0;
  const pods = numberCell(row, 'pods', where, problems) ?? DEFAULT_MAX_PODS;
  if (!Number.isInteger(gpu)) problems.push(`${where}: column gpu: expected a whole number, got ${gpu}`);
  if (!(Number.isInteger(pods) && pods >= 1))
    problems.push(`${where}: column pods: expected a whole number >= 1, got ${pods}`);
  if (problems.length > before) return undefined;
  const capacity = { cpuMillis: cpuMillis as number, memoryBytes: memoryBytes as number, pods };
  const allocatable = allocatableFrom(capacity, reservations);
  if (allocatable.memoryBytes === 0 || allocatable.cpuMillis === 0) {
    problems.push(`${where}: ${name} has nothing allocatable left after the ${reservations} reservations`);
    return undefined;
  }
  return {
    instanceType: name,
    capacity,
    allocatable,
    gpu,
    pricePerHour: pricePerHour as number,
    purchasePrice,
    powerWatts,
    line: row.line,
  };
}
