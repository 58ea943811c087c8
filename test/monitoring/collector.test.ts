import { beforeAll, describe, expect, it } from 'vitest';
import { MICROS_PER_MS, MICROS_PER_SECOND } from '../../src/engine/time.js';
import type { SeriesStore } from '../../src/monitoring/series-store.js';
import { buildRunReport } from '../../src/report/json.js';
import { createRun, type SimulationResult } from '../../src/sim/run.js';
import { INCIDENTS, loadInput, runWithMetrics } from './fixtures.js';

const MIN = 60_000;
let result: SimulationResult;
let store: SeriesStore;

beforeAll(async () => {
  result = await runWithMetrics(INCIDENTS);
  store = result.monitoring as SeriesStore;
}, 120_000);

/** Σ of the series' samples at exactly `tMs` (the scrape there). */
function sumAt(name: string, tMs: number, labels: Record<string, string> = {}): number {
  const matchers = Object.entries(labels).map(([n, value]) => ({ name: n, op: '=' as const, value }));
  let sum = 0;
  for (const s of store.select(name, matchers)) for (const x of s.samples(tMs, tMs)) sum += x.v;
  return sum;
}

/** The report's sampled series (step 1 minute) of `metric` with `labels`. */
function reportSeries(metric: string, labels: Record<string, string>): { tMs: number; v: number }[] {
  const s = result.series.series.find(
    (x) => x.metric === metric && Object.entries(labels).every(([k, v]) => x.labels[k] === v),
  );
  if (!s) throw new Error(`no report series ${metric}`);
  return result.series.times.map((t, i) => ({ tMs: t / MICROS_PER_MS, v: s.values[i] as number }));
}

describe('the collected series against the report', () => {
  it('kube_node_status_condition counts the nodes the report counts by Ready status, minute by minute', () => {
    for (const status of ['true', 'false', 'unknown'])
      for (const { tMs, v } of reportSeries('kube_node_status_condition_ready', { status }))
        expect(
          sumAt('kube_node_status_condition', tMs, { condition: 'Ready', status }),
          `${status} at ${tMs}`,
        ).toBe(v);
    // The crash shows: one node Unknown from 50 s after the machine died at 20m until it is back.
    expect(sumAt('kube_node_status_condition', 21 * MIN, { status: 'unknown' })).toBe(1);
    expect(sumAt('kube_node_status_condition', 19 * MIN, { status: 'unknown' })).toBe(0);
  });

  it('kube_pod_status_phase per pod adds up to the report pods-by-phase counts', () => {
    for (const phase of ['Pending', 'Running'])
      for (const { tMs, v } of reportSeries('kube_pod_status_phase', { phase }))
        expect(sumAt('kube_pod_status_phase', tMs, { phase }), `${phase} at ${tMs}`).toBe(v);
  });

  it("kubesim's own series are exported as the report samples them", () => {
    for (const workload of ['default/shop', 'default/worker'])
      for (const { tMs, v } of reportSeries('kubesim_workload_pods_available', { workload }))
        expect(sumAt('kubesim_workload_pods_available', tMs, { workload })).toBe(v);
  });

  it('kube_deployment_status_replicas_available drops while the crashed node holds a shop pod, then recovers', () => {
    const shop = { namespace: 'default', deployment: 'shop' };
    const spec = sumAt('kube_deployment_spec_replicas', 19 * MIN, shop);
    expect(sumAt('kube_deployment_status_replicas_available', 19 * MIN, shop)).toBe(spec);
    expect(sumAt('kube_deployment_status_replicas_available', 22 * MIN, shop)).toBe(spec - 1);
    expect(sumAt('kube_deployment_status_replicas_available', 34 * MIN, shop)).toBe(spec);
  });

  it('http_requests_total and the latency histogram at the end equal the report counts', () => {
    const end = store.scrapeTimes.at(-1) as number;
    expect(end).toBe(90 * MIN);
    const shop = result.traffic?.services.find((s) => s.service === 'default/shop');
    if (!shop) throw new Error('no shop traffic');
    const l = { namespace: 'default', service: 'shop' };
    expect(sumAt('http_requests_total', end, l)).toBe(shop.served + shop.failed);
    expect(sumAt('http_requests_total', end, { ...l, code: '200' })).toBe(shop.served);
    const r = shop.failedByReason;
    expect(sumAt('http_requests_total', end, { ...l, code: '503' })).toBe(r.noEndpoints + r.rejected);
    expect(sumAt('http_requests_total', end, { ...l, code: '502' })).toBe(r.podLost);
    expect(sumAt('http_request_duration_seconds_count', end, l)).toBe(shop.served);
    expect(sumAt('http_request_duration_seconds_bucket', end, { ...l, le: '+Inf' })).toBe(shop.served);
    expect(sumAt('http_request_duration_seconds_sum', end, l) / shop.served).toBeCloseTo(
      shop.latencyMs.mean / 1000,
      6,
    );
    // The p99 lies in the bucket the histogram puts it in.
    const below = sumAt('http_request_duration_seconds_bucket', end, { ...l, le: '0.1' });
    const upTo = sumAt('http_request_duration_seconds_bucket', end, { ...l, le: '0.25' });
    expect(below).toBeLessThan(0.99 * shop.served);
    expect(upTo).toBeGreaterThanOrEqual(0.99 * shop.served);
    expect(shop.latencyMs.p99).toBeGreaterThan(100);
    expect(shop.latencyMs.p99).toBeLessThanOrEqual(250);
  });

  it("kube_horizontalpodautoscaler_status_desired_replicas follows the HPA's rescales", () => {
    const events = result.autoscaling?.events ?? [];
    expect(events.length).toBeGreaterThan(0);
    const hpa = { namespace: 'default', horizontalpodautoscaler: 'shop' };
    for (const e of events) {
      // The first scrape at or after the rescale sees it, or a later one of the same sync window.
      const after = Math.ceil(e.at / MICROS_PER_MS / 30_000) * 30_000;
      const last = events.filter((x) => x.at <= after * MICROS_PER_MS).at(-1);
      expect(sumAt('kube_horizontalpodautoscaler_status_desired_replicas', after, hpa), `at ${after}`).toBe(
        last?.to,
      );
    }
    expect(sumAt('kube_horizontalpodautoscaler_status_desired_replicas', 70 * MIN, hpa)).toBe(6);
    expect(sumAt('kube_horizontalpodautoscaler_spec_max_replicas', 70 * MIN, hpa)).toBe(6);
  });

  it('the crash loop shows as CrashLoopBackOff and climbing restarts of the worker pods', () => {
    const worker = [{ name: 'pod', op: '=~' as const, value: 'worker-.*' }];
    const backoff = store.select('kube_pod_container_status_waiting_reason', [
      ...worker,
      { name: 'reason', op: '=', value: 'CrashLoopBackOff' },
    ]);
    expect(backoff).toHaveLength(2);
    for (const s of backoff) expect((s.samples()[0] as { t: number }).t).toBeGreaterThanOrEqual(45 * MIN);
    const restarts = store.select('kube_pod_container_status_restarts_total', worker);
    expect(restarts.map((s) => s.valueAt(90 * MIN))).toEqual([8, 8]);
  });

  it("container CPU is the requests' CPU plus idle CPU: Σ rate ≈ 40/s × 12 ms + 20m per pod in steady load", () => {
    const from = 10 * MIN;
    const to = 19 * MIN;
    let increase = 0;
    for (const s of store.select('container_cpu_usage_seconds_total', [
      { name: 'pod', op: '=~', value: 'shop-.*' },
    ])) {
      const a = s.valueAt(from, 0);
      const b = s.valueAt(to, 0);
      if (a !== undefined && b !== undefined) increase += b - a;
    }
    const pods = sumAt('kube_deployment_spec_replicas', from, { deployment: 'shop' });
    const expected = 40 * 0.012 + pods * 0.02;
    expect(increase / ((to - from) / 1000)).toBeCloseTo(expected, 1);
    expect(Math.abs(increase / ((to - from) / 1000) / expected - 1)).toBeLessThan(0.03);
    // The node counters add up the pods' increments.
    let nodes = 0;
    for (const s of store.select('node_cpu_usage_seconds_total'))
      nodes += (s.valueAt(to, 0) ?? 0) - (s.valueAt(from, 0) ?? 0);
    expect(nodes).toBeGreaterThanOrEqual(increase - 1e-6);
  });
});

