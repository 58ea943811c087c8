import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/cli/json-error-offset.js';
import { runCli } from '../cli/run-cli.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'kubesim-html-cli-'));

describe('kubesim run --format all and kubesim report', () => {
  let out: string;
  beforeAll(async () => {
    out = await tempDir();
    const r = await runCli('run', 'models/quickstart.yaml', '--out', out, '--quiet', '--format', 'all');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('writes the JSON, the Markdown with its chart SVGs beside it, and the HTML page', async () => {
    expect((await readdir(out)).sort()).toEqual([
      'quickstart.charts',
      'quickstart.html',
      'quickstart.json',
      'quickstart.md',
    ]);
    const svgs = (await readdir(join(out, 'quickstart.charts'))).sort();
    expect(svgs).toEqual(['availability.svg', 'cost.svg', 'node-utilisation.svg', 'nodes.svg', 'pods.svg']);
    const md = await readFile(join(out, 'quickstart.md'), 'utf8');
    // The Markdown is the golden one with a Charts section after it, linking each SVG.
    const golden = await readFile('test/golden/quickstart.md', 'utf8');
    expect(md.startsWith(golden)).toBe(true);
    for (const svg of svgs) expect(md).toContain(`](quickstart.charts/${svg})`);
    for (const svg of svgs)
      expect(await readFile(join(out, 'quickstart.charts', svg), 'utf8')).toMatch(/^<svg [^>]*xmlns=/);
  });

  it('keeps the quick start HTML report under 3 MB', async () => {
    const { size } = await stat(join(out, 'quickstart.html'));
    expect(size).toBeGreaterThan(100_000);
    expect(size).toBeLessThan(3 * 1024 * 1024);
  });

  it('renders a saved JSON report to the same HTML and Markdown bytes as run did', async () => {
    const again = await tempDir();
    const r = await runCli(
      'report',
      join(out, 'quickstart.json'),
      '--html',
      join(again, 'quickstart.html'),
      '--md',
      join(again, 'quickstart.md'),
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    for (const f of ['quickstart.html', 'quickstart.md', 'quickstart.charts/nodes.svg'])
      expect(await readFile(join(again, f), 'utf8'), f).toBe(await readFile(join(out, f), 'utf8'));
  });

  it('refuses a file that is not JSON, naming the file and the line', async () => {
    const dir = await tempDir();
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\n  "schemaVersion": 2,\n  "scenario": }\n');
    const r = await runCli('report', bad, '--html', join(dir, 'x.html'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^kubesim: Cannot read the report "${bad}":3:\\d+: not valid JSON`));
    expect(await readdir(dir)).toEqual(['bad.json']);
  });

  it('refuses a report that breaks the schema, naming the line and the field', async () => {
    const dir = await tempDir();
    const report = JSON.parse(await readFile(join(out, 'quickstart.json'), 'utf8'));
    report.scenario.seed = 'seven';
    const bad = join(dir, 'old.json');
    const text = JSON.stringify(report, null, 2);
    await writeFile(bad, text);
    const line = text.split('\n').findIndex((l) => l.includes('"seed": "seven"')) + 1;
    const r = await runCli('report', bad, '--md', join(dir, 'x.md'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`Cannot read the report "${bad}":${line}:`);
    expect(r.stderr).toContain('scenario.seed:');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('asks for an output when neither --html nor --md is given', async () => {
    const r = await runCli('report', join(out, 'quickstart.json'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/give --html <file>, --md <file> or both/);
  });
});

describe('kubesim compare --format html', () => {
  it('writes the comparison page to --out and asks for --out without it', async () => {
    const dir = await tempDir();
    const page = join(dir, 'cmp.html');
    const args = [
      'compare',
      'models/traffic/cart-affinity.yaml',
      '--vary',
      'spec.services.cart.loadBalancing=round-robin,kube-proxy',
      '--duration',
      '4m',
      '--format',
      'html',
    ];
    const r = await runCli(...args, '--out', page);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`comparison: ${page}\n`);
    const html = await readFile(page, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.includes('<li>(2) spec.services.cart.loadBalancing=kube-proxy</li>')).toBe(true);
    expect(html.includes('<div class="chart" data-chart="0"><svg ')).toBe(true);
    const missing = await runCli(...args);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/--format html writes a page; give --out <file>\.html/);
  });
});

describe('jsonErrorOffset', () => {
  it('finds no error in any JSON.stringify output, and one wherever JSON.parse throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(jsonErrorOffset(JSON.stringify(v, null, 1))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === undefined).toBe(valid);
      }),
    );
  });

  it('points at the offending character', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
  });
});
