import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { loadFiles } from '../../manifests/index.js';
import type { Override } from '../../manifests/overrides.js';
import type { ClusterInput } from '../../model/cluster-input.js';
import { type ComparisonReport, compareVariants, renderComparison } from '../../planner/compare.js';
import { comparePaired } from '../../planner/paired-comparison.js';
import { parseVariation, VaryError, variants } from '../../planner/vary.js';
import { unknownVaryPath } from '../../planner/vary-paths.js';
import { renderComparisonHtml } from '../../report/html/compare-page.js';
import { buildRunReport } from '../../report/json.js';
import { prepareOutputDirectory, writeFilesAtomic } from '../../report/write.js';
import { simulate } from '../../sim/simulate.js';
import { UserError } from '../errors.js';
import { writeUninterrupted } from '../interrupt.js';
import { loadOrFail } from '../load.js';
import {
  addLimitOptions,
  type LimitOptions,
  parseDurationOption,
  parseLimits,
  parseReplications,
  parseSeed,
} from '../options.js';
import { progressReporter } from './run.js';

interface CompareOptions extends LimitOptions {
  vary: string[];
  seed?: string;
  duration?: string;
  out?: string;
  format: string;
  quiet?: boolean;
  replications?: string;
}

export function registerCompareCommand(program: Command): void {
  const command = program
    .command('compare')
    .description(
      'run a scenario once per combination of --vary values (same seed) and print them side by side',
    )
    .argument('<scenario>', 'a YAML file with a kind: Scenario document (and any Kubernetes manifests)')
    .option(
      '--vary <path=values>',
      "a path and the values to try: 'Service/cart:spec.sessionAffinity=None,ClientIP' (in a manifest) or 'spec.services.cart.loadBalancing=random,round-robin' (in the Scenario); several give their product",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--seed <n>', "random seed (overrides the Scenario's spec.seed)")
    .option('--duration <d>', 'simulated time, e.g. 90m or 6h (overrides spec.duration)')
    .option('--format <f>', 'text (a table on stdout), json, or html (the page goes to --out)', 'text')
    .option('--out <file>', 'write the comparison to this file: JSON, or the HTML page with --format html')
    .option('--quiet', 'print nothing but errors')
    .option(
      '--replications <n>',
      "run every variant on seeds seed, seed + 1, … (n each) and give each metric's paired difference to the first variant with its 95 % interval and p-value",
    );
  addLimitOptions(command).action(async (scenarioPath: string, opts: CompareOptions) => {
    if (opts.vary.length === 0) throw new UserError('Cannot compare: give at least one --vary path=values');
    if (!['text', 'json', 'html'].includes(opts.format))
      throw new UserError(
        `Cannot compare: --format must be text, json or html: current value is "${opts.format}"`,
      );
    if (opts.format === 'html' && opts.out === undefined)
      throw new UserError('Cannot compare: --format html writes a page; give --out <file>.html');
    const variations = opts.vary.map((text) => {
      try {
        return parseVariation(text);
      } catch (error) {
        if (error instanceof VaryError) throw new UserError(error.message);
        throw error;
      }
    });
    const seed = parseSeed(opts.seed);
    const duration = parseDurationOption(opts.duration);
    const limits = parseLimits(opts, 'run');
    const replications = parseReplications(opts.replications, 'compare');
    if (opts.out !== undefined) {
      const problem = prepareOutputDirectory(dirname(opts.out), [basename(opts.out)]);
      if (problem) throw new UserError(problem);
    }
    const load = async (overrides: Override[], i: number) =>
      (
        await loadOrFail([scenarioPath], {
          requireScenario: true,
          quiet: opts.quiet || i > 0,
          limits,
          overrides,
          ...(duration === undefined ? {} : { duration }),
        })
      ).input;
    const runOn = (input: ClusterInput) => (s: number | undefined) =>
      buildRunReport(simulate(input, { seed: s, duration: opts.duration }));
    // A path naming no field would vary nothing (or fail without saying what was meant): check it first.
    const probe = await loadFiles([scenarioPath], {
      requireScenario: true,
      limits,
      overrides: variants(variations)[0]?.overrides,
      ...(duration === undefined ? {} : { duration }),
    });
    const unknown = variations.flatMap((v) => unknownVaryPath(v, probe) ?? []);
    if (unknown.length > 0) throw new UserError(unknown.join('\n'));
    let comparison: ComparisonReport;
    if (replications === undefined) {
      comparison = await compareVariants(variations, async (overrides, i) =>
        runOn(await load(overrides, i))(seed),
      );
    } else {
      // Every variant is loaded before any runs, so a bad value fails at once.
      const inputs = [];
      for (const [i, v] of variants(variations).entries())
        inputs.push({ ...v, input: await load(v.overrides, i) });
      const first = seed ?? inputs[0]?.input.scenario?.seed ?? 0;
      const prepared = inputs.map((v) => ({
        label: v.label,
        overrides: v.overrides,
        runOne: runOn(v.input),
      }));
      const progress = progressReporter(!opts.quiet && process.stderr.isTTY === true);
      const total = prepared.length * replications;
      comparison = await comparePaired(variations, prepared, replications, first, (done) =>
        progress.onProgress?.(done / total),
      );
      progress.done();
    }
    const json = `${JSON.stringify(comparison, null, 2)}\n`;
    const content = opts.format === 'html' ? await renderComparisonHtml(comparison) : json;
    if (opts.out !== undefined)
      writeUninterrupted(() => writeFilesAtomic([{ path: opts.out as string, content }]));
    if (opts.quiet) return;
    if (opts.format !== 'html')
      process.stdout.write(opts.format === 'json' ? json : renderComparison(comparison));
    if (opts.out !== undefined) process.stdout.write(`comparison: ${opts.out}\n`);
  });
}
