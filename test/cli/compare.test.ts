import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('kubesim compare', () => {
  it('runs every variant on one seed and shows the affinity trade-off side by side', async () => {
    const r = await runCli(
      'compare',
      'models/traffic/cart-affinity.yaml',
      '--vary',
      'spec.services.cart.loadBalancing=round-robin,kube-proxy',
      '--duration',
      '5m',
      '--format',
      'json',
    );
    expect(r.exitCode).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.kind).toBe('comparison');
    expect(c.variants.map((v: { label: string }) => v.label)).toEqual([
      'spec.services.cart.loadBalancing=round-robin',
      'spec.services.cart.loadBalancing=kube-proxy',
    ]);
    for (const v of c.variants) {
      const s = v.report.traffic.services[0];
      expect(v.report.scenario.seed).toBe(c.seed);
      expect(s.offered).toBe(s.served + s.failed + s.inFlightAtEnd);
    }
  });

  it('prints a table with one column per variant', async () => {
    const r = await runCli(
      'compare',
      'models/traffic/cart-affinity.yaml',
      '--vary',
      'spec.services.cart.loadBalancing=round-robin,kube-proxy',
      '--duration',
      '5m',
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/\(1\) spec\.services\.cart\.loadBalancing=round-robin/);
    expect(r.stdout).toMatch(/cache hit rate/);
    const hit = /cache hit rate\s+([\d.]+)%\s+([\d.]+)%/.exec(r.stdout);
    // kube-proxy keeps a session on one pod (keep-alive and ClientIP affinity): the cache works.
    expect(Number(hit?.[2])).toBeGreaterThan(Number(hit?.[1]));
  });

  it('refuses a --vary it cannot read, and a path that matches no document', async () => {
    const bad = await runCli('compare', 'models/traffic/cart-affinity.yaml', '--vary', 'spec.x');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/no '=' before the values/);
    const missing = await runCli(
      'compare',
      'models/traffic/cart-affinity.yaml',
      '--vary',
      'Service/carts:spec.x=1',
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/no document Service\/carts/);
  });
});
