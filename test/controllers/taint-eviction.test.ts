import { describe, expect, it } from 'vitest';
import { minTolerationSeconds } from '../../src/controllers/taint-eviction.js';
import type { Taint, Toleration } from '../../src/model/taints.js';
import { TAINT_NODE_UNREACHABLE } from '../../src/model/taints.js';
import { deployment, makeCluster, podSpec, S, template } from './harness.js';

const unreachable: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };

describe('minTolerationSeconds (getMinTolerationTime over GetMatchingTolerations)', () => {
  it('uses the first toleration that matches each taint: Exists first means tolerated forever', () => {
    const tolerations: Toleration[] = [
      { operator: 'Exists' },
      { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ];
    expect(minTolerationSeconds([unreachable], tolerations)).toBe(Number.POSITIVE_INFINITY);
  });

  it('uses the timed toleration when it comes first', () => {
    const tolerations: Toleration[] = [
      { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      { operator: 'Exists' },
    ];
    expect(minTolerationSeconds([unreachable], tolerations)).toBe(30);
  });

  it('evicts at once for an untolerated taint or a tolerationSeconds ≤ 0', () => {
    expect(minTolerationSeconds([unreachable], [])).toBe(0);
    expect(
      minTolerationSeconds(
        [unreachable],
        [{ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', tolerationSeconds: -5 }],
      ),
    ).toBe(0);
  });

  it('returns Infinity when there is no taint', () => {
    expect(minTolerationSeconds([], [])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('taint eviction controller', () => {
  it('never evicts a pod whose first matching toleration tolerates the taint forever', () => {
    const d = deployment('web', 3);
    const web = {
      ...d,
      template: template(
        'web',
        podSpec({
          tolerations: [
            { operator: 'Exists' },
            { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
          ],
        }),
      ),
    };
    const c = makeCluster({ workloads: [web] });
    c.sim.run(60 * S);
    const onP0 = [...c.cluster.podsOnNode('p-0')][0];
    c.crash('p-0', 105 * S);
    c.sim.run(2000 * S);
    expect(c.cluster.node('p-0')?.taints.some((t) => t.effect === 'NoExecute')).toBe(true);
    expect(onP0?.deletionTimestamp).toBeUndefined();
  });
});
