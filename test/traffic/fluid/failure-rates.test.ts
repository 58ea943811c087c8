import { describe, expect, it } from 'vitest';
import { addScaled, sumValues } from '../../../src/traffic/fluid/failure-rates.js';
import { FAILURE_REASONS, noFailures } from '../../../src/traffic/stats.js';

describe('failure rates by named field', () => {
  it('sum and add every failure reason', () => {
    for (const reason of FAILURE_REASONS) {
      const one = noFailures();
      one[reason] = 1;
      expect(sumValues(one)).toBe(1);
      const to = noFailures();
      addScaled(to, one, 3, 2);
      expect(to[reason]).toBe(6);
      expect(sumValues(to)).toBe(6);
    }
  });
});
