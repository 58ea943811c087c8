import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';

/**
 * client-go's token bucket (flowcontrol.NewTokenBucketRateLimiter): `qps` tokens per second, holding
 * at most `burst`, full at start. A qps of 0 never admits (upstream's fake always-deny limiter).
 */
export class TokenBucket {
  private tokens: number;
  private last: Micros;

  constructor(
    readonly qps: number,
    private readonly burst: number,
    now: Micros,
  ) {
    this.tokens = qps > 0 ? burst : 0;
    this.last = now;
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

  /**
   * RateLimitedTimedQueue.SwapLimiter (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go):
   * the same rate keeps this bucket; otherwise a new full bucket replaces it, drained of one token when
   * this one had none left ("if we're currently waiting on limiter, we drain the new one"). Note that
   * asking this bucket spends its token if it had one, as upstream's TryAccept does.
   */
  swap(qps: number, now: Micros): TokenBucket {
    if (qps === this.qps) return this;
    const next = new TokenBucket(qps, this.burst, now);
    if (qps > 0 && !this.tryAccept(now)) next.tryAccept(now);
    return next;
  }
}
