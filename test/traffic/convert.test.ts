import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seconds } from '../../src/engine/time.js';
import {
  convertKubeProxyConfiguration,
  convertTraffic,
  DEFAULT_PROXY,
  parseRate,
  serviceFacts,
  type TrafficServiceFacts,
} from '../../src/manifests/convert/traffic.js';
import { formatDiagnostic } from '../../src/manifests/diagnostics.js';
import { Reporter, type Site } from '../../src/manifests/report.js';
import { parseYaml } from '../../src/manifests/source.js';

// Tests of manifests/convert/traffic.ts (kept under test/traffic/ with the rest of the traffic work).

const FILE = 'models/shop.yaml';

function siteOf(text: string, file = FILE): { site: Site; value: Record<string, unknown> } {
  const doc = parseYaml(text, file).docs[0];
  if (!doc) throw new Error('no document');
  return {
    site: { src: doc, base: [], label: 'Scenario "shop"' },
    value: doc.value as Record<string, unknown>,
  };
}

const SERVICES: Record<string, TrafficServiceFacts> = {
  frontend: { key: 'default/frontend', sessionAffinityTimeout: null, preferClose: false },
  cart: { key: 'default/cart', sessionAffinityTimeout: seconds(10_800), preferClose: true },
  catalog: { key: 'default/catalog', sessionAffinityTimeout: null, preferClose: false },
};

function convert(specYaml: string, files: Record<string, string> = {}) {
  const { site, value } = siteOf(`spec:\n${specYaml.replace(/^/gm, '  ')}`);
  const reporter = new Reporter();
  const config = convertTraffic(
    value.spec as Record<string, unknown>,
    site,
    {
      services: new Map(Object.entries(SERVICES)),
      proxy: DEFAULT_PROXY,
      warmup: seconds(60),
      readSamples: (f) => {
        const text = files[f];
        return text === undefined ? { problem: 'no such file or directory' } : { text, path: f };
      },
    },
    reporter,
  );
  return { config, messages: reporter.diagnostics.map(formatDiagnostic), diagnostics: reporter.diagnostics };
}

const SHOP = `
services:
  frontend:
    serviceTime: {lognormal: {median: 20ms, p99: 200ms}}
    concurrency: 8
    queueLimit: 100
    timeout: 2s
    cpuPerRequest: 15ms
    loadBalancing: round-robin
    keepAlive: {connectionsPerClient: 2, maxRequestsPerConnection: 100}
    retries: {attempts: 2, backoff: 25ms, budget: 20%}
    calls:
      - {service: catalog, count: 2, parallel: true}
      - {service: cart, probability: 0.3}
  catalog:
    serviceTime: {exponential: {mean: 5ms}}
  cart:
    serviceTime: {constant: 3ms}
    cache: {entries: 1000, missFactor: 4}
workload:
  - name: shoppers
    target: frontend
    arrivals: {poisson: {rate: 300/s}}
    clients: {count: 5000, sessionLength: {exponential: {mean: 20}}, thinkTime: {exponential: {mean: 5s}}, skew: 1.1, sourceIps: 50}
slo:
  availability: 99.9%
  latency: {p99: 300ms}
fidelity: request
`;

