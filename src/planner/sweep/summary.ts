import { availabilityPercent, ms, textTable, usd } from '../../report/format.js';
import { type IntervalEstimate, meanInterval } from '../statistics.js';
import type { SweepResultLine } from './results.js';

/** One grid point's figures over its seeds: mean and Student-t 95 % interval of each. */
export interface PointSummary {
  point: number;
  values: Record<string, unknown>;
  seeds: number[];
  figures: Record<string, IntervalEstimate>;
}

/**
 * Groups results (in grid order, as merge or runSweep return them) by point and takes each figure's
 * mean interval (planner/statistics.ts). Figures are listed in the order first met, so the same
 * results always give the same table and CSV.
 */
export function summarizeSweep(results: readonly SweepResultLine[]): PointSummary[] {
  const byPoint = new Map<number, SweepResultLine[]>();
  for (const r of results) byPoint.set(r.point, [...(byPoint.get(r.point) ?? []), r]);
  return [...byPoint.entries()].map(([point, lines]) => {
    const names = [...new Set(lines.flatMap((l) => Object.keys(l.figures)))];
    return {
      point,
      values: (lines[0] as SweepResultLine).values,
      seeds: lines.map((l) => l.seed),
      figures: Object.fromEntries(
        names.map((name) => [
          name,
          meanInterval(lines.map((l) => l.figures[name]).filter((v): v is number => v !== undefined)),
        ]),
      ),
    };
  });
}

function figureNames(points: readonly PointSummary[]): string[] {
  return [...new Set(points.flatMap((p) => Object.keys(p.figures)))];
}

function valueNames(points: readonly PointSummary[]): string[] {
  return [...new Set(points.flatMap((p) => Object.keys(p.values)))];
}

/** A figure's value as the run summary prints it: availability in nines, cost in dollars, latency in ms. */
function formatFigure(name: string, x: number): string {
  if (name.endsWith('availability') || name === 'availability.pods') return availabilityPercent(x);
  if (name.startsWith('cost.')) return usd(x);
  if (name.includes('latencyMs')) return ms(x);
  return String(x);
}

/** A short column title: the figure's path without the report's section prefixes. */
function figureTitle(name: string): string {
  return name.replace(/^traffic\.services\[(.*)\]\./, '$1 ').replace('latencyMs.', '');
}

/** The summary table: one row per point, each figure as `mean [low, high]` (one seed: the value alone). */
export function renderSweepTable(points: readonly PointSummary[]): string {
  const values = valueNames(points);
  const figures = figureNames(points);
  const rows: string[][] = [['#', ...values, 'seeds', ...figures.map(figureTitle)]];
  for (const p of points) {
    rows.push([
      String(p.point),
      ...values.map((v) => valueText(p.values[v])),
      String(p.seeds.length),
      ...figures.map((f) => {
        const e = p.figures[f];
        if (e === undefined) return '—';
        const mean = formatFigure(f, e.mean);
        return e.n < 2 ? mean : `${mean} [${formatFigure(f, e.ci95Low)}, ${formatFigure(f, e.ci95High)}]`;
      }),
    ]);
  }
  return `${textTable(rows)}\n`;
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** RFC 4180 quoting where a cell needs it. */
function csvCell(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * The summary as CSV, one row per point: its index, the varied values, the seeds, then per figure
 * its mean, 95 % interval bounds and standard deviation (numbers as JavaScript prints them, exact).
 */
export function renderSweepCsv(points: readonly PointSummary[]): string {
  const values = valueNames(points);
  const figures = figureNames(points);
  const header = [
    'point',
    ...values,
    'seeds',
    ...figures.flatMap((f) => [`${f} mean`, `${f} ci95Low`, `${f} ci95High`, `${f} stdev`]),
  ];
  const rows = points.map((p) => [
    String(p.point),
    ...values.map((v) => valueText(p.values[v])),
    String(p.seeds.length),
    ...figures.flatMap((f) => {
      const e = p.figures[f];
      return e ? [e.mean, e.ci95Low, e.ci95High, e.stdev].map(String) : ['', '', '', ''];
    }),
  ]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
