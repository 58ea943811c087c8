import type { RunReport } from '../json.js';
import { inUnit, type TimeRow, type TimeUnit } from './chart.js';

export type ReportSeries = RunReport['series']['series'][number];

/** The sampled series of `metric`, in report order. */
export function seriesOf(r: RunReport, metric: string): ReportSeries[] {
  return r.series.series.filter((s) => s.metric === metric);
}

/** The sample times of the report's series, in seconds: 0, step, 2·step, … */
export function sampleSeconds(r: RunReport): number[] {
  return Array.from({ length: r.series.points }, (_, i) => i * r.series.stepSeconds);
}

/** Long-format rows of `series`, each named by `name(series)`. */
export function toRows(
  r: RunReport,
  series: readonly ReportSeries[],
  unit: TimeUnit,
  name: (s: ReportSeries) => string,
): TimeRow[] {
  const times = sampleSeconds(r);
  return series.flatMap((s) => {
    const label = name(s);
    return s.values.map((value, i) => ({ t: inUnit(times[i] ?? 0, unit), series: label, value }));
  });
}
