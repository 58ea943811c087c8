import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { LatencyRecorder, MinuteSeries } from '../../src/traffic/stats.js';

describe('LatencyRecorder', () => {
  it('gives the same percentiles as recording every value in hdr-histogram-js directly', () => {
    const rng = new RandomStreams(1).get('latency');
    const recorder = new LatencyRecorder();
    const direct = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 2 ** 44,
      numberOfSignificantValueDigits: 3,
    });
    for (let i = 0; i < 50_000; i++) {
      // From 0 µs to beyond 2^32 µs (over an hour), to cross both index paths.
      const v = Math.round(Math.exp(rng.next() * 23));
      recorder.record(v);
      direct.recordValue(v);
    }
    const h = recorder.toHistogram();
    expect(h.totalCount).toBe(50_000);
    for (const p of [0, 1, 50, 90, 99, 99.9, 99.99, 100])
      expect(h.getValueAtPercentile(p)).toBe(direct.getValueAtPercentile(p));
  });

  it('reset empties it', () => {
    const r = new LatencyRecorder();
    r.record(5);
    r.reset();
    r.record(7);
    expect(r.toHistogram().getValueAtPercentile(100)).toBe(7);
  });
});

describe('MinuteSeries', () => {
  it('reports the exact nearest-rank p99 of each minute', () => {
    const s = new MinuteSeries();
    for (let i = 1; i <= 1000; i++) s.serve(((i * 7919) % 1000) + 1);
    s.offer();
    s.fail();
    s.closeMinute(0, 3);
    s.closeMinute(60_000_000, 2);
    expect(s.points).toEqual([
      { t: 0, offered: 1, served: 1000, failed: 1, p99: 0.99, readyPods: 3 },
      { t: 60, offered: 0, served: 0, failed: 0, p99: null, readyPods: 2 },
    ]);
  });
});
