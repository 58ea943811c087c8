import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../src/planner/vary-paths.js';
import { runCli } from '../cli/run-cli.js';

describe('editDistance', () => {
  it.each([
    ['loadBalancing', 'loadBalancing', 0],
    ['loadBalancin', 'loadBalancing', 1],
    ['sesionAffinity', 'sessionAffinity', 1],
    ['arrivlas', 'arrivals', 1], // an adjacent swap counts once
    ['Replicas', 'replicas', 0], // case is ignored
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closeMatches', () => {
  it('keeps the nearest candidates within a third of the word, nearest first', () => {
    expect(closeMatches('concurency', ['concurrency', 'currency', 'queueLimit', 'concurrence'])).toEqual([
      'concurrency',
      'concurrence',
    ]);
    expect(closeMatches('xyz', ['timeout', 'cache'])).toEqual([]);
  });
});

describe('kubesim compare with a --vary path that does not exist', () => {
  const SCENARIO = 'models/traffic/cart-affinity.yaml';
  it.each([
    [
      'spec.services.cart.loadBalancin=round-robin,kube-proxy',
      'Scenario "cart-affinity" has no spec.services.cart.loadBalancin ("loadBalancin" is not a field there); close matches: spec.services.cart.loadBalancing',
    ],
    [
      // A Kubernetes manifest's unknown field is only a loader warning: the vary would change nothing.
      'Service/cart:spec.sesionAffinity=None,ClientIP',
      'Service "cart" has no spec.sesionAffinity ("sesionAffinity" is not a field there); close matches: spec.sessionAffinity',
    ],
    ['spec.workload.0.arivals.poisson.rate=5/s,30/s', 'close matches: spec.workload.0.arrivals.poisson.rate'],
    [
      'spec.services.crt.concurrency=2,4',
      'has no spec.services.crt (no workload or Service is named "crt"); close matches: spec.services.cart.concurrency',
    ],
  ])('refuses %s and lists close matches', async (vary, message) => {
    const r = await runCli('compare', SCENARIO, '--vary', vary, '--duration', '3m');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
