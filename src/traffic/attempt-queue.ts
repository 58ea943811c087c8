import type { Request } from './request.js';

/**
 * A FIFO of attempts: (request, attempt number, time) triples on a growable ring buffer, so queueing
 * allocates nothing once the buffer has grown to its busiest moment. Pods queue waiting attempts in
 * it; Services queue attempt deadlines (a constant timeout makes deadlines FIFO).
 */
export class AttemptQueue {
  private requests: (Request | undefined)[] = new Array(16);
  private attempts = new Int32Array(16);
  private times = new Float64Array(16);
  private head = 0;
  size = 0;

  push(request: Request, attempt: number, time = 0): void {
    if (this.size === this.requests.length) this.grow();
    const i = (this.head + this.size) & (this.requests.length - 1);
    this.requests[i] = request;
    this.attempts[i] = attempt;
    this.times[i] = time;
    this.size++;
  }

  /** Puts an attempt back at the head (after `shift` took it). */
  unshift(request: Request, attempt: number, time = 0): void {
    if (this.size === this.requests.length) this.grow();
    const i = (this.head - 1) & (this.requests.length - 1);
    this.requests[i] = request;
    this.attempts[i] = attempt;
    this.times[i] = time;
    this.head = i;
    this.size++;
  }

  /** The attempt number of the head (call before `shift`). */
  peekAttempt(): number {
    return this.attempts[this.head] as number;
  }

  /** The time of the head (call before `shift`). */
  peekTime(): number {
    return this.times[this.head] as number;
  }

  shift(): Request {
    const i = this.head;
    const r = this.requests[i] as Request;
    this.requests[i] = undefined;
    this.head = (i + 1) & (this.requests.length - 1);
    this.size--;
    return r;
  }

  /** Empties the queue, calling `f` on each waiting attempt in order. */
  drain(f: (request: Request, attempt: number) => void): void {
    while (this.size > 0) {
      const attempt = this.peekAttempt();
      f(this.shift(), attempt);
    }
  }

  private grow(): void {
    const n = this.requests.length;
    const requests: (Request | undefined)[] = new Array(2 * n);
    const attempts = new Int32Array(2 * n);
    const times = new Float64Array(2 * n);
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + k) & (n - 1);
      requests[k] = this.requests[i];
      attempts[k] = this.attempts[i] as number;
      times[k] = this.times[i] as number;
    }
    this.requests = requests;
    this.attempts = attempts;
    this.times = times;
    this.head = 0;
  }
}
