import type { RunReport } from './json.js';

/** A figure worth a line of its own in a summary, with how to print it. */
export interface HeadlineFigure {
  path: string;
  /** How a reader names it: `pod availability`, `default/cart p99`, `SLO latency.p99`. */
  label: string;
  unit: 'ratio' | 'ms' | 'usd';
  /** Which way is better, for verdicts. */
  better: 'higher' | 'lower';
}

/**
 * The figures a summary and a comparison's verdicts are about: pod availability and each workload's,
 * each Service's request availability, p50 and p99, each SLO's measured value, and the cost.
 */
export function headlineFigures(report: RunReport): HeadlineFigure[] {
  const out: HeadlineFigure[] = [
    { path: 'availability.pods', label: 'pod availability', unit: 'ratio', better: 'higher' },
  ];
  for (const w of report.availability.workloads)
    out.push({
      path: `availability.workloads[${w.workload}].availability`,
      label: `${w.workload} pod availability`,
      unit: 'ratio',
      better: 'higher',
    });
  for (const s of report.traffic?.services ?? []) {
    const base = `traffic.services[${s.service}]`;
    out.push(
      {
        path: `${base}.availability`,
        label: `${s.service} request availability`,
        unit: 'ratio',
        better: 'higher',
      },
      { path: `${base}.latencyMs.p50`, label: `${s.service} p50`, unit: 'ms', better: 'lower' },
      { path: `${base}.latencyMs.p99`, label: `${s.service} p99`, unit: 'ms', better: 'lower' },
    );
  }
  for (const o of report.traffic?.slo ?? [])
    out.push({
      path: `traffic.slo[${o.objective}].value`,
      label: `SLO ${o.objective}`,
      unit: o.objective === 'availability' ? 'ratio' : 'ms',
      better: o.objective === 'availability' ? 'higher' : 'lower',
    });
  out.push({ path: 'cost.total', label: 'cost', unit: 'usd', better: 'lower' });
  return out;
}
