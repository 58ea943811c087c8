import type { RunReport } from '../../report/json.js';

/**
 * The headline figures a sweep keeps of each run, keyed by their dotted path in the run report (a
 * Service by its name, as the replication statistics name them): pod availability, cost, and per
 * Service its request availability and p99 latency. The order is fixed (report order), so the same
 * report always gives the same bytes.
 */
export function headlineFigures(report: RunReport): Record<string, number> {
  const figures: Record<string, number> = {
    'availability.pods': report.availability.pods,
    'cost.total': report.cost.total,
  };
  for (const s of report.traffic?.services ?? []) {
    figures[`traffic.services[${s.service}].availability`] = s.availability;
    figures[`traffic.services[${s.service}].latencyMs.p99`] = s.latencyMs.p99;
  }
  return figures;
}
