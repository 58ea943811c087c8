import type { RunReport } from '../json.js';
import { type ChartLayers, inUnit, type TimeUnit } from './chart.js';

const FAULT_COLOUR = '#d62728';
const INCIDENT_COLOUR = '#ff9896';

/**
 * Layers that mark a run's trouble on a time chart: a shaded band per incident, from its first fault
 * to its recovery (to the end of the run when it did not recover), and a dashed rule where each fault
 * struck. Empty without faults. Bands go under the data, rules over it.
 */
export function troubleLayers(r: RunReport, unit: TimeUnit): ChartLayers {
  const under: object[] = [];
  const over: object[] = [];
  const incidents = (r.incidents ?? []).map((i) => ({
    from: inUnit(i.atSeconds, unit),
    to: inUnit(i.atSeconds + (i.timeToRecoverSeconds ?? r.scenario.durationSeconds - i.atSeconds), unit),
    incident: `${i.faults.map((f) => f.kind).join(' + ')} at ${i.at}`,
    recovered: i.timeToRecover === null ? 'not by the end' : `after ${i.timeToRecover}`,
    workloads: i.workloads.join(', ') || 'none fell below their replicas',
  }));
  if (incidents.length > 0)
    under.push({
      data: { values: incidents },
      mark: { type: 'rect', color: INCIDENT_COLOUR, opacity: 0.3, tooltip: true },
      encoding: {
        x: { field: 'from', type: 'quantitative' },
        x2: { field: 'to' },
        tooltip: [
          { field: 'incident', title: 'incident' },
          { field: 'recovered', title: 'recovered' },
          { field: 'workloads', title: 'workloads hit' },
        ],
      },
    });
  const faults = r.faults.map((f) => ({
    t: inUnit(f.atSeconds, unit),
    fault: f.kind,
    at: f.at,
    nodes: f.nodes.join(', ') || 'none',
  }));
  if (faults.length > 0)
    over.push({
      data: { values: faults },
      mark: { type: 'rule', color: FAULT_COLOUR, strokeDash: [4, 3], strokeWidth: 1.5, tooltip: true },
      encoding: {
        x: { field: 't', type: 'quantitative' },
        tooltip: [
          { field: 'fault', title: 'fault' },
          { field: 'at', title: 'at' },
          { field: 'nodes', title: 'nodes' },
        ],
      },
    });
  return { under, over };
}
