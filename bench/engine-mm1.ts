import { exponential } from '../src/engine/distributions.js';
import { type RandomStream, RandomStreams } from '../src/engine/random.js';
import { Simulation } from '../src/engine/simulation.js';
import { type Benchmark, compareVariants } from './harness.js';

/**
 * engine-mm1: the cost of kubesim's engine features. One M/M/1 queue (λ = 0.9, μ = 1 per second,
 * times in µs) is simulated twice with the same random numbers: on kubesim's Simulation (event
 * handles, cancel, the (time, seq) event queue of src/engine/event-queue.ts) and on a minimal hand-written loop
 * with event objects in a plain binary heap. Both report the same mean wait (≈ 9 s), which shows
 * they ran the same model; the ratio says what the engine costs.
 */

const SEED = 1;
const MEAN_INTERARRIVAL_US = 1_000_000 / 0.9;
const MEAN_SERVICE_US = 1_000_000;

/** A FIFO of arrival times on a growable ring buffer, shared by both variants. */
class Fifo {
  private buf = new Float64Array(1024);
  private head = 0;
  size = 0;
  push(x: number): void {
    if (this.size === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      for (let i = 0; i < this.size; i++) bigger[i] = this.buf[(this.head + i) % this.buf.length] as number;
      this.buf = bigger;
      this.head = 0;
    }
    this.buf[(this.head + this.size) % this.buf.length] = x;
    this.size++;
  }
  shift(): number {
    const x = this.buf[this.head] as number;
    this.head = (this.head + 1) % this.buf.length;
    this.size--;
    return x;
  }
}

/** M/M/1 on kubesim: one handler per event kind, scheduled with sim.schedule. Returns the mean wait in s. */
export function mm1OnEngine(customers: number): number {
  const sim = new Simulation();
  const streams = new RandomStreams(SEED);
  const arrivalRng = streams.get('arrivals');
  const serviceRng = streams.get('service');
  const interarrival = exponential(MEAN_INTERARRIVAL_US);
  const service = exponential(MEAN_SERVICE_US);
  const queue = new Fifo();
  let busy = false;
  let arrived = 0;
  let totalWait = 0;

  const depart = (): void => {
    if (queue.size > 0) {
      totalWait += sim.now - queue.shift();
      sim.schedule(service.sample(serviceRng), depart);
    } else busy = false;
  };
  const arrive = (): void => {
    if (busy) queue.push(sim.now);
    else {
      busy = true;
      sim.schedule(service.sample(serviceRng), depart);
    }
    if (++arrived < customers) sim.schedule(interarrival.sample(arrivalRng), arrive);
  };
  sim.schedule(interarrival.sample(arrivalRng), arrive);
  sim.run();
  return totalWait / customers / 1e6;
}

const ARRIVAL = 0;
const DEPARTURE = 1;

interface HeapEvent {
  time: number;
  seq: number;
  kind: number;
}

/** The same model on a minimal loop: event objects in a binary heap ordered by (time, seq). */
export function mm1OnBaseline(customers: number): number {
  const streams = new RandomStreams(SEED);
  const arrivalRng: RandomStream = streams.get('arrivals');
  const serviceRng: RandomStream = streams.get('service');
  const heap: HeapEvent[] = [];
  let seq = 0;
  let now = 0;
  const push = (time: number, kind: number): void => {
    const e: HeapEvent = { time, seq: seq++, kind };
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as HeapEvent;
      if (p.time < e.time || (p.time === e.time && p.seq < e.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = e;
  };
  const pop = (): HeapEvent => {
    const top = heap[0] as HeapEvent;
    const last = heap.pop() as HeapEvent;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        let c = l;
        const left = heap[l] as HeapEvent;
        if (l + 1 < n) {
          const right = heap[l + 1] as HeapEvent;
          if (right.time < left.time || (right.time === left.time && right.seq < left.seq)) c = l + 1;
        }
        const child = heap[c] as HeapEvent;
        if (last.time < child.time || (last.time === child.time && last.seq < child.seq)) break;
        heap[i] = child;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  // Same draws as exponential(mean).sample(rng), rounded to whole µs as Simulation.schedule does.
  const draw = (rng: RandomStream, mean: number): number => Math.round(-mean * Math.log(1 - rng.next()));

  const queue = new Fifo();
  let busy = false;
  let arrived = 0;
  let totalWait = 0;
  push(now + draw(arrivalRng, MEAN_INTERARRIVAL_US), ARRIVAL);
  while (heap.length > 0) {
    const e = pop();
    now = e.time;
    if (e.kind === ARRIVAL) {
      if (busy) queue.push(now);
      else {
        busy = true;
        push(now + draw(serviceRng, MEAN_SERVICE_US), DEPARTURE);
      }
      if (++arrived < customers) push(now + draw(arrivalRng, MEAN_INTERARRIVAL_US), ARRIVAL);
    } else if (queue.size > 0) {
      totalWait += now - queue.shift();
      push(now + draw(serviceRng, MEAN_SERVICE_US), DEPARTURE);
    } else busy = false;
  }
  return totalWait / customers / 1e6;
}

export const engineMm1: Benchmark = {
  name: 'engine-mm1',
  description: 'M/M/1 (λ 0.9, μ 1): kubesim Simulation vs a hand-written binary-heap event loop',
  run(options) {
    const customers = options.quick ? 200_000 : 2_000_000;
    const note = (wait: number): string => `mean wait ${wait.toFixed(3)} s (theory 9)`;
    return compareVariants(
      'engine-mm1',
      'customers',
      customers,
      [
        { name: 'baseline: binary heap loop', run: () => note(mm1OnBaseline(customers)) },
        { name: 'kubesim Simulation', run: () => note(mm1OnEngine(customers)) },
      ],
      options.rounds,
    );
  },
};
