import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_MS,
  MICROS_PER_SECOND,
  parseDuration,
  seconds,
  toSeconds,
} from '../../src/engine/time.js';

// Cases ported from Go's src/time/time_test.go (parseDurationTests, parseDurationErrorTests,
// durationTests), go master. Go counts nanoseconds; kubesim counts microseconds, so each expected
// value is Go's nanoseconds rounded to the nearest µs (halves away from zero).
const Microsecond = 1;
const Millisecond = MICROS_PER_MS;
const Second = MICROS_PER_SECOND;
const Minute = MICROS_PER_MINUTE;
const Hour = MICROS_PER_HOUR;

describe('parseDuration: Go TestParseDuration', () => {
  it.each<[string, number]>([
    // simple
    ['0', 0],
    ['5s', 5 * Second],
    ['30s', 30 * Second],
    ['1478s', 1478 * Second],
    // sign
    ['-5s', -5 * Second],
    ['+5s', 5 * Second],
    ['-0', 0],
    ['+0', 0],
    // decimal
    ['5.0s', 5 * Second],
    ['5.6s', 5 * Second + 600 * Millisecond],
    ['5.s', 5 * Second],
    ['.5s', 500 * Millisecond],
    ['1.0s', 1 * Second],
    ['1.00s', 1 * Second],
    ['1.004s', 1 * Second + 4 * Millisecond],
    ['1.0040s', 1 * Second + 4 * Millisecond],
    ['100.00100s', 100 * Second + 1 * Millisecond],
    // different units
    ['10ns', 0], // 10ns rounds to 0µs
    ['11us', 11 * Microsecond],
    ['12µs', 12 * Microsecond], // U+00B5
    ['12μs', 12 * Microsecond], // U+03BC
    ['13ms', 13 * Millisecond],
    ['14s', 14 * Second],
    ['15m', 15 * Minute],
    ['16h', 16 * Hour],
    // composite durations
    ['3h30m', 3 * Hour + 30 * Minute],
    ['10.5s4m', 4 * Minute + 10 * Second + 500 * Millisecond],
    ['-2m3.4s', -(2 * Minute + 3 * Second + 400 * Millisecond)],
    ['1h2m3s4ms5us6ns', 1 * Hour + 2 * Minute + 3 * Second + 4 * Millisecond + 5 * Microsecond], // + 6ns → rounds away
    ['39h9m14.425s', 39 * Hour + 9 * Minute + 14 * Second + 425 * Millisecond],
    // large value
    ['52763797000ns', 52763797 * Microsecond],
    // more than 9 digits after decimal point, see https://golang.org/issue/6617
    ['0.3333333333333333333h', 20 * Minute],
    // 9007199254740993 = 1<<53+1 cannot be stored precisely in a float64: 9007199254740.993µs → …741
    ['9007199254740993ns', 9007199254741],
    // largest duration that can be represented by int64 in nanoseconds: 9223372036854775.807µs → …776
    // (beyond 2^53 µs, where a JS number is exact only to even integers; still within 1µs)
    ['9223372036854775807ns', 9223372036854776],
    ['9223372036854775.807us', 9223372036854776],
    ['9223372036s854ms775us807ns', 9223372036854776],
    ['-9223372036854775808ns', -9223372036854776],
    ['-9223372036854775.808us', -9223372036854776],
    ['-9223372036s854ms775us808ns', -9223372036854776],
    // largest negative round trip value, see https://golang.org/issue/48629
    ['-2562047h47m16.854775808s', -9223372036854776],
    // huge string; issue 15011.
    ['0.100000000000000000000h', 6 * Minute],
    // This value tests the first overflow check in leadingFraction: 49m48.372539827s → …540µs
    ['0.830103483285477580700h', 49 * Minute + 48 * Second + 372540 * Microsecond],
  ])('%s is %d µs', (input, micros) => {
    expect(parseDuration(input)).toBe(micros);
  });
});

