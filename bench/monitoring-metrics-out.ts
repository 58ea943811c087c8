import { loadText } from '../src/manifests/index.js';
import { writeOpenMetrics } from '../src/monitoring/openmetrics.js';
import { createRun, type RunOptions, type SimulationResult } from '../src/sim/run.js';
import { type Benchmark, compareVariants } from './harness.js';
import { shopScenario } from './traffic-shop.js';

/**
 * monitoring-metrics-out: what `--metrics-out` costs. traffic-shop's 10-service shop (200 pods, a
 * node crash), fluid traffic at 2000 requests/s over 6 simulated hours: the run alone (baseline),
 * with the series collected every 30 s, and with them also written as OpenMetrics text (to a sink
 * that counts bytes, so the disk is not timed). Simulated s per CPU s.
 */
function run(text: string, options: RunOptions): SimulationResult {
  const loaded = loadText(text, 'shop.yaml', { requireScenario: true });
  if (!loaded.ok) throw new Error(`the shop Scenario does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return createRun(loaded.input, options).finish();
}

function note(r: SimulationResult, bytes?: number): string {
  const store = r.monitoring;
  const served = r.traffic?.services.reduce((a, s) => a + s.served, 0) ?? 0;
  const base = `${Math.round(served)} served`;
  if (!store) return base;
  const text = bytes === undefined ? '' : `, ${(bytes / 1e6).toFixed(1)} MB text`;
  return `${base}, ${store.seriesCount} series, ${store.runs} runs (≈ ${(store.estimatedBytes / 1e6).toFixed(1)} MB)${text}`;
}

export const monitoringMetricsOut: Benchmark = {
  name: 'monitoring-metrics-out',
  description:
    '200-pod shop, fluid, 6 h: the run alone, with the series collected, and written as OpenMetrics',
  run(options) {
    const seconds = options.quick ? 3600 : 6 * 3600;
    const text = shopScenario(
      `${seconds}s`,
      options.quick ? '20m' : '2h',
      'fluid',
      '{ poisson: { rate: 2000/s } }',
    );
    return compareVariants(
      'monitoring-metrics-out',
      'simulated s',
      seconds,
      [
        { name: 'run alone', run: () => note(run(text, {})) },
        { name: 'series collected (30 s scrapes)', run: () => note(run(text, { monitoring: {} })) },
        {
          name: 'collected + OpenMetrics written',
          run: () => {
            const r = run(text, { monitoring: {} });
            let bytes = 0;
            if (r.monitoring)
              writeOpenMetrics(r.monitoring, (chunk) => {
                bytes += Buffer.byteLength(chunk);
              });
            return note(r, bytes);
          },
        },
      ],
      options.rounds,
    );
  },
};
