import { textTable } from './format.js';
import type { RunReport } from './json.js';
import { intervalText } from './replications-format.js';
import { headlineFigures } from './replications-headline.js';

/** The seeds of a replicated run, as a reader scans them: "42…71" or "42, 43". */
export function seedsText(seeds: readonly number[]): string {
  if (seeds.length <= 3) return seeds.join(', ');
  return `${seeds[0]}…${seeds[seeds.length - 1]}`;
}

/**
 * One row per headline figure of a replicated run: its label and "mean [ci95Low, ci95High]", with the
 * number of runs when the figure was missing from some (a Service with no request in a run).
 */
export function replicationRows(r: RunReport): string[][] {
  const stats = r.statistics;
  const count = r.replications?.count ?? 0;
  if (!stats) return [];
  return headlineFigures(r).flatMap((h) => {
    const e = stats[h.path];
    if (!e) return [];
    const partial = e.n < count ? ` (in ${e.n} of ${count} runs)` : '';
    return [[h.label, `${intervalText(e, h.unit)}${partial}`]];
  });
}

/** The terminal summary's block for `--replications`; "" for a single run. */
export function replicationsSummaryText(r: RunReport): string {
  if (!r.replications || !r.statistics) return '';
  const rows = replicationRows(r);
  for (const w of r.replications.warnings) rows.push(['warning', w]);
  return `\nover ${r.replications.count} replications (seeds ${seedsText(r.replications.seeds)}; the table above is seed ${r.replications.seeds[0]}), mean [95% interval]:\n\n${textTable(rows)}\n`;
}
