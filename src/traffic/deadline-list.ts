import type { Request } from './request.js';

/**
 * The attempts of one Service that wait on a deadline, in deadline order: a doubly linked list
 * threaded through the requests themselves (`deadlinePrev`, `deadlineNext`). A Service's timeout is
 * one constant, so attempts reach their deadlines in the order they started: appending keeps the list
 * sorted, and its head is always the next deadline. An attempt leaves the list the moment it ends
 * (served, failed or retried), so the list holds only live attempts — the head needs no search past
 * dead ones, and a request that ended is not kept alive until its deadline would have passed (which,
 * with a 2 s timeout at thousands of requests per second, made the garbage collector move tens of
 * thousands of finished requests to the old generation).
 *
 * A request is in the list exactly when its `deadline` is finite; a request has at most one attempt
 * in progress, so it is in at most one place of one list.
 */
export class DeadlineList {
  head: Request | null = null;
  private tail: Request | null = null;

  /** Appends the current attempt of `req`, whose `deadline` is set and not before the tail's. */
  push(req: Request): void {
    const tail = this.tail;
    req.deadlinePrev = tail;
    req.deadlineNext = null;
    if (tail === null) this.head = req;
    else tail.deadlineNext = req;
    this.tail = req;
  }

  /** Takes `req` out (its attempt ended) and clears its deadline. */
  remove(req: Request): void {
    const prev = req.deadlinePrev;
    const next = req.deadlineNext;
    if (prev === null) this.head = next;
    else prev.deadlineNext = next;
    if (next === null) this.tail = prev;
    else next.deadlinePrev = prev;
    req.deadlinePrev = null;
    req.deadlineNext = null;
    req.deadline = Number.POSITIVE_INFINITY;
  }
}
