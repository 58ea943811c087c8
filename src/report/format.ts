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

export function usd(x: number): string {
  return `$${x.toFixed(2)}`;
}

export function secondsText(s: number): string {
  if (s < 1) return `${(s * 1000).toFixed(0)}ms`;
  if (s < 120) return `${s.toFixed(1)}s`;
  return `${(s / 60).toFixed(1)}min`;
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
