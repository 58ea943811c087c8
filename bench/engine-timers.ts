import { exponential, uniform } from '../src/engine/distributions.js';
import { type RandomStream, RandomStreams } from '../src/engine/random.js';
import { type PeriodicTask, type ScheduledEvent, Simulation } from '../src/engine/simulation.js';
import { type Benchmark, compareVariants } from './harness.js';

/**
 * engine-timers: the engine with many pending periodic timers, the shape of a large cluster, where
 * nearly every event is a kubelet's Lease renewal. 10 000 nodes each renew every 10 s from a phase
 * drawn in [0, 10 s) (kubelet's renewInterval: nodeLeaseRenewIntervalFraction 0.25 ×
 * NodeLeaseDurationSeconds 40, pkg/kubelet/kubelet.go and pkg/kubelet/apis/config/v1beta1/defaults.go), so 10 000 timers are always pending. A crash process
 * (exponential, mean 2 s) picks a node: a running node stops renewing (its task is cancelled) and
 * comes back after U(20 s, 60 s) with a new task; a node already down has its recovery pushed back
 * (rescheduled). Simulated twice with the same random numbers: on kubesim's Simulation (`every`,
 * `cancel`, `reschedule`, `run(until)`) and on a minimal hand-written loop. The sanity column (events,
 * crashes, sum of the nodes' last renewal times) shows both did the same work in the same order.
 */

const SEED = 1;
/**
 * The model starts one simulated day in, as the timers of a week-long run do: times are then past
 * 2^31 µs, beyond V8's small integers, so both sides compare boxed doubles, as a real run does.
 */
const START_US = 86_400_000_000;
const NODES = 10_000;
const RENEW_PERIOD_US = 10_000_000;
const MEAN_CRASH_INTERVAL_US = 2_000_000;
const RECOVERY_MIN_US = 20_000_000;
const RECOVERY_MAX_US = 60_000_000;

interface Outcome {
  events: number;
  crashes: number;
  /** Sum over nodes of the last renewal time (s since the start): depends on every renewal's time and order. */
  lastRenewSum: number;
}

function note(o: Outcome): string {
  return `${o.events.toLocaleString('en-US')} events, ${o.crashes} crashes, Σ last renewal ${o.lastRenewSum.toFixed(3)} s`;
}

/** The model on kubesim, written as its kubelet and a fault injector would be. */
export function timersOnEngine(horizonUs: number): Outcome {
  const sim = new Simulation();
  const streams = new RandomStreams(SEED);
  const phases = streams.get('phases');
  const crashRng = streams.get('crashes');
  const recoveryRng = streams.get('recoveries');
  const crashInterval = exponential(MEAN_CRASH_INTERVAL_US);
  const recoveryDelay = uniform(RECOVERY_MIN_US, RECOVERY_MAX_US);
  const lastRenew = new Float64Array(NODES);
  const leases: (PeriodicTask | undefined)[] = new Array(NODES);
  const recoveries: (ScheduledEvent | undefined)[] = new Array(NODES);
  let crashes = 0;
  sim.run(START_US);

  const renewer = (node: number) => (): void => {
    lastRenew[node] = sim.now;
  };
  const recover = (node: number) => (): void => {
    recoveries[node] = undefined;
    lastRenew[node] = sim.now;
    leases[node] = sim.every(RENEW_PERIOD_US, renewer(node));
  };
  const crash = (): void => {
    crashes++;
    const node = crashRng.int(NODES);
    const pending = recoveries[node];
    const delay = recoveryDelay.sample(recoveryRng);
    if (pending) recoveries[node] = sim.reschedule(pending, sim.now + delay);
    else {
      (leases[node] as PeriodicTask).cancel();
      recoveries[node] = sim.schedule(delay, recover(node));
    }
    sim.schedule(crashInterval.sample(crashRng), crash);
  };
  for (let node = 0; node < NODES; node++) {
    leases[node] = sim.every(RENEW_PERIOD_US, renewer(node), START_US + phases.next() * RENEW_PERIOD_US);
  }
  sim.schedule(crashInterval.sample(crashRng), crash);
  sim.run(START_US + horizonUs);
  return { events: sim.eventsFired, crashes, lastRenewSum: sumSeconds(lastRenew) };
}

const RENEW = 0;
const CRASH = 1;
const RECOVER = 2;

interface LoopEvent {
  time: number;
  seq: number;
  kind: number;
  node: number;
  cancelled: boolean;
}

