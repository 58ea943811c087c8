import { MICROS_PER_MS, parseDuration } from '../../engine/time.js';
import { LATENCY_PERCENTILES, type LatencyPercentile, type SloConfig } from '../../model/traffic.js';

/**
 * Service-level objectives for `kubesim plan --slo`: comma-separated `name op value` terms, e.g.
 * `availability>=99.95%,p99<=300ms`. Names are the Scenario's spec.slo objectives (`availability`,
 * `latency.p50` … `latency.p999`, or just `p99`) plus `podsAvailable(workload,k)`: the fraction of
 * time at least k pods of the workload are available (a k-of-n objective).
 */

/** One objective: what is measured, which side is good, and the target. */
export type Objective =
  | { kind: 'availability'; text: string; target: number }
  | { kind: 'latency'; text: string; percentile: LatencyPercentile; targetMs: number }
  | { kind: 'podsAvailable'; text: string; workload: string; atLeast: number; target: number }
  /** Added by the planner under node:k / zone:k: no pod left pending at the end of a run (target 1). */
  | { kind: 'podsPlaced'; text: string; target: 1 };

/** Whether a larger measured value is better (availability) or worse (latency). */
export function higherIsBetter(o: Objective): boolean {
  return o.kind !== 'latency';
}

/** The objective's target in the unit its value is measured in (a fraction, or milliseconds). */
export function objectiveTarget(o: Objective): number {
  return o.kind === 'latency' ? o.targetMs : o.target;
}

/** An --slo expression that does not parse: the message shows the expression with a caret under the fault. */
export class SloError extends Error {
  constructor(
    readonly expression: string,
    readonly position: number,
    reason: string,
  ) {
    super(
      `Cannot read --slo: ${reason} (at character ${position + 1})\n  ${expression}\n  ${' '.repeat(position)}^`,
    );
    this.name = 'SloError';
  }
}

const NAMES = 'availability, p50, p90, p95, p99, p999 (or latency.p99), podsAvailable(workload,k)';

/** Parses a whole expression; every term must parse, and an objective may appear only once. */
export function parseSlo(expression: string): Objective[] {
  const out: Objective[] = [];
  let pos = 0;
  while (true) {
    const end = termEnd(expression, pos);
    const term = expression.slice(pos, end);
    if (term.trim() === '')
      throw new SloError(expression, pos, `an objective is missing; expected one of ${NAMES}`);
    const objective = parseTerm(expression, pos, end);
    if (out.some((o) => objectiveName(o) === objectiveName(objective)))
      throw new SloError(expression, pos + leadingSpace(term), `${objectiveName(objective)} is given twice`);
    out.push(objective);
    if (end >= expression.length) return out;
    pos = end + 1;
  }
}

/**
 * The objective the planner adds when it injects a loss: every pod placed again after it (a run
 * scores 1 when no pod is pending at its end, else 0), so a plan must really hold the pods on the
 * survivors, not merely have the room by volume.
 */
export const PODS_PLACED: Objective = {
  kind: 'podsPlaced',
  text: 'every pod placed again after the loss',
  target: 1,
};

/** The Scenario's spec.slo as objectives (what `plan` checks when --slo is not given). */
export function objectivesFromScenario(slo: SloConfig): Objective[] {
  const out: Objective[] = [];
  if (slo.availability !== null)
    out.push({
      kind: 'availability',
      text: `availability>=${percentText(slo.availability)}`,
      target: slo.availability,
    });
  for (const p of LATENCY_PERCENTILES) {
    const us = slo.latency[p];
    if (us !== undefined)
      out.push({
        kind: 'latency',
        text: `${p}<=${us / MICROS_PER_MS}ms`,
        percentile: p,
        targetMs: us / MICROS_PER_MS,
      });
  }
  return out;
}

/** The objective's name as reports key it: `availability`, `latency.p99`, `podsAvailable(web,3)`. */
export function objectiveName(o: Objective): string {
  if (o.kind === 'availability') return 'availability';
  if (o.kind === 'latency') return `latency.${o.percentile}`;
  if (o.kind === 'podsPlaced') return 'podsPlaced';
  return `podsAvailable(${o.workload},${o.atLeast})`;
}

