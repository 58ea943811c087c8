import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { mergeResultFiles, renderResults } from '../../planner/sweep/merge.js';
import { ResultsError } from '../../planner/sweep/results.js';
import { renderSweepCsv, renderSweepTable, summarizeSweep } from '../../planner/sweep/summary.js';
import { type OutputFile, prepareOutputDirectory, writeFilesAtomic } from '../../report/write.js';
import { UserError } from '../errors.js';
import { writeUninterrupted } from '../interrupt.js';

interface MergeOptions {
  out: string;
  csv?: string;
  quiet?: boolean;
}

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('join sweep results files (the shards of one sweep) into one, in grid order')
    .argument('<files...>', 'JSONL results files written by kubesim sweep')
    .requiredOption('--out <file>', 'the merged results file')
    .option('--csv <file>', "also write the merged sweep's summary CSV")
    .option('--quiet', 'print nothing but errors')
    .action((files: string[], opts: MergeOptions) => {
      let lines: ReturnType<typeof mergeResultFiles>;
      try {
        lines = mergeResultFiles(files);
      } catch (error) {
        if (error instanceof ResultsError) throw new UserError(error.message);
        throw error;
      }
      const points = summarizeSweep(lines);
      const outputs: OutputFile[] = [{ path: opts.out, content: renderResults(lines) }];
      if (opts.csv !== undefined) outputs.push({ path: opts.csv, content: renderSweepCsv(points) });
      for (const f of outputs) {
        const problem = prepareOutputDirectory(dirname(f.path), [basename(f.path)]);
        if (problem) throw new UserError(problem);
      }
      writeUninterrupted(() => writeFilesAtomic(outputs));
      if (opts.quiet) return;
      process.stdout.write(
        `kubesim merge: ${lines.length} runs of ${points.length} points from ${files.length} ${files.length === 1 ? 'file' : 'files'}\n\n${renderSweepTable(points)}\nresults: ${outputs.map((f) => f.path).join(', ')}\n`,
      );
    });
}
