import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import { buildRunReport, serializeRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { simulate } from '../../src/sim/simulate.js';

// The quickstart's reports, reviewed by hand once and compared byte for byte since: any change to what
// kubesim simulates or writes shows here. After an intended change, regenerate with
// KUBESIM_UPDATE_GOLDEN=1 npx vitest run test/golden, read the diff, and commit it with the reason.
const GOLDEN = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

describe('the quickstart report (golden)', () => {
  it('is byte-identical to the reviewed JSON and Markdown', async () => {
    const r = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
    const report = buildRunReport(simulate(r.input));
    const files = { 'quickstart.json': serializeRunReport(report), 'quickstart.md': renderMarkdown(report) };
    for (const [name, text] of Object.entries(files)) {
      if (process.env.KUBESIM_UPDATE_GOLDEN) await writeFile(GOLDEN(name), text);
      expect(text, `${name} differs from test/golden/${name}`).toBe(await readFile(GOLDEN(name), 'utf8'));
    }
  });
});
