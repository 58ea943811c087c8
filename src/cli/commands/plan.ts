import { join } from 'node:path';
import type { Command } from 'commander';
import { CatalogError, loadCatalog } from '../../planner/plan/catalog.js';
import { type CostModel, parseHorizonHours } from '../../planner/plan/cost.js';
import { FailuresError, parseFailures } from '../../planner/plan/failures.js';
import { planInputProblem } from '../../planner/plan/preconditions.js';
import { renderPlanMarkdown, renderPlanText } from '../../planner/plan/render.js';
import { buildPlanReport } from '../../planner/plan/report.js';
import { RESERVATIONS, type Reservations } from '../../planner/plan/reservations.js';
import { type PlanOptions, plan } from '../../planner/plan/search.js';
import { objectivesFromScenario, parseSlo, SloError } from '../../planner/plan/slo.js';
import { renderPlanHtml } from '../../report/html/plan-page.js';
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
  parseSeed,
} from '../options.js';

interface PlanCliOptions extends LimitOptions {
  catalog?: string;
  slo?: string;
  failures?: string;
  confidence: string;
  horizon: string;
  cost: string;
  powerPrice: string;
  rackCost: string;
  reservations: string;
  maxReplications: string;
  seed?: string;
  duration?: string;
  out?: string;
  format: string;
  quiet?: boolean;
}

const fail = (what: string): never => {
  throw new UserError(`Cannot plan: ${what}`);
};

function numberOption(text: string, flag: string, ok: (n: number) => boolean, expected: string): number {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!ok(n)) fail(`${flag} expected ${expected}, got "${text}"`);
  return n;
}

function costModelOf(opts: PlanCliOptions): CostModel {
  if (opts.cost === 'cloud') return { kind: 'cloud' };
  if (opts.cost !== 'on-prem') fail(`--cost must be cloud or on-prem: current value is "${opts.cost}"`);
  const horizonHours = parseHorizonHours(opts.horizon);
  if (horizonHours === undefined)
    fail(`--horizon expected a period such as 3y, 36mo or 1000d, got "${opts.horizon}"`);
  return {
    kind: 'on-prem',
    horizonHours: horizonHours as number,
    powerPricePerKwh: numberOption(
      opts.powerPrice,
      '--power-price',
      (n) => n >= 0,
      'a price per kWh >= 0 such as 0.15',
    ),
    rackCostPerMonth: numberOption(
      opts.rackCost,
      '--rack-cost',
      (n) => n >= 0,
      'a cost per node and month >= 0 such as 40',
    ),
  };
}

