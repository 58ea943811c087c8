import type { TopLevelSpec } from 'vega-lite';
import type { RunReport } from '../json.js';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  type Chart,
  interactionParams,
  inUnit,
  type TimeUnit,
  topLevel,
} from './chart.js';
import { sampleSeconds, seriesOf } from './series-data.js';

/**
 * The cost rate at each sample, USD per hour: the cluster-autoscaler's `kubesim_cost_per_hour` (every
 * machine paid for, provisioning ones included) when the run has it; otherwise, when every pool has
 * one price, Node objects × that price (what a fixed cluster pays); otherwise unknown.
 */
function costRate(r: RunReport): number[] | undefined {
  const measured = seriesOf(r, 'kubesim_cost_per_hour')[0];
  if (measured) return measured.values;
  const prices = new Set(r.cluster.nodePools.map((p) => p.pricePerHour));
  const nodes = seriesOf(r, 'kube_node_status_condition_ready');
  if (prices.size !== 1 || nodes.length === 0) return undefined;
  const price = [...prices][0] as number;
  return Array.from(
    { length: r.series.points },
    (_, i) => nodes.reduce((a, s) => a + (s.values[i] ?? 0), 0) * price,
  );
}

/**
 * Cost rate and cumulative cost over the whole run (warm-up included, so the last point can exceed
 * `cost.total`, which counts only the window). The rate is a step function between samples, so the
 * cumulative cost adds rate × step.
 */
export function costChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const rate = costRate(r);
  if (!rate) return undefined;
  const times = sampleSeconds(r);
  const rows: { t: number; rate: number; cumulative: number }[] = [];
  let cumulative = 0;
  rate.forEach((perHour, i) => {
    rows.push({ t: inUnit(times[i] ?? 0, unit), rate: round4(perHour), cumulative: round4(cumulative) });
    cumulative += (perHour * r.series.stepSeconds) / 3600;
  });
  // Two panels, one per unit (USD/h, USD), sharing the time axis; each zooms on its own.
  const panel = (field: 'rate' | 'cumulative', title: string) => ({
    height: CHART_HEIGHT / 2,
    width: CHART_WIDTH,
    params: [{ ...interactionParams(undefined)[0], name: `zoom_${field}` }],
    // The rate is a step function; the cost it adds up to grows continuously.
    mark: {
      type: 'line' as const,
      interpolate: field === 'rate' ? ('step-after' as const) : ('linear' as const),
      tooltip: true,
    },
    encoding: {
      x: { field: 't', type: 'quantitative' as const, title: unit.title },
      y: { field, type: 'quantitative' as const, title },
    },
  });
  const { width: _w, height: _h, ...top } = topLevel('Cost rate and cumulative cost');
  return {
    name: 'cost',
    title: 'Cost rate and cumulative cost',
    description:
      'USD per hour of the nodes paid for at each moment, and the cost accumulated since the start (warm-up included).',
    spec: {
      ...top,
      data: { values: rows },
      vconcat: [panel('rate', 'USD per hour'), panel('cumulative', 'USD since start')],
    } as TopLevelSpec,
  };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
