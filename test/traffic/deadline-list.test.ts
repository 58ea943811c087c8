import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineList } from '../../src/traffic/deadline-list.js';
import { Request } from '../../src/traffic/request.js';
import type { ServiceRuntime } from '../../src/traffic/service-runtime.js';

const SERVICE = {} as ServiceRuntime;

function request(deadline: number): Request {
  const r = new Request(SERVICE, 0, true, deadline, null, null, null, 0, false);
  r.deadline = deadline;
  return r;
}

/** The list from its head, by following the links. */
function contents(list: DeadlineList): Request[] {
  const out: Request[] = [];
  for (let r = list.head; r !== null; r = r.deadlineNext) out.push(r);
  return out;
}

describe('DeadlineList', () => {
  it('keeps the attempts in the order they were pushed, and its head is the first not removed', () => {
    const list = new DeadlineList();
    const [a, b, c] = [request(1), request(2), request(3)] as [Request, Request, Request];
    list.push(a);
    list.push(b);
    list.push(c);
    list.remove(b);
    expect(contents(list)).toEqual([a, c]);
    list.remove(a);
    expect(list.head).toBe(c);
    list.remove(c);
    expect(list.head).toBeNull();
    // A removed attempt has no deadline any more (in the list exactly when its deadline is finite).
    expect([a.deadline, b.deadline, c.deadline]).toEqual([
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('matches an array under random pushes and removals, links both ways', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(-1), fc.nat(50)), { maxLength: 200 }), (ops) => {
        const list = new DeadlineList();
        const model: Request[] = [];
        let next = 0;
        for (const op of ops) {
          if (op === -1 || model.length === 0) {
            const r = request(next++);
            list.push(r);
            model.push(r);
          } else {
            const [r] = model.splice(op % model.length, 1) as [Request];
            list.remove(r);
          }
          expect(contents(list)).toEqual(model);
          // Walking back from the last reaches the head through deadlinePrev.
          const back: Request[] = [];
          for (let r = model.at(-1) ?? null; r !== null; r = r.deadlinePrev) back.push(r);
          expect(back.reverse()).toEqual(model);
        }
      }),
      { numRuns: 100 },
    );
  });
});
