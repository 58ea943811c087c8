import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planReportSchema } from '../../../src/planner/plan/schema.js';
import { reportFieldTable } from '../../../src/report/schema.js';

const DOCS = fileURLToPath(new URL('../../../docs/planning.md', import.meta.url));
const START = '<!-- fields:start (generated from src/planner/plan/schema.ts) -->';
const END = '<!-- fields:end -->';

describe('the plan report schema', () => {
  it('docs/planning.md lists exactly the fields the schema declares', async () => {
    const text = await readFile(DOCS, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(0);
    const generated = `${text.slice(0, start + START.length)}\n${reportFieldTable(planReportSchema)}${text.slice(end)}`;
    if (process.env.KUBESIM_UPDATE_DOCS) await writeFile(DOCS, generated);
    expect(text).toBe(generated);
  });
});
