import type { RunReport } from '../json.js';
import { replicasChart } from './autoscaling.js';
import { availabilityChart } from './availability.js';
import type { Chart } from './chart.js';
import { timeUnit } from './chart.js';
import { nodesChart, podsChart } from './cluster.js';
import { costChart } from './cost.js';
import {
  errorsChart,
  latencyChart,
  latencyPercentilesChart,
  podLoadChart,
  requestAvailabilityChart,
  requestRateChart,
} from './traffic.js';
import { utilisationHeatMap } from './utilisation.js';

export type { Chart } from './chart.js';
export { renderChartSvg } from './render.js';

/**
 * The charts of one run's report, each only when the report holds its data, in reading order:
 * availability first (what a reader asks first), then the cluster, autoscaling, traffic, load, cost.
 * Built from the JSON report alone, so `kubesim report run.json` draws the same charts as `run`.
 */
export function buildCharts(r: RunReport): Chart[] {
  const unit = timeUnit(r.scenario.durationSeconds);
  const charts = [
    availabilityChart(r, unit),
    requestAvailabilityChart(r, unit),
    nodesChart(r, unit),
    podsChart(r, unit),
    replicasChart(r, unit),
    requestRateChart(r, unit),
    errorsChart(r),
    latencyChart(r, unit),
    latencyPercentilesChart(r),
    podLoadChart(r),
    utilisationHeatMap(r),
    costChart(r, unit),
  ];
  return charts.filter((c): c is Chart => c !== undefined);
}
