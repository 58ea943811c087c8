import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';

/**
 * client-go's token bucket (flowcontrol.NewTokenBucketRateLimiter): `qps` tokens per second, holding
 * at most `burst`, full at start. A qps of 0 never admits (upstream swaps in a fake always-deny limiter).
 */
export class TokenBucket {
  private tokens: number;
  private last: Micros;

  constructor(
    private qps: number,
    private readonly burst: number,
    now: Micros,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Changes the rate; like upstream's SwapLimiter, the new bucket starts full. */
  setQps(qps: number, now: Micros): void {
    if (qps === this.qps) return;
    this.qps = qps;
    this.tokens = this.burst;
    this.last = now;
  }

  get rate(): number {
    return this.qps;
  }

  tryAccept(now: Micros): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / MICROS_PER_SECOND) * this.qps);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
