import { LEASE_RENEW_INTERVAL } from '../src/controllers/kubelet-lease.js';
import { NODE_MONITOR_PERIOD, nodeMonitorGracePeriod } from '../src/controllers/node-lifecycle.js';
import type { Micros } from '../src/engine/time.js';
import { loadText } from '../src/manifests/index.js';
import { createRun } from '../src/sim/run.js';
import { type Benchmark, type BenchRow, compareVariants } from './harness.js';

/**
 * horizon: periodic work that cannot change anything must cost nothing. 50 nodes in 3 zones run five
 * Deployments of 20 replicas; one node crashes every 30 days (the first 12 h in) for an hour. Ten
 * simulated years are timed against one simulated day: with Lease renewals and node-monitor passes
 * polled every 10 s and 5 s, ten years cost thousands of times a day; the goal is at most 3×.
 *
 * Each run also checks its node transitions against what polling gives (the rules of
 * docs/simulation.md, computed here from the crash times alone): Ready → Unknown at the first pass
 * after the grace period that follows the pass that saw the last renewal before the crash, and
 * Unknown → Ready at the first pass at or after the reboot.
 */

const NODES = 50;
const CRASH_EVERY_HOURS = 30 * 24;
const FIRST_CRASH_HOURS = 12;
const DOWN_FOR_HOURS = 1;
const KUBERNETES_MINOR = 36;

/** The Scenario: `days` long, with a crash of node general-(k mod 50) at 12 h + k × 30 days if `crashes`. */
export function horizonScenario(days: number, crashes = true): string {
  const faults: string[] = [];
  for (let k = 0, at = FIRST_CRASH_HOURS; crashes && at < days * 24; k++, at += CRASH_EVERY_HOURS)
    faults.push(
      `    - { at: ${at}h, kind: nodeCrash, target: { node: general-${k % NODES}, count: 1 }, for: ${DOWN_FOR_HOURS}h }`,
    );
  const deployments = [0, 1, 2, 3, 4]
    .map(
      (i) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: app-${i}, labels: { app: app-${i} } }
spec:
  replicas: 20
  selector: { matchLabels: { app: app-${i} } }
  template:
    metadata: { labels: { app: app-${i} } }
    spec: { containers: [{ name: app, image: app:1, resources: { requests: { cpu: 500m, memory: 512Mi } } }] }
`,
    )
    .join('');
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: horizon }
spec:
  seed: 1
  duration: ${days * 24}h
  kubernetesVersion: "1.${KUBERNETES_MINOR}"
  cluster:
    zones: [zone-a, zone-b, zone-c]
    nodePools:
      - { name: general, instanceType: m5.large, cpu: "1930m", memory: 7Gi, pricePerHour: 0.096, count: ${NODES}, zones: [zone-a, zone-b, zone-c] }
  faults:${faults.length === 0 ? ' []' : `\n${faults.join('\n')}`}
${deployments}`;
}

interface Transition {
  at: Micros;
  node: string;
  to: string;
}

/** Runs `days` and returns the note: crashes, events, and whether every transition is polling's. */
export function runHorizon(days: number, crashes = true): string {
  // The default limits: the loader's event estimate charges nothing per simulated second for nodes.
  const loaded = loadText(horizonScenario(days, crashes), 'horizon.yaml', { requireScenario: true });
  if (!loaded.ok)
    throw new Error(`the horizon Scenario does not load: ${JSON.stringify(loaded.diagnostics)}`);
  const run = createRun(loaded.input);
  const seen: Transition[] = [];
  run.cluster.watch((e) => {
    if (e.type === 'NodeUpdated' && e.node.ready !== e.old.ready)
      seen.push({ at: run.now, node: e.node.name, to: e.node.ready });
  });
  const result = run.finish();
  const expected = pollingTransitions(
    result.faults.map((f) => ({ node: f.nodes[0] as string, at: f.at, recoversAt: f.recoversAt as Micros })),
  );
  const same = JSON.stringify(seen) === JSON.stringify(expected);
  if (!same) throw new Error(`horizon ${days} d: node transitions differ from polling's`);
  return `${result.faults.length} crashes, ${seen.length} Ready transitions as polling, ${result.eventsFired} events`;
}

/** The transitions polling gives for crashes of nodes that renew every 10 s from their last boot. */
export function pollingTransitions(
  crashes: { node: string; at: Micros; recoversAt: Micros }[],
): Transition[] {
  const grace = nodeMonitorGracePeriod(KUBERNETES_MINOR);
  const pass = (t: Micros) => Math.max(1, Math.ceil(t / NODE_MONITOR_PERIOD)) * NODE_MONITOR_PERIOD;
  const bootedAt = new Map<string, Micros>();
  const out: Transition[] = [];
  for (const c of crashes) {
    const boot = bootedAt.get(c.node) ?? 0;
    // The renewal due at the crash's instant is lost (the crash was scheduled first).
    const lastRenewal = boot + Math.floor((c.at - 1 - boot) / LEASE_RENEW_INTERVAL) * LEASE_RENEW_INTERVAL;
    out.push({ at: pass(pass(lastRenewal) + grace + 1), node: c.node, to: 'Unknown' });
    out.push({ at: pass(c.recoversAt), node: c.node, to: 'True' });
    bootedAt.set(c.node, c.recoversAt);
  }
  return out;
}

export const horizon: Benchmark = {
  name: 'horizon',
  description: '50 nodes, a node crash a month: ten simulated years against one simulated day',
  run(options): BenchRow[] {
    const years = options.quick ? 1 : 10;
    const spans = [1, years * 365, years * 365];
    const rows = compareVariants(
      'horizon',
      'simulated days',
      1,
      [
        { name: 'one day', run: () => runHorizon(1) },
        { name: `${years} years`, run: () => runHorizon(years * 365) },
        { name: `${years} years, no crash`, run: () => runHorizon(years * 365, false) },
      ],
      options.rounds,
    );
    // The ratio column is the day's CPU time over this variant's: its inverse is the cost of the span.
    return rows.map((row, i) => {
      const days = spans[i] as number;
      const cost = i > 0 ? `; ×${(1 / row.ratio).toFixed(2)} the CPU of one day` : '';
      return { ...row, items: days, perSecond: days / (row.medianMs / 1000), note: `${row.note}${cost}` };
    });
  },
};