describe('parseDuration: Go TestParseDurationErrors', () => {
  it.each([
    // invalid
    '',
    '3',
    '-',
    's',
    '.',
    '-.',
    '.s',
    '+.s',
    '1d',
    '\x85\x85',
    '\xffff',
    'hello \xffff world',
    '\uFFFD',
    '\uFFFD hello \uFFFD world',
    // overflow
    '9223372036854775810ns',
    '9223372036854775808ns',
    '-9223372036854775809ns',
    '9223372036854776us',
    '3000000h',
    '9223372036854775.808us',
    '9223372036854ms775us808ns',
    // and a few more kubesim cares about: whitespace, a second sign, a bare number after a unit
    ' 1s',
    '1s ',
    '+-1s',
    '1s5',
    '1.5.5s',
    '00',
    '1 s',
  ])('%j is rejected', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('parseDuration: units smaller than a microsecond', () => {
  it.each<[string, number]>([
    ['499ns', 0],
    ['500ns', 1],
    ['1499ns', 1],
    ['1500ns', 2],
    ['-500ns', -1],
    ['-499ns', 0],
    ['1.5us', 2],
    ['0.4us', 0],
    ['1.1µs', 1],
    ['999.5us', 1000],
  ])('%s rounds to %d µs (nearest, halves away from zero)', (input, micros) => {
    expect(parseDuration(input)).toBe(micros);
  });

  it('rounds the total, not each part', () => {
    // 400ns + 400ns = 800ns → 1µs, though each part alone would round to 0.
    expect(parseDuration('400ns400ns')).toBe(1);
  });

  it('never returns negative zero', () => {
    expect(Object.is(parseDuration('-1ns'), 0)).toBe(true);
    expect(Object.is(parseDuration('-0'), 0)).toBe(true);
  });
});

describe('formatDuration: Go TestDurationString (at µs resolution)', () => {
  it.each<[string, number]>([
    ['0s', 0],
    ['1µs', 1 * Microsecond],
    ['1.1ms', 1100 * Microsecond],
    ['2.2ms', 2200 * Microsecond],
    ['3.3s', 3300 * Millisecond],
    ['4m5s', 4 * Minute + 5 * Second],
    ['4m5.001s', 4 * Minute + 5001 * Millisecond],
    ['5h6m7.001s', 5 * Hour + 6 * Minute + 7001 * Millisecond],
    ['8m0.000001s', 8 * Minute + 1 * Microsecond],
    // the largest exact kubesim instant, 2^53 − 1 µs
    ['2501999h47m34.740991s', Number.MAX_SAFE_INTEGER],
    // Go formats in the largest unit below a second and whole h/m above it
    ['999µs', 999],
    ['1ms', 1000],
    ['999.999ms', 999_999],
    ['1s', Second],
    ['1m0s', Minute],
    ['1h0m0s', Hour],
    ['1h30m0s', 90 * Minute],
    ['72h0m0s', 72 * Hour],
  ])('%s', (text, micros) => {
    expect(formatDuration(micros)).toBe(text);
    if (micros > 0) expect(formatDuration(-micros)).toBe(`-${text}`);
  });

  it('round-trips whole-millisecond durations through parseDuration (Go TestParseDurationRoundTrip)', () => {
    // Go draws rand.Int31() milliseconds; a fixed LCG gives the same spread without Math.random.
    let x = 12345;
    for (let i = 0; i < 100; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const d = x * Millisecond;
      expect(parseDuration(formatDuration(d))).toBe(d);
    }
  });

  it('round-trips every microsecond count below a second and a spread of larger ones', () => {
    for (let us = 0; us < Second; us += 997) expect(parseDuration(formatDuration(us))).toBe(us);
    for (let us = 1; us < Number.MAX_SAFE_INTEGER / 3; us = us * 3 + 7) {
      expect(parseDuration(formatDuration(us))).toBe(us);
    }
  });
});

describe('seconds and toSeconds', () => {
  it('converts whole and fractional seconds to microseconds and back', () => {
    expect(seconds(30)).toBe(30_000_000);
    expect(seconds(0.5)).toBe(500_000);
    expect(seconds(1e-7)).toBe(0);
    expect(toSeconds(1_500_000)).toBe(1.5);
  });
});
