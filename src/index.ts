/**
 * kubesim as a library: load manifests, simulate, report.
 *
 *   const { input, diagnostics, ok } = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
 *   const result = simulate(input, { seed: 7 });
 *   console.log(renderMarkdown(buildRunReport(result)));
 */
export * from './controllers/hpa/index.js';
export * from './engine/index.js';
export type { Diagnostic, LoadResult } from './manifests/index.js';
export { formatDiagnostic, loadFiles, loadText } from './manifests/index.js';
export type { Override } from './manifests/overrides.js';
export * from './model/index.js';
export {
  DEFAULT_METRICS_START_MS,
  type LabelMatcher,
  type MetricFamily,
  type MonitoringOptions,
  openMetricsText,
  type Sample,
  SeriesStore,
  StoredSeries,
  writeOpenMetrics,
} from './monitoring/index.js';
export { type Figures, reportFigures } from './planner/figures.js';
export { comparePaired, type PairedComparison } from './planner/paired-comparison.js';
export * from './planner/plan/index.js';
export { type Replications, replicate, replicatedReport } from './planner/replications.js';
export { renderChartSvg } from './report/charts/render.js';
export { buildRunReport, type RunReport, SCHEMA_VERSION, serializeRunReport } from './report/json.js';
export { renderMarkdown } from './report/markdown.js';
export { renderSummary } from './report/summary.js';
export { explainScheduling, renderExplanation, Scheduler } from './scheduler/index.js';
export { type SimulateOptions, type SimulationResult, simulate } from './sim/simulate.js';
export { KUBESIM_VERSION } from './version.js';
