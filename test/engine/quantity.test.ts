import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCpuMillis,
  parseBytes,
  parseCpuMillis,
  parseQuantity,
} from '../../src/engine/quantity.js';

// Cases ported from k8s.io/apimachinery/pkg/api/resource/quantity_test.go (kubernetes master,
// TestQuantityParse, TestParseQuantityString, TestQuantityRoundUp, TestInterpretExponentInt32Bounds).
// Upstream states each expectation as decQuantity(mantissa, exponent), the exact value
// mantissa × 10^exponent after parsing (which already rounds up to 1n). kubesim reads quantities as
// MilliValue (cpu) or Value (bytes, counts), so each case is checked at both scales.

/**
 * The upstream exact value mantissa × 10^exponent scaled by 10^scale and rounded away from zero, as
 * Quantity.ScaledValue does; undefined where kubesim refuses a result beyond 2^53.
 */
function scaled(mantissa: bigint, exponent: number, scale: number): number | undefined {
  const e = exponent + scale;
  const negative = mantissa < 0n;
  const m = negative ? -mantissa : mantissa;
  let v: bigint;
  if (e >= 0) v = m * 10n ** BigInt(e);
  else {
    const den = 10n ** BigInt(-e);
    v = m / den + (m % den === 0n ? 0n : 1n);
  }
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(negative ? -v : v);
}

// [input, mantissa, exponent] from TestQuantityParse's table.
const parseTable: Array<[string, bigint, number]> = [
  ['0', 0n, 0],
  ['0n', 0n, 0],
  ['0u', 0n, 0],
  ['0m', 0n, 0],
  ['0Ki', 0n, 0],
  ['0k', 0n, 0],
  ['0Mi', 0n, 0],
  ['0M', 0n, 0],
  ['0Gi', 0n, 0],
  ['0G', 0n, 0],
  ['0Ti', 0n, 0],
  ['0T', 0n, 0],
  // Quantity less numbers are allowed
  ['1', 1n, 0],
  // Binary suffixes
  ['1Ki', 1024n, 0],
  ['8Ki', 8n * 1024n, 0],
  ['7Mi', 7n * 1024n ** 2n, 0],
  ['6Gi', 6n * 1024n ** 3n, 0],
  ['5Ti', 5n * 1024n ** 4n, 0],
  ['4Pi', 4n * 1024n ** 5n, 0],
  ['3Ei', 3n * 1024n ** 6n, 0],
  ['10Ti', 10n * 1024n ** 4n, 0],
  ['100Ti', 100n * 1024n ** 4n, 0],
  // Decimal suffixes
  ['5n', 5n, -9],
  ['4u', 4n, -6],
  ['3m', 3n, -3],
  ['9', 9n, 0],
  ['8k', 8n, 3],
  ['50k', 5n, 4],
  ['7M', 7n, 6],
  ['6G', 6n, 9],
  ['5T', 5n, 12],
  ['40T', 4n, 13],
  ['300T', 3n, 14],
  ['2P', 2n, 15],
  ['1E', 1n, 18],
  // Decimal exponents
  ['1E-3', 1n, -3],
  ['1e3', 1n, 3],
  ['1E6', 1n, 6],
  ['1e9', 1n, 9],
  ['1E12', 1n, 12],
  ['1e15', 1n, 15],
  ['1E18', 1n, 18],
  // Nonstandard but still parsable
  ['1e14', 1n, 14],
  ['1e13', 1n, 13],
  ['100.035k', 100035n, 0],
  // Things that look like floating point
  ['0.001', 1n, -3],
  ['0.0005k', 5n, -1],
  ['0.005', 5n, -3],
  ['0.05', 5n, -2],
  ['0.5', 5n, -1],
  ['0.00050k', 5n, -1],
  ['0.00500', 5n, -3],
  ['0.05000', 5n, -2],
  ['0.50000', 5n, -1],
  ['0.5e0', 5n, -1],
  ['0.5e-1', 5n, -2],
  ['0.5e-2', 5n, -3],
  ['10.035M', 10035n, 3],
  ['1.2e3', 12n, 2],
  ['1.3E+6', 13n, 5],
  ['1.40e9', 14n, 8],
  ['1.53E12', 153n, 10],
  ['1.6e15', 16n, 14],
  ['1.7E18', 17n, 17],
  ['9.01', 901n, -2],
  ['8.1k', 81n, 2],
  ['7.123456M', 7123456n, 0],
  ['6.987654321G', 6987654321n, 0],
  ['5.444T', 5444n, 9],
  ['40.1T', 401n, 11],
  ['300.2T', 3002n, 11],
  ['2.5P', 25n, 14],
  ['1.01E', 101n, 16],
  // Things that saturate/round (upstream rounds up to 1n while parsing)
  ['3.001n', 4n, -9],
  ['1.1E-9', 2n, -9],
  ['0.0000000001', 1n, -9],
  ['0.0000000005', 1n, -9],
  ['0.00000000050', 1n, -9],
  ['0.5e-9', 1n, -9],
  ['0.9n', 1n, -9],
  ['0.00000012345', 124n, -9],
  ['0.00000012354', 124n, -9],
  ['12E', 12n, 18],
  // We'll accept fractional binary stuff, too.
  ['100.035Ki', 10243584n, -2],
  ['0.5Mi', 524288n, 0],
  ['0.05Gi', 536870912n, -1],
  ['0.025Ti', 274877906944n, -1],
  // Things written by trolls
  ['0.000000000001Ki', 2n, -9],
  ['.001', 1n, -3],
  ['.0001k', 100n, -3],
  ['1.', 1n, 0],
  ['1.G', 1n, 9],
];

