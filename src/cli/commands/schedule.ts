import type { Command } from 'commander';
import { DEFAULT_KUBERNETES_VERSION } from '../../model/cluster-input.js';
import { explainScheduling, renderExplanation } from '../../scheduler/index.js';
import { UserError } from '../errors.js';
import { loadOrFail } from '../load.js';

interface ScheduleOptions {
  explain?: boolean;
  output: string;
  seed: string;
  kubernetesVersion?: string;
}

export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule')
    .description('schedule the pending pods of the given manifests as kube-scheduler would, and say why')
    .argument(
      '<files...>',
      'Nodes, Pods, Deployments, StatefulSets (and optionally a KubeSchedulerConfiguration)',
    )
    .option(
      '--explain',
      'show every node for every pod: the filter that rejected it, or each score plugin’s raw and normalised score with the weights',
    )
    .option('--output <format>', 'text or json', 'text')
    .option('--seed <n>', 'seed for the random tie-break between equal top scores', '1')
    .option(
      '--kubernetes-version <v>',
      `Kubernetes version whose defaults apply (default ${DEFAULT_KUBERNETES_VERSION}, or the Scenario's)`,
    )
    .action(async (files: string[], opts: ScheduleOptions) => {
      if (!['text', 'json'].includes(opts.output)) {
        throw new UserError(
          `Cannot schedule: --output must be text or json: current value is "${opts.output}"`,
        );
      }
      const seed = Number(opts.seed);
      if (!Number.isSafeInteger(seed))
        throw new UserError(`Cannot schedule: --seed must be an integer: current value is "${opts.seed}"`);
      const { input } = await loadOrFail(files, { requireScenario: false, quiet: opts.output === 'json' });
      if (input.nodes.length === 0 && (input.scenario?.nodePools.length ?? 0) === 0) {
        throw new UserError(
          `Cannot schedule: no Node objects (or Scenario node pools) in ${files.join(', ')}`,
        );
      }
      const kubernetesVersion =
        opts.kubernetesVersion ?? input.scenario?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
      // Score tables are kept only for explained pods: 50 000 pods × 5 000 nodes would not fit in memory.
      const result = explainScheduling(input, { kubernetesVersion, seed, explain: opts.explain === true });
      process.stdout.write(
        opts.output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderExplanation(result),
      );
    });
}
