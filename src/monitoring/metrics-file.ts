import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readDuration } from '../manifests/duration.js';
import type { MonitoringOptions } from './collector.js';
import { DEFAULT_METRICS_START_MS, writeOpenMetrics } from './openmetrics.js';
import type { SeriesStore } from './series-store.js';

/** The command-line text of the metrics options, as given. */
export interface MetricsFlags {
  metricsOut?: string;
  metricsStart?: string;
  scrapeInterval?: string;
}

/** What `kubesim run` does with them: the file, the start instant, the collector's options. */
export interface MetricsOutput {
  path: string;
  startMs: number;
  monitoring: MonitoringOptions;
}

/** An RFC 3339 instant with a zone: 2026-01-01T00:00:00Z, 2026-01-01T02:00:00+02:00. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks the metrics flags; returns undefined without --metrics-out, and a message (a string) for
 * the first bad one.
 */
export function parseMetricsFlags(flags: MetricsFlags): MetricsOutput | string | undefined {
  if (flags.metricsOut === undefined) {
    const stray =
      flags.metricsStart !== undefined
        ? '--metrics-start'
        : flags.scrapeInterval !== undefined
          ? '--scrape-interval'
          : null;
    return stray === null ? undefined : `Cannot run: ${stray} needs --metrics-out FILE`;
  }
  let startMs = DEFAULT_METRICS_START_MS;
  if (flags.metricsStart !== undefined) {
    startMs = RFC3339.test(flags.metricsStart) ? Date.parse(flags.metricsStart) : Number.NaN;
    if (!Number.isFinite(startMs) || startMs < 0)
      return `Cannot run: --metrics-start expected an instant after 1970 such as 2026-01-01T00:00:00Z, got "${flags.metricsStart}"`;
  }
  // Unset without the flag, so the Scenario's spec.monitoring.scrapeInterval (or the default) applies.
  let scrapeInterval: number | undefined;
  if (flags.scrapeInterval !== undefined) {
    const us = readDuration(flags.scrapeInterval);
    if (typeof us !== 'number' || us < 1000)
      return `Cannot run: --scrape-interval expected a duration of at least 1ms such as 15s or 1m, got "${flags.scrapeInterval}"`;
    scrapeInterval = us;
  }
  return {
    path: flags.metricsOut,
    startMs,
    monitoring: scrapeInterval === undefined ? {} : { scrapeInterval },
  };
}

/**
 * Why the metrics file cannot be written there: its folder is missing (checked before simulating,
 * after the report's folder is made, so `--metrics-out report/x.om` works on a fresh checkout).
 */
export function metricsFolderProblem(path: string): string | undefined {
  const folder = dirname(resolve(path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  return isFolder ? undefined : `Cannot write the metrics to "${path}": the folder ${folder} does not exist`;
}

/**
 * Writes the store as OpenMetrics text to `path`, through a temporary file beside it renamed into
 * place, so a reader never sees half a file.
 */
export function writeMetricsFile(path: string, store: SeriesStore, startMs: number): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'w');
  try {
    writeOpenMetrics(store, (chunk) => writeSync(fd, chunk), { startMs });
    closeSync(fd);
    renameSync(tmp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw error;
  }
}