describe('convertTraffic', () => {
  it('converts the Scenario example: services by key, defaults, calls, clients, SLOs', () => {
    const { config, messages } = convert(SHOP);
    expect(messages).toEqual([]);
    expect(Object.keys(config?.services ?? {}).sort()).toEqual([
      'default/cart',
      'default/catalog',
      'default/frontend',
    ]);
    const front = config?.services['default/frontend'];
    expect(front?.concurrency).toBe(8);
    expect(front?.timeout).toBe(2_000_000);
    expect(front?.cpuPerRequest).toBe(15_000);
    expect(front?.retries).toEqual({ attempts: 2, backoff: 25_000, budget: 0.2 });
    expect(front?.keepAlive).toEqual({
      connectionsPerClient: 2,
      maxRequestsPerConnection: 100,
      idleTimeout: 90_000_000,
    });
    expect(front?.calls).toEqual([
      { service: 'default/catalog', count: 2, probability: 1, parallel: true },
      { service: 'default/cart', count: 1, probability: 0.3, parallel: false },
    ]);
    const cart = config?.services['default/cart'];
    expect(cart?.sessionAffinityTimeout).toBe(seconds(10_800));
    expect(cart?.preferClose).toBe(true);
    expect(cart?.concurrency).toBe(1);
    expect(config?.workloads[0]?.target).toBe('default/frontend');
    expect(config?.workloads[0]?.arrivals).toEqual({ kind: 'poisson', rate: 300 });
    expect(config?.workloads[0]?.clients?.sourceIps).toBe(50);
    expect(config?.slo).toEqual({ availability: 0.999, latency: { p99: 300_000 } });
    expect(config?.warmup).toBe(seconds(60));
  });

  it('names the valid policies when loadBalancing is unknown, with file and line', () => {
    const { config, messages } = convert(
      SHOP.replace('loadBalancing: round-robin', 'loadBalancing: weighted'),
    );
    expect(config).toBeUndefined();
    expect(messages).toEqual([
      `${FILE}:10:22: Scenario "shop": spec.services.frontend.loadBalancing: expected a load-balancing policy: one of kube-proxy, random, round-robin, least-connection, least-request, source-hash, ring-hash, maglev, got "weighted"`,
    ]);
  });

  it('rejects negative and non-numeric rates', () => {
    expect(convert(SHOP.replace('rate: 300/s', 'rate: -5/s')).messages[0]).toContain(
      'spec.workload[0].arrivals.poisson.rate: expected a rate >= 0 such as "300/s"',
    );
    expect(convert(SHOP.replace('rate: 300/s', 'rate: lots')).messages[0]).toContain('got "lots"');
    expect(convert(SHOP.replace('rate: 300/s', 'rate: -3')).messages[0]).toContain('got -3');
  });

  it('names the cycle of a call graph', () => {
    const { messages } = convert(
      `${SHOP}`.replace('cache: {entries: 1000, missFactor: 4}', 'calls: [{service: frontend}]'),
    );
    expect(messages).toEqual([
      expect.stringContaining(
        'spec.services.frontend.calls[1].service: the call graph has a cycle: cart → frontend → cart',
      ),
    ]);
  });

  it('reports calls to a Service that does not exist, listing the Services', () => {
    const { messages } = convert(SHOP.replace('{service: cart, probability: 0.3}', '{service: basket}'));
    expect(messages).toEqual([
      expect.stringContaining(
        'spec.services.frontend.calls[1].service: calls a Service that does not exist: no Service named "basket" (Services: frontend, cart, catalog)',
      ),
    ]);
  });

  it('rejects concurrency 0', () => {
    const { messages } = convert(SHOP.replace('concurrency: 8', 'concurrency: 0'));
    expect(messages).toEqual([
      expect.stringMatching(/:6:20: .*concurrency: expected an integer >= 1 \(concurrency 0 would/),
    ]);
  });

  it('rejects a workload that targets nothing, and a target without serviceTime', () => {
    expect(convert(SHOP.replace('target: frontend', 'target: front')).messages).toEqual([
      expect.stringContaining(
        'spec.workload[0].target: the workload targets nothing: no Service named "front"',
      ),
    ]);
    expect(convert(SHOP.replace('serviceTime: {constant: 3ms}', 'queueLimit: 3')).messages).toEqual([
      expect.stringContaining(
        'spec.services.cart: Service "cart" receives requests but spec.services.cart.serviceTime is missing',
      ),
    ]);
  });

  it('reads steps, diurnal and flash crowds with their units', () => {
    const arrivals = (a: string) =>
      convert(SHOP.replace('{poisson: {rate: 300/s}}', a)).config?.workloads[0]?.arrivals;
    expect(arrivals('{steps: [{at: 0s, rate: 60/min}, {at: 1h, rate: 7200/h}]}')).toEqual({
      kind: 'steps',
      steps: [
        { at: 0, rate: 1 },
        { at: 3_600_000_000, rate: 2 },
      ],
    });
    expect(arrivals('{diurnal: {mean: 300/s, amplitude: 0.5, period: 24h, peakAt: 14h}}')).toEqual({
      kind: 'diurnal',
      mean: 300,
      amplitude: 0.5,
      period: 86_400_000_000,
      peakAt: 50_400_000_000,
    });
    expect(arrivals('{flashCrowd: {from: 10/s, to: 100/s, at: 1h, rampUp: 1m, hold: 10m}}')).toMatchObject({
      kind: 'flashCrowd',
      rampUp: 60_000_000,
    });
    expect(
      convert(SHOP.replace('{poisson: {rate: 300/s}}', '{steps: [{at: 1h, rate: 1/s}, {at: 0s, rate: 2/s}]}'))
        .messages,
    ).toEqual([
      expect.stringContaining(
        'spec.workload[0].arrivals.steps[1].at: expected steps in increasing order of `at`',
      ),
    ]);
  });

  it('reads a trace of counts per interval with timestamps, scaled and looped', () => {
    const csv = 'ts,requests\n2024-11-29 10:00:00,600\n2024-11-29T10:01:00Z,1200\n2024-11-29 10:02:00,60\n';
    const { config, messages } = convert(
      SHOP.replace(
        '{poisson: {rate: 300/s}}',
        '{trace: {file: t.csv, time: ts, count: requests, scale: 2, timeScale: 0.5, loop: true}}',
      ),
      { 't.csv': csv },
    );
    expect(messages).toEqual([]);
    // Intervals of 60 s become 30 s: 600 requests in 30 s is 20/s, doubled by scale.
    expect(config?.workloads[0]?.arrivals).toEqual({
      kind: 'trace',
      steps: [
        { at: 0, rate: 40 },
        { at: 30_000_000, rate: 80 },
        { at: 60_000_000, rate: 4 },
      ],
      end: 90_000_000,
      loop: true,
    });
  });

  it('reports a bad trace row as file:line', () => {
    const csv = 't,rps\n0,100\n60,fast\n';
    const { messages } = convert(
      SHOP.replace('{poisson: {rate: 300/s}}', '{trace: {file: t.csv, time: t, rate: rps}}'),
      {
        't.csv': csv,
      },
    );
    expect(messages).toEqual([
      expect.stringContaining(
        'spec.workload[0].arrivals.trace.file: t.csv:3: expected a number >= 0 in column "rps", got "fast"',
      ),
    ]);
    expect(
      convert(SHOP.replace('{poisson: {rate: 300/s}}', '{trace: {file: t.csv, time: when, rate: rps}}'), {
        't.csv': csv,
      }).messages,
    ).toEqual([expect.stringContaining('t.csv:1: no column "when" in the header (columns: t, rps)')]);
    expect(
      convert(SHOP.replace('{poisson: {rate: 300/s}}', '{trace: {file: none.csv, rate: rps}}')).messages,
    ).toEqual([expect.stringContaining('Cannot read trace "none.csv"')]);
  });

  it('reads the traces shipped in workloads/', () => {
    const read = (f: string) => readFileSync(new URL(`../../workloads/${f}`, import.meta.url), 'utf8');
    const traces = [
      ['black-friday.csv', 'time: time, count: requests', 1440, 86_400],
      ['diurnal-week.csv', 'time: time, rate: rps, loop: true', 1008, 7 * 86_400],
      ['flash-sale.csv', 'time: time, rate: rps', 1800, 1800],
    ] as const;
    for (const [file, columns, rows, span] of traces) {
      const { config, messages } = convert(
        SHOP.replace('{poisson: {rate: 300/s}}', `{trace: {file: ${file}, ${columns}}}`),
        {
          [file]: read(file),
        },
      );
      expect(messages).toEqual([]);
      const arrivals = config?.workloads[0]?.arrivals;
      expect(arrivals?.kind === 'trace' && [arrivals.steps.length, arrivals.end / 1e6]).toEqual([rows, span]);
    }
  });

  it('carries spec.fidelity, request by default, without a warning', () => {
    const fluid = convert(SHOP.replace('fidelity: request', 'fidelity: fluid'));
    expect([fluid.config?.fidelity, fluid.diagnostics]).toEqual(['fluid', []]);
    expect(convert(SHOP.replace('fidelity: request', '')).config?.fidelity).toBe('request');
    const bad = convert(SHOP.replace('fidelity: request', 'fidelity: liquid'));
    expect(bad.config).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.message).join()).toContain('expected one of request, fluid');
  });

  it('refuses fluid fidelity for a service time without a finite variance', () => {
    const heavy = SHOP.replace('fidelity: request', 'fidelity: fluid').replace(
      /serviceTime: .*$/m,
      'serviceTime: { pareto: { scale: 1ms, shape: 1.5 } }',
    );
    const { config, diagnostics } = convert(heavy);
    expect(config).toBeUndefined();
    expect(diagnostics.map((d) => d.message).join()).toContain(
      'fidelity fluid needs a service time with a finite mean and variance',
    );
  });
});

