import type { RunReport } from '../json.js';
import { type Chart, type TimeUnit, timeChart } from './chart.js';
import { troubleLayers } from './markers.js';
import { seriesOf, toRows } from './series-data.js';

const READY_NAMES: Record<string, string> = { true: 'Ready', false: 'NotReady', unknown: 'Unknown' };

/**
 * Nodes by their Ready condition as the API server saw it, and machines down (the ground truth), so
 * the lag between a machine dying and its Node turning Unknown shows; faults and incidents marked.
 */
export function nodesChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const ready = seriesOf(r, 'kube_node_status_condition_ready');
  if (ready.length === 0) return undefined;
  const down = seriesOf(r, 'kubesim_machines_down');
  const rows = [
    ...toRows(r, ready, unit, (s) => READY_NAMES[s.labels.status ?? ''] ?? `Ready=${s.labels.status}`),
    ...toRows(r, down, unit, () => 'machines down'),
  ];
  return {
    name: 'nodes',
    title: 'Nodes by state',
    description:
      'Node objects by their Ready condition (what the API server believed) and machines down (what really happened); red rules mark faults, shaded bands incidents until they recovered.',
    spec: timeChart({
      title: 'Nodes by state',
      unit,
      rows,
      yTitle: 'nodes',
      mark: 'line',
      seriesTitle: 'state',
      layers: troubleLayers(r, unit),
    }),
  };
}

/** Pods by phase, stacked: the total is every pod object; Pending shows pods waiting for a node. */
export function podsChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const phases = seriesOf(r, 'kube_pod_status_phase');
  if (phases.length === 0) return undefined;
  return {
    name: 'pods',
    title: 'Pods by phase',
    description: 'Pod objects by phase, stacked, so the top edge is every pod; Pending ones wait for a node.',
    spec: timeChart({
      title: 'Pods by phase',
      unit,
      rows: toRows(r, phases, unit, (s) => s.labels.phase ?? ''),
      yTitle: 'pods',
      mark: 'area',
      seriesTitle: 'phase',
      layers: troubleLayers(r, unit),
    }),
  };
}
