/**
 * Closed-form results for the M/M/c queue (Poisson arrivals at rate λ, exponential service at rate μ
 * per server, c servers, FIFO, unlimited room). kubesim uses them to validate the engine and as a
 * yardstick beside simulated metrics (a pool of identical replicas behind one queue is an M/M/c).
 * Rates are per any common time unit; times come out in that unit.
 */

/** Steady-state measures of an M/M/c queue. Waits and lengths are Infinity when ρ ≥ 1 (no steady state). */
export interface MmcMetrics {
  /** ρ = λ / (c μ), the long-run fraction of time each server is busy. */
  utilisation: number;
  /** Erlang C: the probability that an arriving customer has to wait. */
  probabilityOfWaiting: number;
  /** Wq: mean time spent waiting before service starts. */
  meanWaitInQueue: number;
  /** W = Wq + 1/μ: mean time from arrival to departure. */
  meanTimeInSystem: number;
  /** Lq = λ Wq (Little's law). */
  meanNumberInQueue: number;
  /** L = λ W (Little's law). */
  meanNumberInSystem: number;
}

/**
 * The Erlang C formula C(c, a): the probability of waiting in an M/M/c queue with offered load
 * a = λ/μ. Computed through the Erlang B recursion B(k) = a B(k−1) / (k + a B(k−1)), then
 * C = B / (1 − ρ (1 − B)), which never forms a^c or c! and so stays accurate for thousands of servers.
 * Returns 1 when ρ = a/c ≥ 1 (every customer waits).
 */
export function erlangC(servers: number, offeredLoad: number): number {
  checkServers(servers);
  if (!(offeredLoad >= 0))
    throw new RangeError(
      `Cannot compute Erlang C: offered load must be >= 0: current value is ${offeredLoad}`,
    );
  const rho = offeredLoad / servers;
  if (rho >= 1) return 1;
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b / (1 - rho * (1 - b));
}

/** Steady-state M/M/c measures for arrival rate λ, service rate μ per server and c servers. */
export function mmcMetrics(arrivalRate: number, serviceRate: number, servers: number): MmcMetrics {
  if (!(arrivalRate >= 0))
    throw new RangeError(
      `Cannot analyse an M/M/c queue: arrival rate must be >= 0: current value is ${arrivalRate}`,
    );
  if (!(serviceRate > 0))
    throw new RangeError(
      `Cannot analyse an M/M/c queue: service rate must be > 0: current value is ${serviceRate}`,
    );
  checkServers(servers);
  const utilisation = arrivalRate / (servers * serviceRate);
  if (utilisation >= 1) {
    const inf = Number.POSITIVE_INFINITY;
    return {
      utilisation,
      probabilityOfWaiting: 1,
      meanWaitInQueue: inf,
      meanTimeInSystem: inf,
      meanNumberInQueue: inf,
      meanNumberInSystem: inf,
    };
  }
  const probabilityOfWaiting = erlangC(servers, arrivalRate / serviceRate);
  const meanWaitInQueue = probabilityOfWaiting / (servers * serviceRate - arrivalRate);
  const meanTimeInSystem = meanWaitInQueue + 1 / serviceRate;
  return {
    utilisation,
    probabilityOfWaiting,
    meanWaitInQueue,
    meanTimeInSystem,
    meanNumberInQueue: arrivalRate * meanWaitInQueue,
    meanNumberInSystem: arrivalRate * meanTimeInSystem,
  };
}

function checkServers(servers: number): void {
  if (!(Number.isInteger(servers) && servers >= 1))
    throw new RangeError(
      `Cannot analyse an M/M/c queue: servers must be an integer >= 1: current value is ${servers}`,
    );
}
