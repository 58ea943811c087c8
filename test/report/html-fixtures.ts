import { readFileSync } from 'node:fs';
import { loadFiles, loadText } from '../../src/manifests/index.js';
import { buildRunReport, type RunReport } from '../../src/report/json.js';
import { simulate } from '../../src/sim/simulate.js';

/** A Scenario name that would run a script, close an attribute or start an entity if not escaped. */
export const HOSTILE_NAME = `<script>alert(1)</script>&"'`;

/** The quick start's report. */
export async function quickstartReport(): Promise<RunReport> {
  const r = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
  return buildRunReport(simulate(r.input));
}

/**
 * A traffic model with a fault: models/traffic/cart-affinity.yaml (requests, SLOs, per-pod load) with
 * a node crash at 10 min for 10 min, 20 minutes long, and the hostile name.
 */
export function trafficFaultReport(): RunReport {
  const file = 'models/traffic/cart-affinity.yaml';
  const text = readFileSync(file, 'utf8')
    .replace('  name: cart-affinity\n', `  name: ${JSON.stringify(HOSTILE_NAME)}\n`)
    .replace('  duration: 30m\n', '  duration: 20m\n')
    .replace(
      '  slo:\n',
      '  faults:\n    - { at: 10m, kind: nodeCrash, target: { pool: general, zone: zone-a, count: 1 }, for: 5m }\n  slo:\n',
    );
  const r = loadText(text, file, { requireScenario: true });
  if (!r.input.scenario)
    throw new Error(`the traffic fixture did not load: ${JSON.stringify(r.diagnostics)}`);
  return buildRunReport(simulate(r.input));
}
