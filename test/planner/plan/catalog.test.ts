import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog } from '../../../src/planner/plan/catalog.js';

const GI = 1024 ** 3;

function problems(text: string, file = 'types.csv'): string[] {
  try {
    parseCatalog(text, file, 'none');
  } catch (error) {
    if (error instanceof CatalogError) return error.problems;
    throw error;
  }
  return [];
}

describe('the instance-type catalogue', () => {
  it('reads a CSV file with the required and optional columns', () => {
    const c = parseCatalog(
      '# AWS on-demand, us-east-1\ninstanceType,cpu,memory,pricePerHour,purchasePrice,powerWatts,gpu\nm5.large,2,8Gi,0.096,2400,100,\ng5.xlarge,4,16Gi,1.006,,,1\n',
      'types.csv',
      'none',
    );
    expect(c.types.map((t) => t.instanceType)).toEqual(['m5.large', 'g5.xlarge']);
    const [m5, g5] = c.types;
    expect(m5?.capacity).toEqual({ cpuMillis: 2000, memoryBytes: 8 * GI, pods: 110 });
    expect(m5?.purchasePrice).toBe(2400);
    expect(m5?.line).toBe(3);
    expect(g5?.gpu).toBe(1);
    expect(g5?.purchasePrice).toBeNull();
  });

  it('reads the same catalogue from YAML, as a list or under instanceTypes', () => {
    const list = parseCatalog(
      '- {instanceType: m5.large, cpu: 2, memory: 8Gi, pricePerHour: 0.096}\n',
      't.yaml',
      'none',
    );
    const wrapped = parseCatalog(
      'instanceTypes:\n  - instanceType: m5.large\n    cpu: "2"\n    memory: 8Gi\n    pricePerHour: 0.096\n',
      't.yml',
      'none',
    );
    expect(list.types[0]?.capacity).toEqual(wrapped.types[0]?.capacity);
    expect(wrapped.types[0]?.line).toBe(2);
  });

  it('names the missing column of the header at its line', () => {
    expect(problems('instanceType,cpu,pricePerHour\nm5.large,2,0.096\n')).toEqual([
      'types.csv:1: the header lacks column memory (columns instanceType, cpu, memory, pricePerHour; optional purchasePrice, powerWatts, gpu, pods)',
    ]);
  });

  it('reports every bad row at its file:line with the column, all at once', () => {
    const p = problems(
      'instanceType,cpu,memory,pricePerHour\nm5.large,2,8Gi,0.096\nbad.cpu,two,8Gi,0.1\n\nbad.mem,2,8Gx,0.1\nbad.price,2,8Gi,cheap\nshort,2\nm5.large,2,8Gi,0.096\n',
    );
    expect(p).toEqual([
      'types.csv:3: column cpu: expected a quantity > 0 such as 4 or 3500m, got "two"',
      'types.csv:5: column memory: expected a quantity > 0 such as 16Gi, got "8Gx"',
      'types.csv:6: column pricePerHour: expected a number >= 0 such as 0.192, got "cheap"',
      'types.csv:7: the row has 2 cells but the header (line 1) has 4 columns',
      'types.csv:8: column instanceType: "m5.large" is listed twice (first on line 2)',
    ]);
  });

  it('refuses memory written without a unit (8 is 8 bytes) and unknown columns', () => {
    expect(problems('instanceType,cpu,memory,pricePerHour\nm5.large,2,8,0.096\n')).toEqual([
      'types.csv:2: column memory: "8" is 8 bytes; write the unit, e.g. 8Gi',
    ]);
    expect(problems('instanceType,cpu,memory,pricePerHour,price\n')[0]).toMatch(
      /^types\.csv:1: unknown column "price"/,
    );
  });

  it('reports a YAML entry missing a column at its line', () => {
    expect(
      problems(
        '- instanceType: a\n  cpu: 2\n  memory: 4Gi\n  pricePerHour: 0.1\n- instanceType: b\n  cpu: 2\n',
        't.yaml',
      ),
    ).toEqual([
      't.yaml:5: column memory is missing or empty',
      't.yaml:5: column pricePerHour is missing or empty',
    ]);
  });

  it('refuses an empty catalogue', () => {
    expect(problems('')).toEqual([
      'types.csv:1: the catalogue is empty: expected a header line with columns instanceType, cpu, memory, pricePerHour; optional purchasePrice, powerWatts, gpu, pods',
    ]);
  });
});
