import { describe, expect, it } from 'vitest';
import { objectivesFromScenario, parseSlo, SloError } from '../../../src/planner/plan/slo.js';

function error(expression: string): SloError {
  try {
    parseSlo(expression);
  } catch (e) {
    if (e instanceof SloError) return e;
    throw e;
  }
  throw new Error(`"${expression}" parsed`);
}

describe('SLO expressions', () => {
  it('reads availability and latency objectives', () => {
    expect(parseSlo('availability>=99.95%,p99<=300ms')).toEqual([
      { kind: 'availability', text: 'availability>=99.95%', target: 0.9995 },
      { kind: 'latency', text: 'p99<=300ms', percentile: 'p99', targetMs: 300 },
    ]);
  });

  it('takes the Scenario names, fractions, spaces and = in the natural direction', () => {
    expect(parseSlo(' latency.p999 <= 1.5s , availability=0.999')).toEqual([
      { kind: 'latency', text: 'latency.p999 <= 1.5s', percentile: 'p999', targetMs: 1500 },
      { kind: 'availability', text: 'availability=0.999', target: 0.999 },
    ]);
  });

  it('reads a k-of-n objective with its comma inside the parentheses', () => {
    expect(parseSlo('podsAvailable(web,3)>=99%')).toEqual([
      { kind: 'podsAvailable', text: 'podsAvailable(web,3)>=99%', workload: 'web', atLeast: 3, target: 0.99 },
    ]);
  });

  it.each([
    ['availability>=99.95%,p99<=', 26, 'a value is missing after p99<='],
    ['availability=>99.9%', 12, 'expected >= or <= after availability'],
    ['availability>=99.9%,p98<=300ms', 20, 'unknown objective "p98"'],
    ['p99>=300ms', 3, 'a latency objective is an upper bound'],
    ['availability<=99%', 12, 'an availability objective is a lower bound'],
    ['availability>=120%', 14, 'expected a percentage such as 99.95%'],
    ['p99<=300', 5, 'expected a duration > 0 such as 300ms'],
    ['availability>=99%,,p99<=1s', 18, 'an objective is missing'],
    ['p99<=1s,latency.p99<=2s', 8, 'latency.p99 is given twice'],
    ['podsAvailable(web)>=99%', 13, 'podsAvailable takes (workload,k)'],
  ])('shows where %s fails', (expression, position, reason) => {
    const e = error(expression);
    expect(e.position).toBe(position);
    expect(e.message).toContain(reason);
    const [, shown, caret] = e.message.split('\n');
    expect(shown).toBe(`  ${expression}`);
    expect(caret).toBe(`  ${' '.repeat(position)}^`);
  });

  it("turns the Scenario's spec.slo into the same objectives", () => {
    expect(objectivesFromScenario({ availability: 0.999, latency: { p99: 250_000 } })).toEqual(
      parseSlo('availability>=99.9%,p99<=250ms'),
    );
  });
});
