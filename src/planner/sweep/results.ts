import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { RunReport } from '../../report/json.js';

/**
 * The sweep's results file: JSON Lines, one run per line, appended as runs complete. A line is
 * written with one write of the whole line and its newline, so a sweep killed mid-way leaves whole
 * lines and at most one torn last line (a crash inside the write), which resuming cuts off and runs
 * again: the file never holds a corrupt line that a reader would take for a result.
 */
export interface SweepResultLine {
  /** The grid point's index (grid order). */
  point: number;
  seed: number;
  /** The varied values of the point, keyed by path as written in the grid. */
  values: Record<string, unknown>;
  /** headlineFigures() of the run's report. */
  figures: Record<string, number>;
  /** The whole run report, with --full. */
  report?: RunReport;
}

/** A results file that cannot be read as one: names the file and line. */
export class ResultsError extends Error {}

/** The line's text: keys in a fixed order, so equal results are equal bytes. */
export function serializeResult(r: SweepResultLine): string {
  const ordered: SweepResultLine = { point: r.point, seed: r.seed, values: r.values, figures: r.figures };
  if (r.report !== undefined) ordered.report = r.report;
  return `${JSON.stringify(ordered)}\n`;
}

/** What a results file holds: its whole lines, parsed, and the length of a torn tail (0 if none). */
export interface ResultsFile {
  lines: SweepResultLine[];
  /** Bytes after the last newline: a line cut short by a crash. */
  tornBytes: number;
  /** Bytes of whole lines (where a repair truncates to). */
  wholeBytes: number;
}

/** Reads a results file; a missing file is an empty one. Throws ResultsError for a corrupt line. */
export function readResults(path: string): ResultsFile {
  if (!existsSync(path)) return { lines: [], tornBytes: 0, wholeBytes: 0 };
  return parseResults(readFileSync(path), path);
}

/** Parses results text (as bytes: the torn tail's length is in bytes, for truncate). */
export function parseResults(bytes: Buffer, path: string): ResultsFile {
  const end = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes
    .subarray(0, end)
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((text, i) => parseLine(text, path, i + 1));
  return { lines, tornBytes: bytes.length - end, wholeBytes: end };
}

function parseLine(text: string, path: string, lineNumber: number): SweepResultLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ResultsError(
      `${path}:${lineNumber}: not a sweep result: ${(error as Error).message}; only the last line of an interrupted sweep may be cut short`,
    );
  }
  const v = value as Partial<SweepResultLine> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    !Number.isSafeInteger(v.point) ||
    !Number.isSafeInteger(v.seed) ||
    typeof v.values !== 'object' ||
    typeof v.figures !== 'object'
  )
    throw new ResultsError(
      `${path}:${lineNumber}: not a sweep result: expected {point, seed, values, figures}`,
    );
  return v as SweepResultLine;
}

/** Cuts a torn last line off the file, so appending starts on a line boundary. */
export function repairTornTail(path: string, file: ResultsFile): void {
  if (file.tornBytes > 0) truncateSync(path, file.wholeBytes);
}

/** Appends whole lines to a results file, one write per line. */
export class ResultsAppender {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  append(r: SweepResultLine): void {
    const bytes = Buffer.from(serializeResult(r), 'utf8');
    // writeSync may write less than asked (a full disk); go on until the whole line is out.
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Grid order: by point, then seed. */
export function compareResults(a: SweepResultLine, b: SweepResultLine): number {
  return a.point - b.point || a.seed - b.seed;
}
