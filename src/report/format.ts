import { formatDuration, MICROS_PER_MS } from '../engine/time.js';

/** Formatting helpers shared by the Markdown report and the terminal summary. */

export function percent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Availability with enough nines to tell 99.9 % from 99.99 %. */
export function availabilityPercent(ratio: number): string {
  if (ratio >= 1) return '100%';
  const digits = ratio >= 0.9999 ? 4 : ratio >= 0.999 ? 3 : 2;
  return `${(Math.floor(ratio * 10 ** (digits + 2)) / 10 ** digits).toFixed(digits)}%`;
}

/**
 * Dollars as a reader expects them: cents from $1 up; below, up to four decimals with trailing zeros
 * dropped, so a price given as 0.096 prints as $0.096, not $0.10.
 */
export function usd(x: number): string {
  if (Math.abs(x) >= 1) return `$${x.toFixed(2)}`;
  return `$${String(Number(x.toFixed(4)))}`;
}

/** Seconds in the one duration format of every report and the CLI: Go's ("2m30s", "8.333s", "150ms"). */
export function secondsText(s: number): string {
  return formatDuration(Math.round(s * 1000) * MICROS_PER_MS);
}

/** A plain-text table with left-aligned columns. */
export function textTable(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => (indent + row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ')).trimEnd())
    .join('\n');
}

/** A Markdown table. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const escapeCell = (c: string | number): string => String(c).replace(/\|/g, '\\|');
  return [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

/** Milliseconds with two decimals below 10 ms, one above: "4.27 ms", "236.4 ms". */
export function ms(x: number): string {
  return `${Number(x.toFixed(x < 10 ? 2 : 1))} ms`;
}
