import type { Micros } from '../engine/time.js';
import type { FailureReason } from './stats.js';

/**
 * Told of every request as it ends, over the whole run (warm-up included), for exporters that count
 * like an instrumented server does (the monitoring's `http_requests_total`). Optional: a run without
 * one pays nothing.
 */
export interface RequestObserver {
  /**
   * `count` requests to `service` (its key) ended: served (`failure` null) after `latency` µs, or
   * failed for `failure` (latency then unused). Request-level traffic reports them one by one; fluid
   * traffic reports expected (fractional) counts per integration step.
   */
  requestsEnded(service: string, failure: FailureReason | null, latency: Micros, count: number): void;
}
