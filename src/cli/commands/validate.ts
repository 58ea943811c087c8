import type { Command } from 'commander';
import { formatDiagnostic, loadFiles } from '../../manifests/index.js';
import { UserError } from '../errors.js';
import { addLimitOptions, type LimitOptions, parseLimits } from '../options.js';

export function registerValidateCommand(program: Command): void {
  const command = program
    .command('validate')
    .description('check manifests and scenarios: every error with file:line:col, nothing simulated')
    .argument('<files...>', 'YAML or JSON files, or folders of them');
  // The same limits as `kubesim run`, so that both agree on every error.
  addLimitOptions(command).action(async (files: string[], opts: LimitOptions) => {
    const { diagnostics } = await loadFiles(files, { limits: parseLimits(opts, 'validate') });
    for (const d of diagnostics) {
      const line = `${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic(d)}\n`;
      (d.severity === 'error' ? process.stdout : process.stderr).write(line);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    if (errors > 0)
      throw new UserError(
        `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
      );
    process.stdout.write(`ok: ${files.join(', ')} (${warnings} warning${warnings === 1 ? '' : 's'})\n`);
  });
}