function percentText(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(10))}%`;
}

function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}

/** The index of the comma ending the term that starts at `pos` (commas inside parentheses do not count). */
function termEnd(s: string, pos: number): number {
  let depth = 0;
  for (let i = pos; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth <= 0) return i;
  }
  return s.length;
}

function parseTerm(s: string, start: number, end: number): Objective {
  const term = s.slice(start, end);
  const nameMatch = /^\s*([A-Za-z][A-Za-z0-9.]*)(\(([^)]*)\))?\s*/.exec(term);
  if (!nameMatch) throw new SloError(s, start + leadingSpace(term), `expected an objective name: ${NAMES}`);
  const name = nameMatch[1] as string;
  const nameAt = start + leadingSpace(term);
  let at = start + nameMatch[0].length;
  const opMatch = /^(>=|<=|=(?![<>]))\s*/.exec(s.slice(at, end));
  if (!opMatch) throw new SloError(s, at, `expected >= or <= after ${name}`);
  const op = opMatch[1] as string;
  const opAt = at;
  at += opMatch[0].length;
  const valueText = s.slice(at, end).trimEnd();
  if (valueText === '') throw new SloError(s, at, `a value is missing after ${name}${op}`);
  const text = s.slice(nameAt, end).trim();
  const percentile = name.startsWith('latency.') ? name.slice('latency.'.length) : name;
  if ((LATENCY_PERCENTILES as readonly string[]).includes(percentile)) {
    if (op === '>=') throw new SloError(s, opAt, `a latency objective is an upper bound: write ${name}<=…`);
    const us = parseDuration(valueText);
    if (us === undefined || us <= 0)
      throw new SloError(
        s,
        at,
        `expected a duration > 0 such as 300ms after ${name}${op}, got "${valueText}"`,
      );
    return {
      kind: 'latency',
      text,
      percentile: percentile as LatencyPercentile,
      targetMs: us / MICROS_PER_MS,
    };
  }
  if (name === 'availability' || name === 'podsAvailable') {
    if (op === '<=')
      throw new SloError(s, opAt, `an availability objective is a lower bound: write ${name}>=…`);
    const target = parseFraction(valueText);
    if (target === undefined)
      throw new SloError(
        s,
        at,
        `expected a percentage such as 99.95% or a fraction such as 0.9995, got "${valueText}"`,
      );
    if (name === 'availability') {
      if (nameMatch[2] !== undefined)
        throw new SloError(s, nameAt + name.length, 'availability takes no arguments');
      return { kind: 'availability', text, target };
    }
    const args = (nameMatch[3] ?? '').split(',').map((a) => a.trim());
    const argsAt = nameAt + name.length;
    if (nameMatch[2] === undefined || args.length !== 2 || args[0] === '')
      throw new SloError(
        s,
        argsAt,
        'podsAvailable takes (workload,k): a Deployment or StatefulSet name and a pod count',
      );
    const atLeast = /^\d+$/.test(args[1] as string) ? Number(args[1]) : Number.NaN;
    if (!(Number.isSafeInteger(atLeast) && atLeast >= 1))
      throw new SloError(s, argsAt, `podsAvailable's k must be a whole number >= 1, got "${args[1]}"`);
    return { kind: 'podsAvailable', text, workload: args[0] as string, atLeast, target };
  }
  throw new SloError(s, nameAt, `unknown objective "${name}"; expected one of ${NAMES}`);
}

/** `99.95%` → 0.9995; `0.9995` → 0.9995; anything above 100 % or below 0 is undefined. */
function parseFraction(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  if (!m) return undefined;
  // "99.9e-2" is read as the nearest double to 0.999, as the Scenario's 99.9% is; 99.9 / 100 is not.
  const v = m[2] === '%' ? Number(`${m[1]}e-2`) : Number(m[1]);
  return v >= 0 && v <= 1 ? v : undefined;
}
