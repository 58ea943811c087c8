import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Class 9 of issue 7: SIGINT or SIGTERM during a run ends it at once and leaves no report file. The
// built CLI (node bin/kubesim.js) runs in a child process, as a user's shell would run it.

const ENTRY = 'dist/src/cli/main.js';

/** The newest modification time of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // dist/ is what bin/kubesim.js runs; rebuild it when a source file is newer (a fresh checkout, an edit).
  if (!existsSync(ENTRY) || statSync(ENTRY).mtimeMs < newestSource('src')) {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
  }
}, 120_000);

/**
 * A scenario that takes minutes to simulate, so a signal always arrives in the middle of it: requests
 * at request level cost events whatever the cluster does (idle nodes cost none per simulated second).
 */
const LONG = `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: long}
spec:
  duration: 100h
  cluster:
    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 3}]
  services:
    web: {serviceTime: {exponential: {mean: 5ms}}, concurrency: 8}
  workload:
    - {name: users, target: web, arrivals: {poisson: {rate: 500/s}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, resources: {requests: {cpu: 100m}}}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

/** Waits until `predicate` holds, checking every 20 ms. */
async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 20));
}

describe.each(['SIGINT', 'SIGTERM'] as const)('kubesim run interrupted by %s', (signal) => {
  it('ends at once, by the signal, and leaves no report file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-signal-'));
    const scenario = join(dir, 'long.yaml');
    await writeFile(scenario, LONG);
    const out = join(dir, 'out');
    const child = spawn(process.execPath, ['bin/kubesim.js', 'run', scenario, '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, sig) => done({ code, signal: sig })),
    );
    // The output folder is created once the input is loaded and checked, just before simulating.
    await until(() => existsSync(out) || child.exitCode !== null);
    child.kill(signal);
    const outcome = await exited;
    expect(stderr).not.toMatch(/internal error/);
    expect(outcome).toEqual({ code: null, signal });
    expect(await readdir(out)).toEqual([]);
  });
});
