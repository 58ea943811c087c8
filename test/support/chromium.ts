import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium; test/system/install-deps.sh installs it on a fresh machine. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, headless, sandbox-free Chromium in a container: no GPU, no background network
 * (component updates, sync), no first-run page. The fresh profile directory is given per launch
 * (Playwright takes it as `launchPersistentContext`'s first argument, not as `--user-data-dir`).
 */
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

/** A launched browser on its own fresh profile directory; `close()` ends the browser and deletes it. */
export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Debian Chromium with {@link CHROMIUM_ARGS} on a fresh profile directory.
 * `javaScriptEnabled: false` opens it as a reader with scripts off (e-mail clients, locked-down browsers).
 */
export async function launchChromium(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<LaunchedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'kubesim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
