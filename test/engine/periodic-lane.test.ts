import { describe, expect, it } from 'vitest';
import { PeriodicLane } from '../../src/engine/periodic-lane.js';

describe('PeriodicLane', () => {
  it('is a FIFO across its compactions', () => {
    const lane = new PeriodicLane<number>(10);
    const out: number[] = [];
    let next = 0;
    // Interleaved pushes and shifts, long enough to compact the dead prefix several times.
    for (let round = 0; round < 5_000; round++) {
      lane.push(next++);
      if (round % 3 !== 2) {
        out.push(lane.first() as number);
        lane.shift();
      }
    }
    while (lane.size > 0) {
      out.push(lane.first() as number);
      lane.shift();
    }
    expect(out).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(lane.first()).toBeUndefined();
  });

  it('removeWhere drops the matching items, keeps the others in order, and counts them', () => {
    const lane = new PeriodicLane<number>(10);
    for (let i = 0; i < 20; i++) lane.push(i);
    lane.shift();
    lane.shift();
    expect(lane.removeWhere((i) => i % 3 === 0)).toBe(6); // 3, 6, 9, 12, 15, 18
    const rest: number[] = [];
    while (lane.size > 0) {
      rest.push(lane.first() as number);
      lane.shift();
    }
    expect(rest).toEqual([2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19]);
  });
});
