import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

// Private to the playground's browser tests until the shared test/support/chromium.ts (written for
// the HTML report's tests) is on main; same names and behaviour, so switching is an import change.

/** Debian's chromium; test/system/install-deps.sh installs it on a fresh machine. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, no sandbox (containers), no GPU, no background network, no first-run page. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run here. When Chromium is missing they are skipped with a printed
 * notice, unless `CI` is set: there a missing browser is a broken machine, so this throws.
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) {
    throw new Error(
      `Cannot run ${suite}: ${CHROMIUM_PATH} is missing and CI is set; run test/system/install-deps.sh first`,
    );
  }
  process.stdout.write(
    `skipping ${suite}: ${CHROMIUM_PATH} is missing (test/system/install-deps.sh installs it)\n`,
  );
  return false;
}

export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Debian Chromium on a fresh profile directory (its user-data-dir), deleted on close. */
export async function launchChromium(): Promise<LaunchedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'kubesim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1400, height: 960 },
  });
  return {
    context,
    async close() {
      await context.close();
      // Chromium's helpers may still be writing into the profile for a moment after it closed.
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
