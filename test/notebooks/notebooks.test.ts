// Every notebook runs top to bottom on the tslab kernel with no cell error (issue 13, part 3). Slow
// (a kernel start and whole simulations per notebook): KUBESIM_SLOW_TESTS=1, which CI sets.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSystemBinary } from '../support/system-binary.js';

const NOTEBOOKS = join(import.meta.dirname, '../../notebooks');
const slow = process.env.KUBESIM_SLOW_TESTS === '1';
const names = readdirSync(NOTEBOOKS)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

interface Notebook {
  cells: { cell_type: string; source: string[]; outputs?: { output_type: string; name?: string }[] }[];
}

const read = (path: string): Notebook => JSON.parse(readFileSync(path, 'utf8')) as Notebook;
const codeCells = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === 'code');

describe('notebooks', () => {
  it('are committed with their outputs, and a chart in each', () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const nb = read(join(NOTEBOOKS, name));
      expect(codeCells(nb).every((c) => (c.outputs ?? []).every((o) => o.output_type !== 'error'))).toBe(
        true,
      );
      expect(JSON.stringify(nb), name).toContain('image/svg+xml');
    }
  });

  const out = mkdtempSync(join(tmpdir(), 'kubesim-notebooks-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const runnable = slow && hasSystemBinary('jupyter-nbconvert');

  it.runIf(runnable).each(names)('%s executes top to bottom', { timeout: 900_000 }, (name) => {
    expect(existsSync(join(NOTEBOOKS, '../dist/src/index.js')), 'run npm run build first').toBe(true);
    // nbconvert exits non-zero on the first cell error, naming the cell.
    execFileSync('bash', [join(NOTEBOOKS, 'execute.sh'), '--output-dir', out, join(NOTEBOOKS, name)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const executed = read(join(out, name));
    for (const cell of codeCells(executed)) {
      const stderr = (cell.outputs ?? []).filter((o) => o.output_type === 'error' || o.name === 'stderr');
      // tslab reports compile errors on stderr without failing the cell: count those as failures too.
      expect(stderr, cell.source.join('')).toEqual([]);
    }
  });
});
