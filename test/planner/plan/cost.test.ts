import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/planner/plan/catalog.js';
import { nodeCostPerHour, parseHorizonHours, unpriceableReason } from '../../../src/planner/plan/cost.js';

const [c5, bare] = parseCatalog(
  'instanceType,cpu,memory,pricePerHour,purchasePrice,powerWatts\nc5.xlarge,4,8Gi,0.17,3600,150\nbare,2,4Gi,0.08,,\n',
  'types.csv',
  'gke',
).types;

describe('cost models', () => {
  it('prices a cloud node at its pricePerHour', () => {
    expect(c5 && nodeCostPerHour(c5, { kind: 'cloud' })).toBe(0.17);
  });

  it('prices an on-premises node as purchase over the horizon + power + rack per month', () => {
    const model = {
      kind: 'on-prem' as const,
      horizonHours: 3 * 8760,
      powerPricePerKwh: 0.15,
      rackCostPerMonth: 40,
    };
    // 3600 / 26280 h + 0.150 kW × 0.15 + 40 / 730 h
    expect(c5 && nodeCostPerHour(c5, model)).toBeCloseTo(3600 / 26280 + 0.0225 + 40 / 730, 12);
    expect(bare && unpriceableReason(bare, model)).toBe('bare has no purchasePrice in the catalogue');
    expect(bare && unpriceableReason(bare, { kind: 'cloud' })).toBeUndefined();
  });

  it.each([
    ['3y', 26280],
    ['36mo', 26280],
    ['1000d', 24000],
    ['720h', 720],
    ['3 years', undefined],
    ['0y', undefined],
  ])('reads --horizon %s as %s hours', (text, hours) => {
    const h = parseHorizonHours(text);
    if (hours === undefined) expect(h).toBeUndefined();
    else expect(h).toBeCloseTo(hours, 9);
  });
});
