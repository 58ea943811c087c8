import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../support/chromium.js';

// The playground in Debian's Chromium: built with `npm run build:web`'s script, opened through
// `kubesim serve` and from disk, and used as a teacher would: kill a node, watch Kubernetes heal.

const WEB = resolve('dist/web');
const SHOTS = resolve('test-results');
const run = chromiumAvailable() ? describe : describe.skip;

/** A page that records its console errors, uncaught exceptions and every URL it requests. */
async function open(
  browser: LaunchedChromium,
  url: string,
): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, errors, requests };
}

/** Ready pods on nodes whose machine runs. */
function readyPods(page: Page): Promise<number> {
  return page.locator('.node[data-machine="up"] .pod[data-state="ready"]').count();
}

/** Waits until every replica (4 web + 3 api) is ready on a running machine. */
async function untilSettled(page: Page): Promise<void> {
  await expect.poll(() => readyPods(page), { timeout: 60_000, interval: 200 }).toBe(7);
}

/**
 * Starts `kubesim serve --port 0` as its own process (the CLI bundled from src/ by esbuild, so the
 * test needs no `npm run build`), and resolves with its URL and a function that sends it Ctrl-C.
 */
async function startServe(): Promise<{
  url: string;
  stop: () => Promise<{ code: number | null; out: string }>;
}> {
  const cli = join(SHOTS, 'kubesim-cli.mjs');
  await build({
    stdin: {
      contents: "import { main } from './src/cli/main.ts'; main(process.argv);",
      resolveDir: resolve('.'),
      loader: 'ts',
    },
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    out += String(chunk);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await expect.poll(() => out, { timeout: 30_000 }).toMatch(/http:\/\/\S+/);
  return {
    url: (out.match(/http:\/\/\S+/) as RegExpMatchArray)[0],
    async stop() {
      child.kill('SIGINT');
      return { code: await exited, out };
    },
  };
}

run('the browser playground', () => {
  let browser: LaunchedChromium;

  beforeAll(async () => {
    execFileSync(process.execPath, ['src/web/build.mjs'], { stdio: 'ignore' });
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium({ viewport: { width: 1400, height: 960 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads from `kubesim serve` with no console error, asks for nothing but its own files, and stops on Ctrl-C', async () => {
    const serve = await startServe();
    try {
      const { page, errors, requests } = await open(browser, serve.url);
      await untilSettled(page);
      expect(await page.locator('[data-zone]').count()).toBe(3);
      expect(await page.locator('[data-node]').count()).toBe(6);
      await page.screenshot({ path: join(SHOTS, 'playground-served.png') });
      expect(errors).toEqual([]);
      for (const url of requests) expect(url.startsWith(serve.url)).toBe(true);
      await page.close();
    } finally {
      const stopped = await serve.stop();
      expect(stopped.out).toContain('stopped (SIGINT)');
      expect(stopped.code).toBe(0);
    }
  }, 120_000);

  it('loads from disk (file://) with no console error', async () => {
    const url = pathToFileURL(join(WEB, 'index.html')).href;
    const { page, errors, requests } = await open(browser, url);
    await untilSettled(page);
    expect(errors).toEqual([]);
    for (const r of requests) expect(r.startsWith('file://')).toBe(true);
    await page.close();
  }, 120_000);

  it('kill node: its pods are rescheduled onto the other nodes and the availability line dips', async () => {
    const { page, errors } = await open(browser, pathToFileURL(join(WEB, 'index.html')).href);
    await page.locator('#speed').fill('3'); // ×1000
    await untilSettled(page);
    // The node with the most pods, and what it holds.
    const nodes = await page
      .locator('[data-node]')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-node'), e.querySelectorAll('.pod').length] as const),
      );
    const [victim] = nodes.reduce((a, b) => (b[1] > a[1] ? b : a));
    const node = page.locator(`[data-node="${victim}"]`);
    const before = await node
      .locator('.pod')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')));
    expect(before.length).toBeGreaterThan(0);
    await page.locator('#down-for').selectOption('');
    // Paused, so that the clock read is the time of the kill.
    await page.locator('#pause').click();
    await node.click();
    const killedAt = Number(await page.locator('#clock').getAttribute('data-seconds'));
    await page.locator('#kill-node').click();
    await page.locator('#pause').click();
    await expect
      .poll(() => node.getAttribute('data-ready'), { timeout: 60_000, interval: 100 })
      .toBe('Unknown');
    await page.screenshot({ path: join(SHOTS, 'playground-node-down.png') });
    // Evicted 300 s after the NoExecute taint, replaced by the ReplicaSets elsewhere.
    await untilSettled(page);
    const elsewhere = await page
      .locator(`[data-node]:not([data-node="${victim}"]) .pod`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')));
    for (const pod of before) expect(elsewhere).not.toContain(pod);
    expect(await node.getAttribute('data-machine')).toBe('down');
    const podsLine = page.locator('[data-chart="availability"] path[data-series="pods"]');
    expect(Number(await podsLine.getAttribute('data-min'))).toBeLessThan(1);
    // The requests its web pod was sent failed until the endpoints dropped it: the minute after the kill.
    const requestsLine = page.locator('[data-chart="availability"] path[data-series="requests"]');
    const points = JSON.parse((await requestsLine.getAttribute('data-points')) ?? '[]') as [number, number][];
    const afterKill = points.filter(([t]) => t > killedAt).map(([, v]) => v);
    expect(Math.min(...afterKill)).toBeLessThan(0.99);
    await expect
      .poll(async () => Number(await podsLine.getAttribute('data-last')), { timeout: 30_000 })
      .toBe(1);
    await page.screenshot({ path: join(SHOTS, 'playground-healed.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
