import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { KUBESIM_VERSION } from '../src/version.js';

it('KUBESIM_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  expect(KUBESIM_VERSION).toBe(pkg.version);
});
