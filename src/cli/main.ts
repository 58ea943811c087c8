import { Command, CommanderError } from 'commander';
import { KUBESIM_VERSION } from '../version.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerHpaCommand } from './commands/hpa.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerPlanCommand } from './commands/plan.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerScheduleCommand } from './commands/schedule.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSweepCommand } from './commands/sweep.js';
import { registerValidateCommand } from './commands/validate.js';
import { UserError } from './errors.js';

/** Builds the `kubesim` command line: thin commands that parse, call the library and print. */
export function buildProgram(): Command {
  const program = new Command('kubesim')
    .description('Kubernetes cluster simulator and capacity planner')
    .version(KUBESIM_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerRunCommand(program);
  registerCompareCommand(program);
  registerHpaCommand(program);
  registerReportCommand(program);
  registerPlanCommand(program);
  registerScheduleCommand(program);
  registerValidateCommand(program);
  registerSweepCommand(program);
  registerMergeCommand(program);
  registerServeCommand(program);
  return program;
}

/**
 * Runs the CLI. Bad input ends with one paragraph on stderr and exit code 1; an internal error says
 * so (exit 2) and shows the stack only with KUBESIM_DEBUG=1.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
    } else if (error instanceof UserError) {
      process.stderr.write(`kubesim: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`kubesim: internal error: ${message}\n`);
      if (process.env.KUBESIM_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
      else
        process.stderr.write(
          '(this is a bug in kubesim; run with KUBESIM_DEBUG=1 for details and report it)\n',
        );
      process.exitCode = 2;
    }
  }
}