describe('collecting costs nothing when not asked, and changes nothing when asked', () => {
  it('the report with the series collected equals the one without, but for the scrape events', async () => {
    const input = await loadInput(INCIDENTS);
    const without = createRun(input, { duration: '25m' }).finish();
    const withMetrics = createRun(input, { duration: '25m', monitoring: {} }).finish();
    expect(without.monitoring).toBeUndefined();
    const a = buildRunReport(without);
    const b = buildRunReport(withMetrics);
    expect(b.engine.eventsFired - a.engine.eventsFired).toBe(25 * 2);
    expect({ ...b, engine: a.engine }).toEqual(a);
    expect(withMetrics.duration).toBe(25 * 60 * MICROS_PER_SECOND);
  });
});

describe('fluid traffic', () => {
  it('counts the expected requests of each step: at the end they match the report within what pods lost took back', async () => {
    const input = await loadInput(INCIDENTS, [
      { target: 'Scenario', path: ['spec', 'fidelity'], value: 'fluid' },
    ]);
    expect(input.scenario?.traffic?.fidelity).toBe('fluid');
    const r = createRun(input, { duration: '30m', monitoring: {} }).finish();
    const s = r.monitoring as SeriesStore;
    const shop = r.traffic?.services.find((x) => x.service === 'default/shop');
    if (!shop) throw new Error('no shop traffic');
    const at = (name: string, labels: Record<string, string>) =>
      s
        .select(
          name,
          Object.entries(labels).map(([n, value]) => ({ name: n, op: '=' as const, value })),
        )
        .reduce((a, x) => a + (x.valueAt(30 * MIN) ?? 0), 0);
    const total = at('http_requests_total', { service: 'shop' });
    expect(total).toBeCloseTo(shop.served + shop.failed, -1);
    // Requests the model takes back as lost with the crashed node's pod stay counted served here.
    const served = at('http_requests_total', { service: 'shop', code: '200' });
    expect(served).toBeGreaterThanOrEqual(shop.served - 1e-6);
    expect(served - shop.served).toBeLessThanOrEqual(shop.failedByReason.podLost + 1e-6);
    expect(at('http_request_duration_seconds_count', { service: 'shop' })).toBeCloseTo(served, 0);
  });
});
