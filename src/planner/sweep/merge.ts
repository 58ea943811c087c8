import { readFileSync } from 'node:fs';
import {
  compareResults,
  parseResults,
  ResultsError,
  type SweepResultLine,
  serializeResult,
} from './results.js';

/**
 * `kubesim merge`: joins results files (the shards of one sweep, or one file) into grid order, by
 * point then seed. The merged text of a sweep's shards is the same bytes as the merged text of the
 * same sweep run unsharded: each line is a deterministic function of its (point, seed), and the order
 * is the grid's. A run found in two files must be the same line in both (a shard run twice); a torn
 * last line (an interrupted shard) is refused, since that shard is not finished.
 */
export function mergeResultFiles(paths: readonly string[]): SweepResultLine[] {
  const byRun = new Map<string, { line: SweepResultLine; text: string; where: string }>();
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new ResultsError(
        `Cannot merge: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    const file = parseResults(bytes, path);
    if (file.tornBytes > 0)
      throw new ResultsError(
        `Cannot merge: ${path}:${file.lines.length + 1}: the last line is cut short (an interrupted sweep); finish that sweep with --resume first`,
      );
    file.lines.forEach((line, i) => {
      const key = `${line.point}/${line.seed}`;
      const text = serializeResult(line);
      const where = `${path}:${i + 1}`;
      const seen = byRun.get(key);
      if (seen && seen.text !== text)
        throw new ResultsError(
          `Cannot merge: point ${line.point} on seed ${line.seed} differs between ${seen.where} and ${where}; the files come from different sweeps or versions`,
        );
      if (!seen) byRun.set(key, { line, text, where });
    });
  }
  return [...byRun.values()].map((v) => v.line).sort(compareResults);
}

/** The merged lines as one JSONL text. */
export function renderResults(lines: readonly SweepResultLine[]): string {
  return lines.map(serializeResult).join('');
}
