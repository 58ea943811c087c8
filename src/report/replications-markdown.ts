import { markdownTable } from './format.js';
import type { RunReport } from './json.js';
import { replicationRows, seedsText } from './replications-summary.js';

/** The Markdown report's section for `--replications`: headline intervals and warnings; [] for one run. */
export function replicationsMarkdown(r: RunReport): string[] {
  if (!r.replications || !r.statistics) return [];
  const out = [
    '## Replications',
    '',
    `${r.replications.count} runs with seeds ${seedsText(r.replications.seeds)}; the rest of this report is the run with seed ${r.replications.seeds[0]}. Each figure is the mean over the runs and its 95 % Student-t confidence interval (docs/experiments.md); the JSON report's \`statistics\` has every figure.`,
    '',
    markdownTable(['figure', 'mean [95% interval]'], replicationRows(r)),
    '',
  ];
  if (r.replications.warnings.length > 0) {
    for (const w of r.replications.warnings) out.push(`- ${w}`);
    out.push('');
  }
  return out;
}
