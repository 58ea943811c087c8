import { describe, expect, it } from 'vitest';
import type { Probe } from '../../src/model/pod.js';
import type { Workload } from '../../src/model/workloads.js';
import { podSpec, template } from '../controllers/harness.js';
import { deployment, makeRun, S } from './harness.js';

const READINESS: Probe = {
  initialDelaySeconds: 0,
  periodSeconds: 5,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

describe('probeFailure with target.image', () => {
  it('fails the probe only of pods running that image, including pods made after a setImage (the rollout stalls)', () => {
    const web: Workload = {
      ...deployment('web', 2),
      template: template(
        'web',
        podSpec({
          containers: [
            { name: 'app', image: 'web:1', ports: [], requests: {}, limits: {}, readinessProbe: READINESS },
          ],
        }),
      ),
    };
    const c = makeRun({
      workloads: [web],
      faults: [
        { kind: 'probeFailure', at: 0, probe: 'readiness', target: { workload: 'web', image: 'web:2' } },
      ],
      operations: [
        { kind: 'setImage', at: 60 * S, workload: 'default/web', container: 'app', image: 'web:2' },
      ],
    });
    c.run.advance(300 * S);
    const pods = [...c.run.cluster.pods];
    const image = (p: (typeof pods)[number]) => p.spec.containers[0]?.image;
    expect(pods.filter((p) => image(p) === 'web:1').map((p) => p.ready)).toEqual([true, true]);
    // maxSurge 25 % of 2 rounds up to 1, maxUnavailable rounds down to 0: one new pod, never Ready,
    // so the rolling update stalls and the old pods keep serving.
    const broken = pods.filter((p) => image(p) === 'web:2');
    expect(broken).toHaveLength(1);
    expect(broken.every((p) => p.phase === 'Running' && !p.ready && c.run.truth.isRunning(p))).toBe(true);
  });

  it('an image-scoped failure leaves pods of other images alone; an unscoped one hits every pod', () => {
    const c = makeRun({ workloads: [deployment('web', 2)] });
    c.run.advance(60 * S);
    // The harness' pods have no image: an image-scoped fault hits none of them.
    c.run.truth.setProbeFailing('web', 'readiness', true, 'web:9');
    expect([...c.run.cluster.pods].some((p) => c.run.truth.isProbeFailing(p, 'readiness'))).toBe(false);
    c.run.truth.setProbeFailing('web', 'readiness', true);
    expect([...c.run.cluster.pods].every((p) => c.run.truth.isProbeFailing(p, 'readiness'))).toBe(true);
  });
});
