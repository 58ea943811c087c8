import type { RunReport } from '../json.js';
import { type Chart, type TimeUnit, timeChart } from './chart.js';
import { troubleLayers } from './markers.js';
import { seriesOf, toRows } from './series-data.js';

/**
 * The availability timeline: available pods of each workload (running, Ready, not terminating), with
 * a dashed rule where each fault struck and a band over each incident until every workload it hit
 * had all its replicas back.
 */
export function availabilityChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const available = seriesOf(r, 'kubesim_workload_pods_available');
  if (available.length === 0) return undefined;
  return {
    name: 'availability',
    title: 'Availability timeline',
    description:
      'Available pods of each workload over time; red dashed rules mark faults, shaded bands incidents from the first fault to recovery.',
    spec: timeChart({
      title: 'Availability timeline: available pods',
      unit,
      rows: toRows(r, available, unit, (s) => s.labels.workload ?? ''),
      yTitle: 'available pods',
      mark: 'line',
      seriesTitle: 'workload',
      layers: troubleLayers(r, unit),
    }),
  };
}
