/**
 * Steady state of one pod seen as a queue: Poisson arrivals at `rate`, `servers` workers, a mean
 * service time `meanService` with squared coefficient of variation `scv`, and `room` places to wait
 * (Infinity: unbounded). Rates and times in any one unit.
 *
 * With exponential service (scv 1) this is the M/M/c/c+room queue, exactly: its state probabilities
 * are the Erlang B ones up to c busy workers and fall geometrically by ρ per waiting request above,
 * so with B = B(c, a) and G = Σ_{k=0..room} ρ^k the normaliser is 1 − B + B·G, the blocking
 * probability B·ρ^room / (1 − B + B·G), and room = Infinity gives Erlang C. For general service times
 * the Allen–Cunneen approximation for GI/G/c (Allen, "Probability, Statistics and Queueing Theory",
 * 1990) scales the wait by f = (c_a² + c_s²) / 2 with c_a² = 1 (Poisson arrivals); the room is scaled
 * by 1/f too (queue lengths grow by f in heavy traffic), an approximation of ours.
 */
export interface QueueState {
  /** Share of arrivals refused for want of room. */
  blocked: number;
  /** Probability that an admitted request waits at all. */
  waitProbability: number;
  /** Mean wait of an admitted request (all of them, including those that do not wait). */
  meanWait: number;
  /** Mean workers busy (≤ servers). */
  busyWorkers: number;
  /** Mean requests held (waiting or in service): Little's law on the admitted flow. */
  inSystem: number;
}

export function queueState(
  rate: number,
  servers: number,
  meanService: number,
  scv: number,
  room: number,
): QueueState {
  const a = rate * meanService;
  const rho = a / servers;
  if (a === 0) return { blocked: 0, waitProbability: 0, meanWait: 0, busyWorkers: 0, inSystem: 0 };
  const f = (1 + scv) / 2;
  const q = room / f;
  let b = 1; // Erlang B recursion: never forms a^c or c!.
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  if (q === Number.POSITIVE_INFINITY && rho >= 1) {
    // No steady state: every worker busy, the queue grows (the caller keeps the backlog).
    return {
      blocked: 0,
      waitProbability: 1,
      meanWait: Number.POSITIVE_INFINITY,
      busyWorkers: servers,
      inSystem: Number.POSITIVE_INFINITY,
    };
  }
  const { geometric, weighted, top } = tail(rho, q);
  const norm = 1 - b + b * geometric;
  const blocked = q === Number.POSITIVE_INFINITY ? 0 : (b * top) / norm;
  const meanQueue = (b * weighted) / norm;
  const admitted = rate * (1 - blocked);
  const meanWait = admitted === 0 ? 0 : (f * meanQueue) / admitted;
  // PASTA: an arrival that is admitted waits when it finds every worker busy.
  const waitProbability = Math.min(1, (b * (geometric - top)) / norm / (1 - blocked));
  const busyWorkers = admitted * meanService;
  return { blocked, waitProbability, meanWait, busyWorkers, inSystem: busyWorkers + admitted * meanWait };
}

/** Σ_{k=0..q} ρ^k, Σ_{k=0..q} k ρ^k and ρ^q, for real q ≥ 0 (q = Infinity needs ρ < 1). */
function tail(rho: number, q: number): { geometric: number; weighted: number; top: number } {
  if (q === Number.POSITIVE_INFINITY)
    return { geometric: 1 / (1 - rho), weighted: rho / (1 - rho) ** 2, top: 0 };
  if (Math.abs(1 - rho) < 1e-9) return { geometric: q + 1, weighted: (q * (q + 1)) / 2, top: 1 };
  const top = rho ** q;
  return {
    geometric: (1 - top * rho) / (1 - rho),
    weighted: (rho * (1 - (q + 1) * top + q * top * rho)) / (1 - rho) ** 2,
    top,
  };
}
