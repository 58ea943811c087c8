import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { LineCounter, parseDocument } from 'yaml';
import type { RunReport } from '../../report/json.js';
import { prepareChartsFolder, reportFiles } from '../../report/report-files.js';
import { runReportSchema } from '../../report/schema.js';
import { prepareOutputDirectory, writeFilesAtomic } from '../../report/write.js';
import { UserError } from '../errors.js';
import { writeUninterrupted } from '../interrupt.js';
import { jsonErrorOffset } from '../json-error-offset.js';

interface ReportOptions {
  html?: string;
  md?: string;
  quiet?: boolean;
}

/**
 * Reads and validates a saved JSON run report against the report schema. A problem is one paragraph
 * naming the file, the line and the field: a syntax error where the scan finds it, a schema error
 * at its value (the text read again as YAML, which keeps positions: JSON is YAML).
 */
export function readRunReport(path: string): RunReport {
  const fail = (where: string, what: string) =>
    new UserError(
      `Cannot read the report "${path}"${where}: ${what}. It should be the JSON report of \`kubesim run\` (report schema 2, docs/report.md).`,
    );
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(
      '',
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text) ?? 0;
    const before = text.slice(0, offset).split('\n');
    const near = JSON.stringify(text.slice(offset, offset + 12));
    throw fail(
      `:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`,
      `not valid JSON (unexpected ${offset >= text.length ? 'end of file' : near})`,
    );
  }
  const parsed = runReportSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path_ = (issue?.path ?? []).map((k) => (typeof k === 'symbol' ? String(k) : k));
  const lines = new LineCounter();
  const node = parseDocument(text, { lineCounter: lines }).getIn(path_, true) as
    | { range?: number[] }
    | undefined;
  const start = node?.range?.[0];
  const where = start === undefined ? '' : `:${lines.linePos(start).line}:${lines.linePos(start).col}`;
  const field = path_.length === 0 ? 'the document' : path_.join('.');
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
  throw fail(where, `${field}: ${issue?.message ?? 'does not match the report schema'}${more}`);
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('render a saved JSON run report as HTML and/or Markdown (with its charts)')
    .argument('<report>', 'the JSON report of `kubesim run` (e.g. report/quickstart.json)')
    .option('--html <file>', 'write the self-contained HTML report here')
    .option('--md <file>', 'write the Markdown report here, its chart SVGs in <file without .md>.charts/')
    .option('--quiet', 'print nothing but errors')
    .action(async (reportPath: string, opts: ReportOptions) => {
      if (opts.html === undefined && opts.md === undefined)
        throw new UserError('Cannot render the report: give --html <file>, --md <file> or both');
      const report = readRunReport(reportPath);
      for (const out of [opts.html, opts.md]) {
        if (out === undefined) continue;
        const problem = prepareOutputDirectory(dirname(out), [basename(out)]);
        if (problem) throw new UserError(problem);
      }
      const files = await reportFiles(report, { html: opts.html, md: opts.md });
      const chartsProblem = opts.md ? prepareChartsFolder(opts.md) : undefined;
      if (chartsProblem) throw new UserError(chartsProblem);
      writeUninterrupted(() => writeFilesAtomic(files));
      if (!opts.quiet)
        process.stdout.write(`report: ${[opts.html, opts.md].filter((p) => p !== undefined).join(', ')}\n`);
    });
}
