import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';

describe('Simulation', () => {
  it('fires events in (time, insertion) order', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.schedule(20, () => order.push('b'));
    sim.schedule(10, () => order.push('a'));
    sim.schedule(20, () => order.push('c'));
    sim.run();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(sim.now).toBe(20);
  });
});
