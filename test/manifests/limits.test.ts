import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';
import { DEFAULT_LIMITS } from '../../src/manifests/limits.js';

// Class 3 of issue 7: a run that would exhaust memory or take centuries is refused before anything is
// built, with the estimate, the limit and the flag that raises it.

function scenario(duration: string, count: number, extra = ''): string {
  return `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  duration: ${duration}\n  cluster:\n    nodePools:\n      - {name: p, cpu: "4", memory: 16Gi, count: ${count}${extra}}\n`;
}

function deployment(name: string, replicas: number): string {
  return `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
}

function errors(text: string, limits = {}): string[] {
  return loadText(text, 's.yaml', { requireScenario: true, limits })
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic);
}

describe('size limits', () => {
  it('refuses more pods than --max-pods allows, at the largest workload', () => {
    expect(errors(scenario('1h', 10) + deployment('small', 5) + deployment('huge', 5_000_000))).toEqual([
      's.yaml:24:13: Deployment "huge": spec.replicas: the run would create 5000005 pods (the replicas of every Deployment and StatefulSet, and every Pod), more than the limit of 200000 (about 4 KiB of memory each): lower replicas, or raise the limit with --max-pods',
    ]);
  });

  it('refuses more nodes than --max-nodes allows, at the largest pool', () => {
    expect(errors(scenario('1h', 10, ', max: 2000000'))).toEqual([
      's.yaml:8:9: Scenario "s": spec.cluster.nodePools[0]: the run could have 2000000 nodes (the count or max of every pool, and every Node), more than the limit of 50000 (about 5 KiB of memory each): lower them, or raise the limit with --max-nodes',
    ]);
  });

  it('refuses a run of millennia of polling (events), at spec.duration', () => {
    // The cluster-autoscaler's loop every 10 s for 2·10⁶ h is 7.2·10⁸ events, plus 5 per node.
    expect(errors(scenario('2000000h', 100, ', max: 200'), { maxEvents: 100_000_000 })).toEqual([
      's.yaml:5:13: Scenario "s": spec.duration: the run would process about 720001000 events (3 per pod, 5 per node, and per simulated second 3 per request at the peak rate, 2/15 per HorizontalPodAutoscaler and 1/10 for the cluster-autoscaler), more than the limit of 100000000 (about an hour of CPU): shorten the duration, or raise the limit with --max-events',
    ]);
  });

  it('accepts ten years of a healthy cluster: idle nodes cost no event per simulated second', () => {
    expect(errors(scenario('87600h', 50) + deployment('web', 100))).toEqual([]);
  });

  it('accepts a run within raised limits', () => {
    expect(errors(scenario('1h', 10) + deployment('huge', 300_000), { maxPods: 400_000 })).toEqual([]);
  });

  it('has defaults a laptop holds: pods and nodes well below a 4 GB heap', () => {
    expect(DEFAULT_LIMITS.maxPods * 4096 + DEFAULT_LIMITS.maxNodes * 5120).toBeLessThan(2 ** 30 + 2 ** 29);
  });
});

describe("durations beyond Go's limit", () => {
  it.each(['3000000h', '1000000000000000000000ns', '99999999999999999999s'])(
    '%s gets that reason, not "expected a duration"',
    (d) => {
      expect(errors(scenario(d, 1))).toEqual([
        `s.yaml:5:13: Scenario "s": spec.duration: expected a duration of at most 2562047h47m16.854775807s (Go's time.Duration limit, about 292 years), got "${d}"`,
      ]);
    },
  );

  it('a fault time beyond it too', () => {
    const text = `${scenario('1h', 1)}  faults:\n    - {kind: nodeCrash, at: 9999999h, target: {pool: p}}\n`;
    expect(errors(text)).toEqual([
      `s.yaml:10:29: Scenario "s": spec.faults[0].at: expected a duration of at most 2562047h47m16.854775807s (Go's time.Duration limit, about 292 years), got "9999999h"`,
    ]);
  });
});
