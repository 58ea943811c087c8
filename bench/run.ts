import os from 'node:os';
import type { BenchOptions, BenchRow } from './harness.js';
import { benchmarks } from './registry.js';

/**
 * `node dist/bench/run.js [filter…] [--rounds N] [--quick]`: runs every registered benchmark whose
 * name contains one of the filters (all when none is given) and prints one table. It never fails on
 * a time: the numbers are for people, the ratios for comparisons within one run.
 */
function main(argv: readonly string[]): void {
  const options: BenchOptions = { rounds: 5, quick: false };
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--rounds') options.rounds = Math.max(1, Number(argv[++i]));
    else filters.push(arg);
  }
  const selected = benchmarks.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) {
    console.error(
      `No benchmark matches ${filters.join(', ')}: known benchmarks are ${benchmarks.map((b) => b.name).join(', ')}`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${options.rounds} rounds${options.quick ? ', quick' : ''}`,
  );
  const rows: BenchRow[] = [];
  for (const b of selected) {
    console.log(`running ${b.name}: ${b.description}`);
    rows.push(...b.run(options));
  }
  console.log();
  console.log(formatTable(rows));
}

function formatTable(rows: readonly BenchRow[]): string {
  const header = [
    'benchmark',
    'variant',
    'items',
    'median CPU ms',
    'items/CPU s',
    'ratio vs baseline (min–max)',
    'sanity',
  ];
  const body = rows.map((r) => [
    r.benchmark,
    r.variant,
    `${r.items.toLocaleString('en-US')} ${r.unit}`,
    r.medianMs.toFixed(0),
    Math.round(r.perSecond).toLocaleString('en-US'),
    `${r.ratio.toFixed(2)} (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})`,
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

main(process.argv.slice(2));