describe('serviceFacts', () => {
  it('keys a Service by namespace/name and carries its ClientIP affinity timeout', () => {
    const base = { namespace: 'shop', name: 'cart', labels: {}, type: 'ClusterIP' as const, ports: [] };
    expect(
      serviceFacts({ ...base, sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600 }),
    ).toEqual({
      key: 'shop/cart',
      sessionAffinityTimeout: 600_000_000,
      preferClose: false,
    });
    expect(
      serviceFacts({ ...base, sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10_800 }, true),
    ).toEqual({
      key: 'shop/cart',
      sessionAffinityTimeout: null,
      preferClose: true,
    });
  });
});

describe('parseRate', () => {
  it('reads N/s, N/min, N/h and bare numbers per second', () => {
    expect(['300/s', '60/min', '3600/h', '2.5/s', 4, '1e3/s'].map(parseRate)).toEqual([
      300, 1, 1, 2.5, 4, 1000,
    ]);
    expect(['-1/s', '3/day', 'fast', -2, Number.NaN, '/s'].map(parseRate)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('convertKubeProxyConfiguration', () => {
  const proxy = (body: string) => {
    const { site, value } = siteOf(
      `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n${body}`,
      'kp.yaml',
    );
    const reporter = new Reporter();
    return {
      config: convertKubeProxyConfiguration(value, site, reporter),
      messages: reporter.diagnostics.map(formatDiagnostic),
    };
  };

  it('defaults to iptables, reads ipvs with its scheduler, and ignores the fields kubesim does not read', () => {
    expect(proxy('bindAddress: 0.0.0.0\n').config).toEqual({ mode: 'iptables', ipvsScheduler: 'rr' });
    expect(proxy('mode: ""\n').config).toEqual({ mode: 'iptables', ipvsScheduler: 'rr' });
    expect(proxy('mode: ipvs\nipvs: {scheduler: lc, syncPeriod: 30s}\n').config).toEqual({
      mode: 'ipvs',
      ipvsScheduler: 'lc',
    });
    expect(proxy('mode: nftables\n').config?.mode).toBe('nftables');
  });

  it('lists the valid modes and schedulers', () => {
    expect(proxy('mode: userspace\n').messages).toEqual([
      'kp.yaml:3:7: Scenario "shop": mode: expected a proxy mode: one of iptables, nftables, ipvs (or ""), got "userspace"',
    ]);
    expect(proxy('mode: ipvs\nipvs: {scheduler: mh}\n').messages[0]).toContain(
      'expected an IPVS scheduler: one of rr, wrr, lc, sed, nq, dh, sh (or ""), got "mh"',
    );
  });
});