describe('parseQuantity: the upstream TestQuantityParse table', () => {
  it.each(parseTable)(
    '%s parses to MilliValue and Value rounded up as upstream',
    (input, mantissa, exponent) => {
      expect(parseCpuMillis(input)).toBe(scaled(mantissa, exponent, 3));
      expect(parseBytes(input)).toBe(scaled(mantissa, exponent, 0));
    },
  );

  it.each(parseTable)(
    '-%s parses to the negated value (rounded away from zero)',
    (input, mantissa, exponent) => {
      expect(parseCpuMillis(`-${input}`)).toBe(scaled(-mantissa, exponent, 3));
      expect(parseBytes(`-${input}`)).toBe(scaled(-mantissa, exponent, 0));
    },
  );

  it.each(parseTable)('+%s parses to the same value as %s', (input, mantissa, exponent) => {
    expect(parseCpuMillis(`+${input}`)).toBe(scaled(mantissa, exponent, 3));
    expect(parseBytes(`+${input}`)).toBe(scaled(mantissa, exponent, 0));
  });
});

describe('parseQuantity: values kubesim reads every day', () => {
  it.each([
    ['100m', 100],
    ['250m', 250],
    ['0.1', 100],
    ['.5', 500],
    ['1.', 1000],
    ['1', 1000],
    ['+1', 1000],
    ['-1', -1000],
    ['1.5', 1500],
    ['2', 2000],
    ['0.0001', 1], // below a millicore rounds up to 1m, as MilliValue does
    ['1e-3', 1],
    ['1E-2', 10],
    ['1e3', 1_000_000],
  ])('cpu %s is %d millicores', (input, millis) => {
    expect(parseCpuMillis(input)).toBe(millis);
  });

  it.each([
    ['128Mi', 128 * 2 ** 20],
    ['1.5Gi', 1610612736],
    ['1G', 1e9],
    ['500M', 5e8],
    ['1Ki', 1024],
    ['1k', 1000],
    ['0.5', 1], // Value rounds up
    ['1m', 1],
    ['1n', 1],
    ['1Ei', undefined], // 2^60 is beyond 2^53
    ['7Pi', 7 * 2 ** 50],
  ])('memory %s is %s bytes', (input, bytes) => {
    expect(parseBytes(input)).toBe(bytes);
  });

  it('reads YAML numbers as their decimal text', () => {
    expect(parseCpuMillis(2)).toBe(2000);
    expect(parseCpuMillis(0.5)).toBe(500);
    expect(parseBytes(2e3)).toBe(2000);
    expect(parseCpuMillis(1e-7)).toBe(1);
    expect(parseBytes(1e21)).toBeUndefined();
    expect(parseCpuMillis(Number.NaN)).toBeUndefined();
    expect(parseCpuMillis(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('parseQuantity: rounding (TestQuantityRoundUp)', () => {
  it.each([
    ['9.01', -3, 9010],
    ['9.01', -2, 901],
    ['9.01', -1, 91],
    ['9.01', 0, 10],
    ['9.01', 1, 1],
    ['9.01', 2, 1],
    ['-9.01', -3, -9010],
    ['-9.01', -2, -901],
    ['-9.01', -1, -91],
    ['-9.01', 0, -10],
    ['-9.01', 1, -1],
    ['-9.01', 2, -1],
  ])('%s rounded up at upstream scale %d gives %d units of that scale', (input, upstreamScale, value) => {
    // Upstream's Scale s means units of 10^s; parseQuantity's scale is the power it multiplies by.
    expect(parseQuantity(input, -upstreamScale)).toBe(value);
  });
});

describe('parseQuantity: text Kubernetes rejects', () => {
  it.each([
    // TestQuantityParse's invalid list
    '1.1.M',
    '1+1.0M',
    '0.1mi',
    '0.1am',
    'aoeu',
    '.5i',
    '1i',
    '-3.01i',
    '-3.01e-',
    '1e4294967297',
    ' 1',
    '1 ',
    // and the empty string
    '',
    // suffixes are case-sensitive: K, KI, ki are not suffixes
    '1K',
    '1KI',
    '1ki',
    '1mi',
    // an exponent needs digits; suffixes do not combine
    '1e',
    '1e+',
    '1Kie3',
    '1e3Ki',
    '1ke3',
    // exponents outside int32 (TestInterpretExponentInt32Bounds)
    '1E2147483648',
    '1E-2147483648',
    '1E8589934592',
    '1E9223372036854775807',
  ])('%j is rejected', (input) => {
    expect(parseQuantity(input)).toBeUndefined();
    expect(parseCpuMillis(input)).toBeUndefined();
  });
});

describe('parseQuantity: odd text Kubernetes accepts', () => {
  it.each([
    // TestParseQuantityString: "." and "-." scan as the number 0, so ParseQuantity accepts them.
    ['.', 0],
    ['-.', 0],
    ['+.', 0],
    ['00', 0],
    ['007', 7000],
    ['1e03', 1_000_000],
  ])('%j parses to %d millicores', (input, millis) => {
    expect(parseCpuMillis(input)).toBe(millis);
  });

  it('accepts exponents up to the int32 bounds without overflowing', () => {
    // E2147483647 is accepted upstream (then capped); beyond 2^53 kubesim reports undefined.
    expect(parseBytes('1E2147483647')).toBeUndefined();
    expect(parseBytes('0E2147483647')).toBe(0);
    // A tiny positive value still asks for some resource: it rounds up to 1.
    expect(parseCpuMillis('1E-2147483647')).toBe(1);
    expect(parseBytes('-1E-2147483647')).toBe(-1);
  });

  it('refuses results beyond 2^53 rather than losing precision', () => {
    // Upstream caps 9Ei at 2^63-1; kubesim's numbers are exact only to 2^53.
    expect(parseBytes('9Ei')).toBeUndefined();
    expect(parseBytes('9223372036854775807Ki')).toBeUndefined();
    expect(parseBytes(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseBytes(String(Number.MAX_SAFE_INTEGER + 1))).toBeUndefined();
  });
});

describe('formatCpuMillis and formatBytes', () => {
  it('formats whole cores without a suffix and the rest in millicores', () => {
    expect(formatCpuMillis(2000)).toBe('2');
    expect(formatCpuMillis(0)).toBe('0');
    expect(formatCpuMillis(1500)).toBe('1500m');
    expect(formatCpuMillis(250)).toBe('250m');
  });

  it('formats bytes with the largest binary suffix that divides them', () => {
    expect(formatBytes(1536 * 2 ** 20)).toBe('1536Mi');
    expect(formatBytes(4 * 2 ** 30)).toBe('4Gi');
    expect(formatBytes(1024)).toBe('1Ki');
    expect(formatBytes(1000)).toBe('1000');
    expect(formatBytes(0)).toBe('0');
  });

  it('round-trips through parseBytes and parseCpuMillis', () => {
    for (const b of [0, 1, 1024, 1536 * 2 ** 20, 3 * 2 ** 40, 123456789]) {
      expect(parseBytes(formatBytes(b))).toBe(b);
    }
    for (const m of [0, 1, 250, 1000, 1500, 64000]) expect(parseCpuMillis(formatCpuMillis(m))).toBe(m);
  });
});
