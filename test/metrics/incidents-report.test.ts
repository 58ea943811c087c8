import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/index.js';
import { buildRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { runReportSchema } from '../../src/report/schema.js';
import { renderSummary } from '../../src/report/summary.js';
import { simulate } from '../../src/sim/simulate.js';
import { deployment, makeCluster, S, service } from '../controllers/harness.js';

const THIRTY_DAYS_SECONDS = 30 * 24 * 3600;

describe('the incidents section of the report', () => {
  const c = makeCluster({
    workloads: [deployment('web', 3)],
    services: [service('web')],
    duration: 2000 * S,
    faults: [{ kind: 'nodeCrash', at: 105 * S, target: { node: 'p-0', count: 1 } }],
  });
  const report = buildRunReport(c.run.finish());

  it('gives the first time of each repair step after the fault, in repair order', () => {
    expect(runReportSchema.safeParse(report).error).toBeUndefined();
    const [incident] = report.incidents ?? [];
    expect(incident?.milestones.map((m) => [m.step, m.afterSeconds])).toEqual([
      ['fault', 0],
      ['detected', 50],
      ['tainted', 55.1],
      ['evicted', 355.1],
      ['replaced', 355.1],
      ['scheduled', 355.1],
      ['ready', 365.1],
      ['inEndpoints', 365.1],
      ['recovered', 365.1],
    ]);
    expect(incident?.timeToRecover).toBe('6m5.1s');
    expect(incident?.podsLost).toBe(1);
  });

  it('renders a table, a timeline per incident and a summary line', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('## Incidents');
    expect(md).toContain('| 1 | 1m45s | nodeCrash p-0 | +50s | +55.1s | +5m55.1s |');
    expect(md).toContain('### Incident 1: nodeCrash p-0 at 1m45s');
    expect(md).toContain('node/p-0 tainted node.kubernetes.io/unreachable:NoExecute');
    expect(renderSummary(report)).toContain(
      'incident            1. nodeCrash p-0 at 1m45s: detected +50s → tainted +55.1s → evicted +5m55.1s → replaced +5m55.1s → scheduled +5m55.1s → ready +6m5.1s → in endpoints +6m5.1s; recovered after 6m5.1s, 1 pod lost',
    );
  });

  it('is absent from a run without faults', () => {
    const quiet = buildRunReport(
      makeCluster({ workloads: [deployment('web', 1)], duration: 100 * S }).run.finish(),
    );
    expect(quiet.incidents).toBeUndefined();
  });
});

describe('downtime per 30 days', () => {
  it('follows time-based availability per workload and overall', () => {
    // One replica on a node that crashes for good at 105 s: no pod serves over [0, 10 s) (start-up)
    // and [105, 470.1) (until the replacement is Ready).
    const c = makeCluster({ workloads: [deployment('web', 1)], duration: 1000 * S });
    c.run.advance(60 * S);
    const node = [...c.cluster.pods][0]?.nodeName as string;
    c.crash(node, 105 * S);
    const report = buildRunReport(c.run.finish());
    const [web] = report.availability.workloads;
    const down = (10 + 365.1) / 1000;
    expect(web?.downtimePer30DaysSeconds).toBeCloseTo(down * THIRTY_DAYS_SECONDS, 3);
    expect(report.availability.downtime?.timeBased.per30DaysSeconds).toBeCloseTo(
      down * THIRTY_DAYS_SECONDS,
      3,
    );
    expect(report.availability.downtime?.requestBased).toBeNull();
  });

  it('follows request-based availability where there is traffic', () => {
    const text = readFileSync('models/traffic/cart-affinity.yaml', 'utf8').replace(
      '  slo:',
      '  faults:\n    - { at: 10m, kind: nodeCrash, target: { pool: general, count: 1 } }\n  slo:',
    );
    const loaded = loadText(text, 'models/traffic/cart-affinity.yaml', { requireScenario: true });
    expect(loaded.ok).toBe(true);
    const report = buildRunReport(simulate(loaded.input));
    const services = report.traffic?.services ?? [];
    const requests = report.availability.downtime?.requestBased;
    const served = services.reduce((a, s) => a + s.served, 0);
    const ended = services.reduce((a, s) => a + s.offered - s.inFlightAtEnd, 0);
    expect(served).toBeLessThan(ended); // the crash made requests fail
    expect(requests?.availability).toBeCloseTo(served / ended, 6);
    expect(requests?.per30DaysSeconds).toBeCloseTo((1 - served / ended) * THIRTY_DAYS_SECONDS, 0);
    expect(requests?.services.map((s) => s.service)).toEqual(services.map((s) => s.service));
  });
});
