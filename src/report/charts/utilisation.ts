import type { TopLevelSpec } from 'vega-lite';
import type { RunReport } from '../json.js';
import { type Chart, topLevel } from './chart.js';

const MEASURES = [
  { key: 'cpuRequested', label: 'cpu mean' },
  { key: 'maxCpuRequested', label: 'cpu peak' },
  { key: 'memoryRequested', label: 'memory mean' },
  { key: 'maxMemoryRequested', label: 'memory peak' },
] as const;

const CELL_TOOLTIP = [
  { field: 'node' },
  { field: 'pool' },
  { field: 'zone' },
  { field: 'measure' },
  { field: 'value', format: '.1%', title: 'requested ÷ allocatable' },
];

/**
 * A heat map of requested ÷ allocatable per node: time-weighted mean and peak, cpu and memory. The
 * report keeps per-node figures, not per-node series, so the map has measures across, not time.
 */
export function utilisationHeatMap(r: RunReport): Chart | undefined {
  const nodes = r.utilisation.nodes;
  if (nodes.length === 0) return undefined;
  const rows = nodes.flatMap((n) =>
    MEASURES.map((m) => ({ node: n.node, pool: n.pool, zone: n.zone, measure: m.label, value: n[m.key] })),
  );
  return {
    name: 'node-utilisation',
    title: 'Per-node utilisation',
    description:
      'Requested ÷ allocatable of each node: time-weighted mean and peak, cpu and memory; darker is fuller.',
    spec: {
      ...topLevel('Requested ÷ allocatable per node'),
      width: { step: 90 },
      height: { step: 16 },
      data: { values: rows },
      encoding: {
        x: {
          field: 'measure',
          type: 'nominal',
          sort: MEASURES.map((m) => m.label),
          title: null,
          axis: { orient: 'top', labelAngle: 0 },
        },
        y: { field: 'node', type: 'nominal', sort: null, title: null },
      },
      layer: [
        {
          mark: { type: 'rect', tooltip: true },
          encoding: {
            color: {
              field: 'value',
              type: 'quantitative',
              title: 'requested',
              scale: { domain: [0, 1], scheme: 'blues' },
              legend: { format: '.0%' },
            },
            tooltip: CELL_TOOLTIP,
          },
        },
        {
          // The same tooltip as the cell: the label covers the cell's middle, where a pointer rests.
          mark: { type: 'text', fontSize: 10, tooltip: true },
          encoding: {
            tooltip: CELL_TOOLTIP,
            text: { field: 'value', type: 'quantitative', format: '.0%' },
            color: { condition: { test: 'datum.value > 0.6', value: 'white' }, value: 'black' },
          },
        },
      ],
    } as TopLevelSpec,
  };
}
