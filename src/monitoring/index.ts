export {
  DEFAULT_SCRAPE_INTERVAL,
  MonitoringCollector,
  type MonitoringOptions,
  type MonitoringSources,
} from './collector.js';
export {
  DEFAULT_METRICS_START_MS,
  type OpenMetricsOptions,
  openMetricsText,
  writeOpenMetrics,
} from './openmetrics.js';
export { DEFAULT_LATENCY_BUCKETS, STATUS_CODE } from './request-metrics.js';
export {
  BYTES_PER_RUN,
  BYTES_PER_SERIES,
  DEFAULT_MAX_BYTES,
  type LabelMatcher,
  type MetricFamily,
  type MetricType,
  type Sample,
  type SeriesLabels,
  SeriesStore,
  type SeriesStoreOptions,
  StoredSeries,
} from './series-store.js';
