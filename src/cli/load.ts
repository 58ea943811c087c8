import { formatDiagnostic, type LoadOptions, type LoadResult, loadFiles } from '../manifests/index.js';
import { UserError } from './errors.js';

/**
 * Loads manifest files for a command: prints warnings to stderr, and turns errors into one UserError
 * listing every one of them (file:line:col: path: message).
 */
export async function loadOrFail(
  paths: string[],
  options: LoadOptions & { quiet?: boolean },
): Promise<LoadResult> {
  const { quiet: _quiet, ...loadOptions } = options;
  const result = await loadFiles(paths, loadOptions);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!options.quiet) {
    for (const d of result.diagnostics)
      if (d.severity === 'warning') process.stderr.write(`warning: ${formatDiagnostic(d)}\n`);
  }
  if (errors.length > 0) {
    const noun = errors.length === 1 ? 'error' : 'errors';
    throw new UserError(
      `${errors.map(formatDiagnostic).join('\n')}\n${errors.length} ${noun}; nothing was simulated.`,
    );
  }
  return result;
}
