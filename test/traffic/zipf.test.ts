import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { ZipfSampler } from '../../src/traffic/zipf.js';

describe('ZipfSampler', () => {
  it('has P(k) ∝ (k + 1)^−skew and draws match it (4 standard deviations over 100 000 draws)', () => {
    const z = new ZipfSampler(10, 1);
    const harmonic = Array.from({ length: 10 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
    expect(z.probability(0)).toBeCloseTo(1 / harmonic, 12);
    expect(z.probability(9)).toBeCloseTo(1 / 10 / harmonic, 12);
    const rng = new RandomStreams(1).get('zipf');
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[z.sample(rng)]++;
    counts.forEach((c, k) => {
      const p = z.probability(k);
      expect(Math.abs(c - 100_000 * p)).toBeLessThan(4 * Math.sqrt(100_000 * p * (1 - p)));
    });
  });

  it('is uniform at skew 0', () => {
    const z = new ZipfSampler(4, 0);
    expect([0, 1, 2, 3].map((k) => z.probability(k))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});
