import type { TopLevelSpec } from 'vega-lite';

/**
 * One chart of a report: a Vega-Lite spec with its data inline (so a page can re-render it in a
 * browser without the JSON report), a file-safe name, a title and a sentence saying what it shows.
 */
export interface Chart {
  /** Kebab-case, unique within a report: the SVG file name (`<name>.svg`) and the HTML anchor. */
  name: string;
  title: string;
  description: string;
  spec: TopLevelSpec;
}

/** Plot area of the time charts, px: wide enough for a 500-point series, narrow enough for e-mail. */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 200;

/** The unit of a run's time axis: minutes, or hours past 6 h so ticks stay readable. */
export interface TimeUnit {
  seconds: number;
  title: string;
}

export function timeUnit(durationSeconds: number): TimeUnit {
  return durationSeconds > 6 * 3600
    ? { seconds: 3600, title: 'time (h)' }
    : { seconds: 60, title: 'time (min)' };
}

/** A time in the axis unit, rounded so the inline data stays small and identical across machines. */
export function inUnit(atSeconds: number, unit: TimeUnit): number {
  return Math.round((atSeconds / unit.seconds) * 1e4) / 1e4;
}

/**
 * Drag to pan and wheel to zoom along time (a selection bound to the x scale), and click on a legend
 * entry to show one series (shift-click for several): what the page's vega-embed makes live. In the
 * SVG rendered ahead of time they change nothing.
 */
export function interactionParams(seriesField: string | undefined) {
  return [
    {
      name: 'zoom',
      select: { type: 'interval' as const, encodings: ['x' as const] },
      bind: 'scales' as const,
    },
    ...(seriesField === undefined
      ? []
      : [
          {
            name: 'shown',
            select: { type: 'point' as const, fields: [seriesField] },
            bind: 'legend' as const,
          },
        ]),
  ];
}

/** Dims the series not selected in the legend (all shown when none is). */
export const LEGEND_OPACITY = { condition: { param: 'shown', value: 1 }, value: 0.15 };

/** Shared top-level settings: fixed sizes, no external schema fetch, a plain font every reader has. */
export function topLevel(title: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: { font: 'sans-serif', view: { stroke: '#ddd' }, legend: { orient: 'right' as const } },
  };
}

/** Rows of one time series for a long-format chart: one row per sample. */
export interface TimeRow {
  t: number;
  series: string;
  value: number;
}

/** Extra marks of a chart with their own data: drawn under the main marks, or over them. */
export interface ChartLayers {
  under: readonly object[];
  over: readonly object[];
}

/**
 * A time chart of long-format rows, one line (or stacked area) per `series`, with zoom, legend
 * toggling and tooltips. `layers` adds marks with their own data (incident bands, fault rules).
 */
export function timeChart(options: {
  title: string;
  unit: TimeUnit;
  rows: readonly TimeRow[];
  yTitle: string;
  mark: 'line' | 'area';
  seriesTitle: string;
  yFormat?: string;
  layers?: ChartLayers;
  /** The series in legend order (default: first appearance). */
  order?: readonly string[];
}): TopLevelSpec {
  const domain = options.order ?? [...new Set(options.rows.map((r) => r.series))];
  const main = {
    data: { values: options.rows },
    params: interactionParams('series'),
    mark:
      options.mark === 'line'
        ? { type: 'line' as const, interpolate: 'step-after' as const, tooltip: true }
        : { type: 'area' as const, interpolate: 'step-after' as const, tooltip: true },
    encoding: {
      x: { field: 't', type: 'quantitative' as const, title: options.unit.title },
      y: {
        field: 'value',
        type: 'quantitative' as const,
        title: options.yTitle,
        ...(options.mark === 'area' ? { stack: 'zero' as const } : {}),
        ...(options.yFormat ? { axis: { format: options.yFormat } } : {}),
      },
      color: { field: 'series', type: 'nominal' as const, title: options.seriesTitle, scale: { domain } },
      opacity: LEGEND_OPACITY,
    },
  };
  return {
    ...topLevel(options.title),
    layer: [...(options.layers?.under ?? []), main, ...(options.layers?.over ?? [])],
  } as TopLevelSpec;
}