/** Progress on a TTY: one line on stderr, rewritten after every simulation run. */
function progress(enabled: boolean): { onRun?: (runs: number, candidate: string) => void; done: () => void } {
  if (!enabled) return { done: () => {} };
  let shown = false;
  return {
    onRun: (runs, candidate) => {
      shown = true;
      process.stderr.write(`\r\x1b[Kplanning: run ${runs}, ${candidate}`);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

export function registerPlanCommand(program: Command): void {
  const command = program
    .command('plan')
    .description(
      'find the cheapest node pool (instance type, nodes per zone, zones) that meets the SLOs under the failures',
    )
    .argument('<scenario>', 'a YAML file with a kind: Scenario document (and any Kubernetes manifests)')
    .option(
      '--catalog <file>',
      'instance types: CSV or YAML with instanceType, cpu, memory, pricePerHour (optional purchasePrice, powerWatts, gpu, pods)',
    )
    .option('--slo <objectives>', "e.g. 'availability>=99.95%,p99<=300ms' (default: the Scenario's spec.slo)")
    .option(
      '--failures <loss>',
      "node:k or zone:k: lose k nodes or zones a quarter into the window (default: the Scenario's own faults)",
    )
    .option('--confidence <c>', 'one-sided confidence each objective must be met with', '0.95')
    .option('--reservations <r>', 'capacity → allocatable: gke, eks or none', 'gke')
    .option(
      '--cost <model>',
      'cloud (pricePerHour) or on-prem (purchasePrice over --horizon, power, rack)',
      'cloud',
    )
    .option('--horizon <period>', 'on-prem amortisation period: 3y, 36mo, 1000d', '3y')
    .option('--power-price <p>', 'on-prem: price per kWh', '0.15')
    .option('--rack-cost <c>', 'on-prem: cost per node and month (space, cooling, network, support)', '0')
    .option('--max-replications <n>', 'the most runs any one candidate gets', '10')
    .option('--seed <n>', "seed of the first replication (default: the Scenario's spec.seed)")
    .option('--duration <d>', 'simulated time per run, e.g. 20m (overrides spec.duration)')
    .option('--out <dir>', 'also write plan.json and plan.md to this folder')
    .option(
      '--format <f>',
      'what to print: text, json, md or html (a self-contained page with charts)',
      'text',
    )
    .option('--quiet', 'print nothing but errors');
  addLimitOptions(command).action(async (scenarioPath: string, opts: PlanCliOptions) => {
    if (opts.catalog === undefined) fail('give --catalog FILE (CSV or YAML instance types)');
    if (!['text', 'json', 'md', 'html'].includes(opts.format))
      fail(`--format must be text, json, md or html: current value is "${opts.format}"`);
    if (!(RESERVATIONS as readonly string[]).includes(opts.reservations))
      fail(`--reservations must be gke, eks or none: current value is "${opts.reservations}"`);
    const confidence = numberOption(
      opts.confidence,
      '--confidence',
      (n) => n >= 0.5 && n < 1,
      'a number in [0.5, 1) such as 0.95',
    );
    const maxReplications = numberOption(
      opts.maxReplications,
      '--max-replications',
      (n) => Number.isInteger(n) && n >= 2,
      'a whole number >= 2',
    );
    const costModel = costModelOf(opts);
    const seedOption = parseSeed(opts.seed);
    const duration = parseDurationOption(opts.duration);
    const limits = parseLimits(opts, 'plan');
    let failures: PlanOptions['failures'];
    let catalog: PlanOptions['catalog'];
    try {
      failures = parseFailures(opts.failures);
      catalog = loadCatalog(opts.catalog as string, opts.reservations as Reservations);
    } catch (error) {
      if (error instanceof FailuresError) throw new UserError(error.message);
      if (error instanceof CatalogError)
        throw new UserError(`Cannot plan: the catalogue has errors:\n${error.message}`);
      throw error;
    }
    if (opts.out !== undefined) {
      const problem = prepareOutputDirectory(opts.out, ['plan.json', 'plan.md', 'plan.html']);
      if (problem) throw new UserError(problem);
    }
    const { input } = await loadOrFail([scenarioPath], {
      requireScenario: true,
      quiet: opts.quiet,
      limits,
      ...(duration === undefined ? {} : { duration }),
    });
    if (!input.scenario) return fail('the input has no kind: Scenario document');
    // --duration replaces spec.duration for every run (the loader has checked it against the warm-up).
    const scenario = duration === undefined ? input.scenario : { ...input.scenario, duration };
    input.scenario = scenario;
    let objectives: PlanOptions['objectives'];
    try {
      objectives =
        opts.slo === undefined
          ? objectivesFromScenario(scenario.traffic?.slo ?? { availability: null, latency: {} })
          : parseSlo(opts.slo);
    } catch (error) {
      if (error instanceof SloError) throw new UserError(error.message);
      throw error;
    }
    const problem = planInputProblem(input, objectives, failures);
    if (problem) fail(problem);
    const seed = seedOption ?? scenario.seed;
    const bar = progress(!opts.quiet && process.stderr.isTTY === true);
    const options: PlanOptions = {
      catalog,
      objectives,
      failures,
      costModel,
      replication: { confidence, initial: 3, max: maxReplications, seed },
      runSimulation: (prepared, s) => simulate(prepared, { seed: s }),
      ...(bar.onRun ? { onRun: bar.onRun } : {}),
    };
    const result = plan(input, options);
    bar.done();
    const report = buildPlanReport(scenario, catalog, options, result, seed);
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const html = await renderPlanHtml(report);
    if (opts.out !== undefined) {
      const dir = opts.out;
      writeUninterrupted(() =>
        writeFilesAtomic([
          { path: join(dir, 'plan.json'), content: json },
          { path: join(dir, 'plan.md'), content: renderPlanMarkdown(report) },
          { path: join(dir, 'plan.html'), content: html },
        ]),
      );
    }
    if (opts.quiet) return;
    const printed = { json, md: renderPlanMarkdown(report), html, text: renderPlanText(report) };
    process.stdout.write(printed[opts.format as keyof typeof printed]);
    if (!result.chosen) process.exitCode = 3;
  });
}
