import { execFileSync } from 'node:child_process';

/**
 * Whether a program that test/system/install-deps.sh installs (chromium, jupyter-nbconvert, promtool)
 * is on PATH. Missing on a developer's machine: the caller skips, and this prints why. Missing in CI
 * (`CI` set), where the test command installed it: an error, so a broken install step cannot pass.
 */
export function hasSystemBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI)
      throw new Error(`${name} is not installed; test/system/install-deps.sh should have installed it`);
    console.warn(`skipping: ${name} is not installed (bash test/system/install-deps.sh installs it)`);
    return false;
  }
}
