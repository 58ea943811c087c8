import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMetricsFile } from '../../src/monitoring/metrics-file.js';
import type { SeriesStore } from '../../src/monitoring/series-store.js';
import type { SimulationResult } from '../../src/sim/run.js';
import { hasSystemBinary } from '../support/system-binary.js';
import { dashboardPanels } from './dashboard.js';
import { INCIDENTS, runWithMetrics } from './fixtures.js';

const available = hasSystemBinary('promtool') && hasSystemBinary('prometheus');
/** Unix ms of simulated 0: far from now on purpose, to show old blocks load (docs/monitoring.md). */
const START_MS = Date.UTC(2026, 0, 1);
const MIN = 60_000;

let dir: string;
let result: SimulationResult;
let store: SeriesStore;
let promtool: { status: number | null; stdout: string; stderr: string };
let prometheus: ChildProcess | undefined;
let base: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log()}`);
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`prometheus did not become ready:\n${log()}`);
}

/** An instant query at simulated `tMs`: each result's labels and value. */
async function query(
  promql: string,
  tMs: number,
): Promise<{ metric: Record<string, string>; value: number }[]> {
  const params = new URLSearchParams({ query: promql, time: String((START_MS + tMs) / 1000) });
  const r = await fetch(`${base}/api/v1/query?${params}`);
  const body = (await r.json()) as {
    status: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  expect(body.status).toBe('success');
  return body.data.result.map((x) => ({ metric: x.metric, value: Number(x.value[1]) }));
}

describe.skipIf(!available)('a real Prometheus over the blocks promtool made from --metrics-out', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubesim-prometheus-'));
    result = await runWithMetrics(INCIDENTS, { duration: '50m' });
    store = result.monitoring as SeriesStore;
    const file = join(dir, 'incidents.om');
    writeMetricsFile(file, store, START_MS);
    const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'data')], {
      encoding: 'utf8',
    });
    promtool = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    if (r.status !== 0) return;
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    let log = '';
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        // Time retention counts back from the newest block; a long one keeps every backfilled block.
        '--storage.tsdb.retention.time=100y',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (d) => {
      log += String(d);
    });
    prometheus.stderr?.on('data', (d) => {
      log += String(d);
    });
    await waitReady(base, prometheus, () => log);
  }, 180_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus?.once('exit', r));
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('promtool tsdb create-blocks-from openmetrics accepts the file', () => {
    expect(promtool.stderr).not.toMatch(/error/i);
    expect(promtool.status).toBe(0);
    // It prints a table of the blocks it wrote, one row per 2-hour block.
    expect(promtool.stdout).toMatch(/BLOCK ULID/);
  });

  it('answers kube_deployment_status_replicas_available with the simulated values around the node crash', async () => {
    const shop = 'kube_deployment_status_replicas_available{namespace="default",deployment="shop"}';
    const simulated = (tMs: number) =>
      store
        .select('kube_deployment_status_replicas_available', [
          { name: 'deployment', op: '=', value: 'shop' },
        ])[0]
        ?.valueAt(tMs);
    const before = await query(shop, 19 * MIN);
    const during = await query(shop, 22 * MIN);
    expect(before.map((x) => x.value)).toEqual([simulated(19 * MIN)]);
    expect(during.map((x) => x.value)).toEqual([simulated(22 * MIN)]);
    expect(during[0]?.value).toBe((before[0]?.value ?? 0) - 1);
    const unknown = await query(
      'sum(kube_node_status_condition{condition="Ready",status="unknown"})',
      22 * MIN,
    );
    expect(unknown.map((x) => x.value)).toEqual([1]);
  });

  it('answers sum(http_requests_total) at the end with the report count, and computes a p99', async () => {
    const shop = result.traffic?.services.find((s) => s.service === 'default/shop');
    const total = await query('sum(http_requests_total)', 50 * MIN);
    expect(total.map((x) => x.value)).toEqual([(shop?.served ?? 0) + (shop?.failed ?? 0)]);
    const p99 = await query(
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
      15 * MIN,
    );
    expect(p99).toHaveLength(1);
    expect(p99[0]?.value).toBeGreaterThan(0.05);
    expect(p99[0]?.value).toBeLessThan(0.25);
  });

  it('every query of the Grafana dashboard returns data (during the crash loop, at 48m)', async () => {
    for (const p of dashboardPanels())
      for (const t of p.targets) {
        const r = await query(t.expr, 48 * MIN);
        expect(r.length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
        for (const x of r) expect(Number.isFinite(x.value), `${p.title}: ${t.expr}`).toBe(true);
      }
  });
});
