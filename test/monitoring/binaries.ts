import { spawnSync } from 'node:child_process';

/**
 * Whether `name` is on the PATH. When it is not, a test that needs it is skipped with a printed
 * notice, unless CI is set: there the binaries must be installed (test/system/install-deps.sh).
 */
export function binaryAvailable(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
  if (found) return true;
  if (process.env.CI)
    throw new Error(`${name} is not installed, and CI is set: run test/system/install-deps.sh`);
  process.stdout.write(`notice: ${name} is not installed; skipping the tests that need it\n`);
  return false;
}
