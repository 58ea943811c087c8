import { describe, expect, it } from 'vitest';
import {
  type BackoffRecord,
  nextBackoffRecord,
  remainingBackoff,
} from '../../src/controllers/job-backoff.js';

const S = 1_000_000;
const MS = 1_000;
const T = 1_000 * S;

// pkg/controller/job/backoff_utils_test.go TestNewBackoffRecord (kubernetes v1.36), times as µs.
describe('nextBackoffRecord (upstream TestNewBackoffRecord)', () => {
  const empty: BackoffRecord = { failuresAfterLastSuccess: 0 };
  const cases: [string, BackoffRecord, number[], number[], BackoffRecord][] = [
    [
      'Empty backoff store and one new failure',
      empty,
      [],
      [T],
      { failuresAfterLastSuccess: 1, lastFailureTime: T },
    ],
    [
      'Empty backoff store and two new failures',
      empty,
      [],
      [T, T - MS],
      { failuresAfterLastSuccess: 2, lastFailureTime: T },
    ],
    [
      'Empty backoff store, two failures followed by success',
      empty,
      [T],
      [T - 2 * MS, T - MS],
      { failuresAfterLastSuccess: 0 },
    ],
    [
      'Empty backoff store, two failures, one success and two more failures',
      empty,
      [T - 2 * MS],
      [T, T - 4 * MS, T - 3 * MS, T - MS],
      { failuresAfterLastSuccess: 2, lastFailureTime: T },
    ],
    [
      'Backoff store having failure count 2 and one new failure',
      { failuresAfterLastSuccess: 2 },
      [],
      [T],
      { failuresAfterLastSuccess: 3, lastFailureTime: T },
    ],
    [
      'Empty backoff store with success and failure at same timestamp',
      empty,
      [T],
      [T],
      { failuresAfterLastSuccess: 0 },
    ],
    ['Empty backoff store with no success/failure', empty, [], [], { failuresAfterLastSuccess: 0 }],
    ['Empty backoff store with one success', empty, [T], [], { failuresAfterLastSuccess: 0 }],
  ];
  for (const [name, before, succeeded, failed, want] of cases) {
    it(name, () => expect(nextBackoffRecord(before, succeeded, failed)).toEqual(want));
  }
});

// backoff_utils_test.go TestGetRemainingBackoffTime: default 5 s, max 700 s.
describe('remainingBackoff (upstream TestGetRemainingBackoffTime)', () => {
  const cases: [string, BackoffRecord, number, number][] = [
    ['no failures', { failuresAfterLastSuccess: 0 }, T, 0],
    [
      'one failure; current time and failure time are same',
      { failuresAfterLastSuccess: 1, lastFailureTime: T },
      T,
      5 * S,
    ],
    [
      'one failure; current time == 1 second + failure time',
      { failuresAfterLastSuccess: 1, lastFailureTime: T },
      T + S,
      4 * S,
    ],
    [
      'one failure; current time == expected backoff time',
      { failuresAfterLastSuccess: 1, lastFailureTime: T },
      T + 5 * S,
      0,
    ],
    [
      'one failure; current time == expected backoff time + 1 Second',
      { failuresAfterLastSuccess: 1, lastFailureTime: T },
      T + 6 * S,
      0,
    ],
    [
      'three failures; current time and failure time are same',
      { failuresAfterLastSuccess: 3, lastFailureTime: T },
      T,
      20 * S,
    ],
    [
      'eight failures; current time and failure time are same; backoff not exceeding maxBackoff',
      { failuresAfterLastSuccess: 8, lastFailureTime: T },
      T,
      640 * S,
    ],
    [
      'nine failures; current time and failure time are same; backoff exceeding maxBackoff',
      { failuresAfterLastSuccess: 9, lastFailureTime: T },
      T,
      700 * S,
    ],
  ];
  for (const [name, record, now, want] of cases) {
    it(name, () => expect(remainingBackoff(record, now, 5 * S, 700 * S)).toBe(want));
  }

  it('uses the Job defaults: 10 s doubling to 6 min', () => {
    const at = (n: number) => remainingBackoff({ failuresAfterLastSuccess: n, lastFailureTime: T }, T);
    expect([1, 2, 3, 4, 5, 6, 7].map(at)).toEqual([10, 20, 40, 80, 160, 320, 360].map((s) => s * S));
  });
});
