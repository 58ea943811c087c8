import { parseBytes, parseCpuMillis } from '../engine/quantity.js';
import { MICROS_PER_SECOND, type Micros, parseDuration } from '../engine/time.js';
import type { PodTraceRow } from '../model/batch.js';

/** The column names a pod trace's header must have (priority may be left out). */
export interface PodTraceColumns {
  time: string;
  cpu: string;
  memory: string;
  duration: string;
  priority: string;
}

export const DEFAULT_POD_TRACE_COLUMNS: Readonly<PodTraceColumns> = Object.freeze({
  time: 'time',
  cpu: 'cpu',
  memory: 'memory',
  duration: 'duration',
  priority: 'priority',
});

/** What a priority cell resolves to: a PriorityClass by name, or undefined when no class has it. */
export type PriorityLookup = (
  name: string,
) => { value: number; preemptionPolicy: 'PreemptLowerPriority' | 'Never' } | undefined;

/** A problem at a line of the CSV (1-based; 1 is the header). */
export interface CsvProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * Reads a pod arrival trace (docs/batch.md): a header naming the columns, then one pod per row.
 * `time` is seconds from the start (a number ≥ 0); `cpu` and `memory` are Kubernetes quantities
 * ("500m", "0.5", "1Gi"); `duration` is seconds or a Go duration ("90s"); `priority`, when the column
 * exists, is empty (the default priority), an integer, or a PriorityClass name. Blank lines and lines
 * starting with `#` are skipped. Rows need not be sorted: pods are created in time order, ties in file
 * order. Every bad row is reported, not only the first.
 */
export function parsePodTrace(
  text: string,
  columns: PodTraceColumns,
  lookup: PriorityLookup,
  defaultPriority: { value: number; preemptionPolicy: 'PreemptLowerPriority' | 'Never' },
): { rows: PodTraceRow[]; problems: CsvProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const problems: CsvProblem[] = [];
  const index = (name: string, required: boolean): number => {
    const i = header.indexOf(name);
    if (i < 0 && required)
      problems.push({
        line: 1,
        column: 1,
        message: `the header has no column ${JSON.stringify(name)}: it has ${header.map((h) => JSON.stringify(h)).join(', ')} (the first line must name the columns)`,
      });
    return i;
  };
  const at = {
    time: index(columns.time, true),
    cpu: index(columns.cpu, true),
    memory: index(columns.memory, true),
    duration: index(columns.duration, true),
    priority: index(columns.priority, false),
  };
  if (problems.length > 0) return { rows: [], problems };
  const rows: PodTraceRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim());
    const lineNo = i + 1;
    const bad = (col: number, name: string, expected: string): undefined => {
      const found = cells[col] ?? '';
      problems.push({
        line: lineNo,
        column: 1 + cells.slice(0, col).reduce((n, c) => n + c.length + 1, 0),
        message: `column ${JSON.stringify(name)}: expected ${expected}: current value is ${JSON.stringify(found)}`,
      });
      return undefined;
    };
    const seconds = Number(cells[at.time]);
    const time =
      cells[at.time] !== '' && Number.isFinite(seconds) && seconds >= 0
        ? Math.round(seconds * MICROS_PER_SECOND)
        : bad(at.time, columns.time, 'seconds from the start, a number >= 0');
    const cpu =
      quantity(cells[at.cpu], parseCpuMillis) ?? bad(at.cpu, columns.cpu, 'a cpu quantity such as 500m or 2');
    const memory =
      quantity(cells[at.memory], parseBytes) ??
      bad(at.memory, columns.memory, 'a memory quantity such as 512Mi');
    const duration =
      runTime(cells[at.duration]) ??
      bad(at.duration, columns.duration, 'seconds (a number > 0) or a duration such as 90s');
    let priority:
      | { value: number; preemptionPolicy: 'PreemptLowerPriority' | 'Never'; name?: string }
      | undefined = defaultPriority;
    const cell = at.priority < 0 ? '' : (cells[at.priority] ?? '');
    if (cell !== '') {
      if (/^-?\d+$/.test(cell)) priority = { value: Number(cell), preemptionPolicy: 'PreemptLowerPriority' };
      else {
        const cls = lookup(cell);
        priority = cls
          ? { ...cls, name: cell }
          : bad(at.priority, columns.priority, 'an integer or the name of a PriorityClass of the input');
      }
    }
    if (
      time === undefined ||
      cpu === undefined ||
      memory === undefined ||
      duration === undefined ||
      !priority
    )
      continue;
    rows.push({
      at: time,
      cpuMillis: cpu,
      memoryBytes: memory,
      duration,
      priority: priority.value,
      ...(priority.name === undefined ? {} : { priorityClassName: priority.name }),
      preemptionPolicy: priority.preemptionPolicy,
      line: lineNo,
    });
  }
  // A stable sort: equal times keep file order.
  rows.sort((a, b) => a.at - b.at);
  return { rows, problems };
}

function quantity(cell: string | undefined, parse: (v: string) => number | undefined): number | undefined {
  if (cell === undefined || cell === '') return undefined;
  const v = parse(cell);
  return v !== undefined && v >= 0 ? v : undefined;
}

function runTime(cell: string | undefined): Micros | undefined {
  if (cell === undefined || cell === '') return undefined;
  const asNumber = Number(cell);
  const us = Number.isFinite(asNumber) ? Math.round(asNumber * MICROS_PER_SECOND) : parseDuration(cell);
  return us !== undefined && us > 0 ? us : undefined;
}
