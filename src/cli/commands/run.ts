import { basename, extname, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { formatDuration } from '../../engine/time.js';
import {
  type MetricsFlags,
  metricsFolderProblem,
  parseMetricsFlags,
  writeMetricsFile,
} from '../../monitoring/metrics-file.js';
import { replicatedReport } from '../../planner/replications.js';
import { buildRunReport } from '../../report/json.js';
import { chartsFolder, prepareChartsFolder, reportFiles } from '../../report/report-files.js';
import { renderSummary } from '../../report/summary.js';
import { prepareOutputDirectory, writeFilesAtomic } from '../../report/write.js';
import { simulate } from '../../sim/simulate.js';
import { UserError } from '../errors.js';
import { writeUninterrupted } from '../interrupt.js';
import { loadOrFail } from '../load.js';
import {
  addLimitOptions,
  type LimitOptions,
  parseDurationOption,
  parseLimits,
  parseReplications,
  parseSeed,
} from '../options.js';

/** `--format` values and the files each writes. */
const REPORT_FORMATS: Record<string, ('json' | 'md' | 'html')[]> = {
  json: ['json'],
  md: ['md'],
  html: ['html'],
  both: ['json', 'md'],
  all: ['json', 'md', 'html'],
};

interface RunOptions extends LimitOptions, MetricsFlags {
  seed?: string;
  duration?: string;
  out: string;
  format: string;
  quiet?: boolean;
  /** commander's --no-autoscaling: false when given. */
  autoscaling: boolean;
  compareFixed?: boolean;
  replications?: string;
}

/** Progress on a TTY for runs that last over a second: the bar appears only once a second has passed. */
export function progressReporter(enabled: boolean): { onProgress?: (f: number) => void; done: () => void } {
  if (!enabled) return { done: () => {} };
  const started = Date.now();
  let bar: SingleBar | undefined;
  return {
    onProgress: (fraction) => {
      if (!bar && Date.now() - started > 1000) {
        bar = new SingleBar({
          format: 'simulating [{bar}] {percentage}% | ETA {eta}s',
          stream: process.stderr,
          hideCursor: true,
        });
        bar.start(100, 0);
      }
      bar?.update(Math.round(fraction * 100));
    },
    done: () => bar?.stop(),
  };
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('simulate a scenario, print a summary and write the report')
    .argument('<scenario>', 'a YAML file with a kind: Scenario document (and any Kubernetes manifests)')
    .option('--seed <n>', "random seed (overrides the Scenario's spec.seed)")
    .option('--duration <d>', 'simulated time, e.g. 90m or 6h (overrides spec.duration)')
    .option('--out <dir>', 'folder for the report files', 'report')
    .option(
      '--format <f>',
      'report formats: json, md, html, both (json + md) or all (json + md + html)',
      'both',
    )
    .option('--quiet', 'print nothing but errors')
    .option(
      '--no-autoscaling',
      'run with the HorizontalPodAutoscalers and the cluster-autoscaler off (a fixed cluster)',
    )
    .option(
      '--metrics-out <file>',
      'also write the Prometheus series as OpenMetrics text (docs/monitoring.md)',
    )
    .option(
      '--metrics-start <instant>',
      'the wall-clock instant of simulated time 0 in --metrics-out (default 2026-01-01T00:00:00Z)',
    )
    .option('--scrape-interval <d>', 'how often the series in --metrics-out are scraped (default 30s)')
    .option(
      '--compare-fixed',
      'also run the same scenario and seed with autoscaling off and report its cost next to this one (autoscaling.withoutAutoscaling)',
    )
    .option(
      '--replications <n>',
      "run seeds seed, seed + 1, … (n runs) and add each figure's mean and 95 % interval (statistics); the report is the first seed's run",
    );
  addLimitOptions(command).action(async (scenarioPath: string, opts: RunOptions) => {
    const seed = parseSeed(opts.seed);
    const duration = parseDurationOption(opts.duration);
    const limits = parseLimits(opts, 'run');
    const replications = parseReplications(opts.replications, 'run');
    const formats = Object.hasOwn(REPORT_FORMATS, opts.format) ? REPORT_FORMATS[opts.format] : undefined;
    if (!formats) {
      throw new UserError(
        `Cannot run: --format must be json, md, html, both or all: current value is "${opts.format}"`,
      );
    }
    const { input } = await loadOrFail([scenarioPath], {
      requireScenario: true,
      quiet: opts.quiet,
      limits,
      ...(duration === undefined ? {} : { duration }),
    });
    const stem = basename(scenarioPath, extname(scenarioPath));
    const names = formats.map((f) => `${stem}.${f}`);
    const paths = Object.fromEntries(formats.map((f) => [f, join(opts.out, `${stem}.${f}`)]));
    const metrics = parseMetricsFlags(opts);
    if (typeof metrics === 'string') throw new UserError(metrics);
    const outProblem = prepareOutputDirectory(opts.out, names);
    if (outProblem) throw new UserError(outProblem);
    const metricsProblem = metrics ? metricsFolderProblem(metrics.path) : undefined;
    if (metricsProblem) throw new UserError(metricsProblem);
    const progress = progressReporter(!opts.quiet && process.stderr.isTTY === true);
    const wallStart = process.hrtime.bigint();
    const runs = replications ?? 1;
    let eventsFired = 0;
    // One run per seed; the fixed cluster (the same input and seed, autoscalers off, only when the
    // run had any) only for the first, whose report is the one written.
    const runOne = (runSeed: number | undefined, index: number) => {
      const result = simulate(input, {
        seed: runSeed,
        duration: opts.duration,
        autoscaling: opts.autoscaling,
        onProgress: progress.onProgress && ((f) => progress.onProgress?.((index + f) / runs)),
        // The series of the first run, whose report is the one written.
        ...(index === 0 && metrics ? { monitoring: metrics.monitoring } : {}),
      });
      eventsFired += result.eventsFired;
      const fixed =
        index === 0 && opts.compareFixed && opts.autoscaling && result.autoscaling
          ? simulate(input, { seed: runSeed, duration: opts.duration, autoscaling: false })
          : undefined;
      return { result, report: buildRunReport(result, fixed) };
    };
    const single = runOne(seed, 0);
    const report =
      replications === undefined
        ? single.report
        : await replicatedReport(replications, single.report, (s, i) => runOne(s, i).report);
    progress.done();
    const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
    const result = single.result;
    const files = await reportFiles(report, paths);
    // Made only now, so a run that fails leaves no empty folder behind.
    const chartsProblem = paths.md ? prepareChartsFolder(paths.md) : undefined;
    if (chartsProblem) throw new UserError(chartsProblem);
    try {
      writeUninterrupted(() => writeFilesAtomic(files));
    } catch (error) {
      // Checked before simulating, so only a change meanwhile (a full disk) gets here.
      throw new UserError(`Cannot write the report to "${opts.out}": ${(error as Error).message}`);
    }
    // The chart SVGs are named by their folder, after the report files.
    const written = [...Object.values(paths), ...(paths.md ? [`${chartsFolder(paths.md)}/`] : [])];
    if (metrics && result.monitoring) {
      const store = result.monitoring;
      try {
        writeUninterrupted(() => writeMetricsFile(metrics.path, store, metrics.startMs));
      } catch (error) {
        throw new UserError(`Cannot write the metrics to "${metrics.path}": ${(error as Error).message}`);
      }
      written.push(metrics.path);
      if (store.truncatedAt !== null)
        process.stderr.write(
          `warning: the metrics stop at ${formatDuration(store.truncatedAt * 1000)}: the series store reached its bound of runs (docs/monitoring.md, Memory)\n`,
        );
    }
    if (!opts.quiet) {
      process.stdout.write(`${renderSummary(report)}\nreport: ${written.join(', ')}\n`);
      // Run timing is not part of the report (which must be byte-identical for the same input and seed).
      process.stderr.write(
        `simulated ${runs === 1 ? '' : `${runs} × `}${formatDuration(result.duration)} in ${wallSeconds.toFixed(2)} s wall time (${eventsFired} events)\n`,
      );
    }
  });
}
