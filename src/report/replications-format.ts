import { ms, usd } from './format.js';
import type { HeadlineFigure } from './replications-headline.js';

/** How a figure is printed: a ratio as a percentage, a latency in ms, a cost in dollars. */
export type FigureUnit = HeadlineFigure['unit'];

/**
 * A ratio as a percentage, rounded (not floored as a single availability is: an interval's bounds are
 * estimates, not guarantees), with enough decimals to tell 99.9 % from 99.99 %.
 */
function ratioText(x: number, digits = ratioDigits(x)): string {
  if (x === 1) return '100%';
  return `${(x * 100).toFixed(digits)}%`;
}

function ratioDigits(x: number): number {
  return x >= 0.9999 ? 4 : x >= 0.999 ? 3 : x >= 0.99 ? 2 : 1;
}

/** One value of a figure in its unit. */
export function figureText(x: number, unit: FigureUnit): string {
  if (unit === 'ratio') return ratioText(x);
  if (unit === 'ms') return ms(x);
  return usd(x);
}

/** The size of a difference, unsigned: a ratio's in percentage points with the decimals it needs. */
export function sizeText(size: number, unit: FigureUnit): string {
  if (unit !== 'ratio') return unit === 'ms' ? ms(size) : usd(size);
  const digits = size >= 0.01 ? 1 : size >= 0.001 ? 2 : size >= 0.0001 ? 3 : 4;
  return `${(size * 100).toFixed(digits)}%`;
}

/** A difference of a figure in its unit, signed: "+1.2 ms", "−0.05%", "−$0.30". */
export function differenceText(x: number, unit: FigureUnit): string {
  const sign = x < 0 ? '−' : x > 0 ? '+' : '±';
  return `${sign}${sizeText(Math.abs(x), unit)}`;
}

/** A mean and its interval, a ratio's bounds with the mean's decimals: "99.920% [99.870%, 99.970%]". */
export function intervalText(
  e: { mean: number; ci95Low: number; ci95High: number },
  unit: FigureUnit,
): string {
  const show =
    unit === 'ratio' ? (x: number) => ratioText(x, ratioDigits(e.mean)) : (x: number) => figureText(x, unit);
  return `${show(e.mean)} [${show(e.ci95Low)}, ${show(e.ci95High)}]`;
}
