import type { Request } from './request.js';

/**
 * A pod's FIFO of waiting attempts: (request, attempt number) pairs on a growable ring buffer, so
 * queueing allocates nothing once the buffer has grown to its busiest moment.
 */
export class AttemptQueue {
  private requests: (Request | undefined)[] = new Array(16);
  private attempts = new Int32Array(16);
  private head = 0;
  size = 0;

  push(request: Request, attempt: number): void {
    if (this.size === this.requests.length) this.grow();
    const i = (this.head + this.size) & (this.requests.length - 1);
    this.requests[i] = request;
    this.attempts[i] = attempt;
    this.size++;
  }

  /** The attempt number of the head (call before `shift`). */
  peekAttempt(): number {
    return this.attempts[this.head] as number;
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
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + k) & (n - 1);
      requests[k] = this.requests[i];
      attempts[k] = this.attempts[i] as number;
    }
    this.requests = requests;
    this.attempts = attempts;
    this.head = 0;
  }
}
