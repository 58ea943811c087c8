import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { hasSystemBinary } from './system-binary.js';

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

/** Whether the browser tests can run here (skipped with a notice without Chromium, an error in CI). */
export function chromiumAvailable(): boolean {
  return hasSystemBinary('chromium');
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
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<LaunchedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'kubesim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.viewport ? { viewport: options.viewport } : {}),
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
