import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small sweep for the tests: two replica counts × two load-balancing policies × three seeds = 12
 * runs of three simulated minutes with a node crash (so the seeds differ), each well under a second.
 */
export const SCENARIO = `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: tiny}
spec:
  seed: 3
  duration: 3m
  cluster:
    zones: [a, b]
    nodePools: [{name: p, cpu: "2", memory: 4Gi, pricePerHour: 0.1, count: 2, zones: [a, b]}]
  services:
    web: {startupTime: {constant: 5s}, serviceTime: {exponential: {mean: 20ms}}, concurrency: 2, timeout: 1s}
  workload:
    - {name: users, target: web, arrivals: {poisson: {rate: 20/s}}}
  faults:
    - {at: 1m, kind: nodeCrash, target: {pool: p, zone: a, count: 1}, for: 1m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x/web:1, resources: {requests: {cpu: 100m}}}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

export const GRID = `kind: Sweep
metadata: {name: tiny-sweep}
scenario: scenario.yaml
vary:
  Deployment/web:spec.replicas: [1, 2]
  spec.services.web.loadBalancing: [round-robin, random]
replications: 3
`;

/** A fresh folder holding scenario.yaml and grid.yaml (the grid text can be replaced). */
export function writeFixture(grid = GRID): { dir: string; grid: string; scenario: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-sweep-'));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
  writeFileSync(join(dir, 'grid.yaml'), grid);
  return { dir, grid: join(dir, 'grid.yaml'), scenario: join(dir, 'scenario.yaml') };
}

const ENTRY = 'dist/src/cli/main.js';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The sweep's worker threads run the compiled worker (dist/), and the CLI tests run bin/kubesim.js:
 * rebuild dist/ when a source file is newer, as test/cli/interrupt.test.ts does.
 */
export function ensureBuilt(): void {
  if (!existsSync(ENTRY) || statSync(ENTRY).mtimeMs < newestSource('src'))
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
}