/**
 * The same model on a minimal loop: event records in a binary heap ordered by (time, seq), a switch
 * on the kind, a renewal record re-armed in place, cancellation by a flag checked when it pops.
 */
export function timersOnBaseline(horizonUs: number): Outcome {
  const streams = new RandomStreams(SEED);
  const phases = streams.get('phases');
  const crashRng: RandomStream = streams.get('crashes');
  const recoveryRng: RandomStream = streams.get('recoveries');
  const heap: LoopEvent[] = [];
  let seq = 0;
  const push = (e: LoopEvent): void => {
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as LoopEvent;
      if (p.time < e.time || (p.time === e.time && p.seq < e.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = e;
  };
  const pop = (): LoopEvent => {
    const top = heap[0] as LoopEvent;
    const last = heap.pop() as LoopEvent;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        let c = l;
        const left = heap[l] as LoopEvent;
        if (l + 1 < n) {
          const right = heap[l + 1] as LoopEvent;
          if (right.time < left.time || (right.time === left.time && right.seq < left.seq)) c = l + 1;
        }
        const child = heap[c] as LoopEvent;
        if (last.time < child.time || (last.time === child.time && last.seq < child.seq)) break;
        heap[i] = child;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const at = (time: number, kind: number, node: number): LoopEvent => {
    const e: LoopEvent = { time, seq: seq++, kind, node, cancelled: false };
    push(e);
    return e;
  };
  // The same draws and µs rounding as kubesim's distributions, schedule (delay) and scheduleAt (time).
  const crashDelay = (): number => Math.round(-MEAN_CRASH_INTERVAL_US * Math.log(1 - crashRng.next()));
  const recoveryDelay = (): number =>
    RECOVERY_MIN_US + (RECOVERY_MAX_US - RECOVERY_MIN_US) * recoveryRng.next();

  const lastRenew = new Float64Array(NODES);
  const leases: LoopEvent[] = new Array(NODES);
  const recoveries: (LoopEvent | undefined)[] = new Array(NODES);
  let crashes = 0;
  let events = 0;
  let now = START_US;
  for (let node = 0; node < NODES; node++)
    leases[node] = at(Math.round(START_US + phases.next() * RENEW_PERIOD_US), RENEW, node);
  at(now + crashDelay(), CRASH, -1);
  const until = START_US + horizonUs;
  while (heap.length > 0 && (heap[0] as LoopEvent).time < until) {
    const e = pop();
    if (e.cancelled) continue;
    now = e.time;
    events++;
    switch (e.kind) {
      case RENEW:
        e.time += RENEW_PERIOD_US;
        e.seq = seq++;
        push(e);
        lastRenew[e.node] = now;
        break;
      case CRASH: {
        crashes++;
        const node = crashRng.int(NODES);
        const pending = recoveries[node];
        const delay = recoveryDelay();
        if (pending) {
          pending.cancelled = true;
          recoveries[node] = at(Math.round(now + delay), RECOVER, node);
        } else {
          (leases[node] as LoopEvent).cancelled = true;
          recoveries[node] = at(now + Math.round(delay), RECOVER, node);
        }
        at(now + crashDelay(), CRASH, -1);
        break;
      }
      default:
        recoveries[e.node] = undefined;
        lastRenew[e.node] = now;
        leases[e.node] = at(now + RENEW_PERIOD_US, RENEW, e.node);
    }
  }
  return { events, crashes, lastRenewSum: sumSeconds(lastRenew) };
}

function sumSeconds(times: Float64Array): number {
  let sum = 0;
  for (const t of times) sum += t - START_US;
  return sum / 1e6;
}

export const engineTimers: Benchmark = {
  name: 'engine-timers',
  description:
    '10 000 pending periodic timers (Lease renewals) with crashes: kubesim Simulation vs a hand-written loop',
  run(options) {
    const horizonUs = (options.quick ? 100 : 1_000) * 1_000_000;
    const renewals = (horizonUs / RENEW_PERIOD_US) * NODES;
    return compareVariants(
      'engine-timers',
      'renewal periods',
      renewals,
      [
        { name: 'baseline: binary heap loop', run: () => note(timersOnBaseline(horizonUs)) },
        { name: 'kubesim Simulation', run: () => note(timersOnEngine(horizonUs)) },
      ],
      options.rounds,
    );
  },
};
