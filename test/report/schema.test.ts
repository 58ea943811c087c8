import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import { buildRunReport } from '../../src/report/json.js';
import { reportFieldTable, runReportSchema } from '../../src/report/schema.js';
import { simulate } from '../../src/sim/simulate.js';

const DOCS = fileURLToPath(new URL('../../docs/report.md', import.meta.url));
const START = '<!-- fields:start (generated from src/report/schema.ts) -->';
const END = '<!-- fields:end -->';

describe('the report schema', () => {
  it('docs/report.md lists exactly the fields the schema declares', async () => {
    const text = await readFile(DOCS, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(0);
    const generated = `${text.slice(0, start + START.length)}\n${reportFieldTable()}${text.slice(end)}`;
    if (process.env.KUBESIM_UPDATE_DOCS) await writeFile(DOCS, generated);
    expect(text).toBe(generated);
  });

  it('accepts the quickstart report, and no field the schema does not declare', async () => {
    const r = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
    const report = buildRunReport(simulate(r.input));
    expect(runReportSchema.safeParse(report).error).toBeUndefined();
    expect(runReportSchema.safeParse({ ...report, extra: 1 }).success).toBe(false);
  });
});
