import { describe, expect, it } from 'vitest';
import { ServiceSelectorIndex } from '../../src/controllers/service-selector-index.js';
import type { Endpoint, EndpointSlice } from '../../src/model/endpoint-slice.js';
import type { Pod } from '../../src/model/pod.js';
import { trafficEndpoints } from '../../src/traffic/cluster-bridge.js';
import { deployment, makeCluster, pool, S, service } from './harness.js';

/** The EndpointSlice controller in a whole run: slices of 100, names, and what one change writes. */

function webCluster(replicas: number) {
  return makeCluster({
    pools: [pool({ count: 5, allocatable: { cpu: 64_000, memory: 256 * 2 ** 30, pods: 110 } })],
    workloads: [deployment('web', replicas)],
    services: [service('web')],
  });
}

const slicesOf = (c: ReturnType<typeof webCluster>): EndpointSlice[] => [
  ...c.cluster.endpointSlicesOf('default/web'),
];

describe('EndpointSliceController', () => {
  it('splits 250 ready pods into slices of 100, 100 and 50 named <service>-<5 random characters>', () => {
    const c = webCluster(250);
    c.run.advance(120 * S);
    const slices = slicesOf(c);
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    for (const s of slices) expect(s.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const uids = slices.flatMap((s) => s.endpoints.map((e) => e.uid));
    expect(new Set(uids).size).toBe(250);
    const pods = [...c.cluster.pods].filter((p) => p.labels.app === 'web');
    expect(new Set(uids)).toEqual(new Set(pods.map((p) => p.uid)));
    expect(slices.every((s) => s.endpoints.every((e) => e.conditions.ready && e.conditions.serving))).toBe(
      true,
    );
  });

  it('writes only the slice holding a pod when that pod is deleted, then places its replacement where there is room', () => {
    const c = webCluster(250);
    c.run.advance(120 * S);
    const victim = [...c.cluster.pods].find((p) => p.labels.app === 'web') as NonNullable<
      ReturnType<typeof c.cluster.pod>
    >;
    const holder = slicesOf(c).find((s) => s.endpoints.some((e) => e.uid === victim.uid)) as EndpointSlice;
    const written: { name: string; type: string }[] = [];
    c.cluster.watch((e) => {
      if (
        e.type === 'EndpointSliceUpdated' ||
        e.type === 'EndpointSliceAdded' ||
        e.type === 'EndpointSliceDeleted'
      )
        written.push({ name: e.slice.name, type: e.type });
    });
    c.api.deletePod(victim);
    c.run.advance(c.run.now + 1);
    // Terminating: not ready, still serving (the pod stays Ready until its containers stop): the
    // slice that holds it is written first; the replacement, created and bound at once, goes into
    // the slice with room.
    const roomy = slicesOf(c).find((s) => s.endpoints.length < 100) as EndpointSlice;
    expect(written[0]?.name).toBe(holder.name);
    expect(new Set(written.map((w) => w.name))).toEqual(new Set([holder.name, roomy.name]));
    const e = holder.endpoints.find((x) => x.uid === victim.uid);
    expect(e?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    c.run.advance(c.run.now + 120 * S);
    // The replacement went into the slice with room (the 50), the deleted pod left its slice: no new slice.
    expect(written.every((w) => w.type === 'EndpointSliceUpdated')).toBe(true);
    expect(new Set(written.map((w) => w.name))).toEqual(new Set([holder.name, roomy.name]));
    const slices = slicesOf(c);
    expect(slices).toHaveLength(3);
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => a - b)).toEqual([51, 99, 100]);
    expect(slices.flatMap((s) => s.endpoints).some((x) => x.uid === victim.uid)).toBe(false);
  });

  it('keeps one empty placeholder slice for a Service that selects no pods', () => {
    const c = makeCluster({ services: [service('nothing')] });
    c.run.advance(S);
    const slices = [...c.cluster.endpointSlicesOf('default/nothing')];
    expect(slices).toHaveLength(1);
    expect(slices[0]?.endpoints).toEqual([]);
  });

  it('writes nothing while the control plane has no quorum, and catches up when it returns', () => {
    const c = webCluster(20);
    c.run.advance(120 * S);
    const victim = [...c.cluster.pods].find((p) => p.labels.app === 'web') as NonNullable<
      ReturnType<typeof c.cluster.pod>
    >;
    c.api.deletePod(victim);
    c.api.setWritable(false);
    c.run.advance(c.run.now + 1);
    const held = slicesOf(c)
      .flatMap((s) => s.endpoints)
      .find((e) => e.uid === victim.uid);
    expect(held?.conditions.terminating).toBe(false);
    c.api.setWritable(true);
    c.run.advance(c.run.now + 1);
    const after = slicesOf(c)
      .flatMap((s) => s.endpoints)
      .find((e) => e.uid === victim.uid);
    expect(after?.conditions.terminating).toBe(true);
  });
});

describe('ServiceSelectorIndex', () => {
  it('finds exactly the Services whose whole selector a pod matches, in its namespace', () => {
    const index = new ServiceSelectorIndex();
    const web = service('web');
    const webCanary = { ...service('web-canary'), selector: { app: 'web', track: 'canary' } };
    const otherNs = { ...service('web'), namespace: 'other' };
    const none = { ...service('none'), selector: {} };
    for (const s of [web, webCanary, otherNs]) expect(index.add(s)).toBe(true);
    expect(index.add(none)).toBe(false);
    const pod = (labels: Record<string, string>, namespace = 'default') =>
      ({ namespace, labels }) as unknown as Pod;
    expect([...index.servicesOf(pod({ app: 'web' }))]).toEqual([web]);
    expect([...index.servicesOf(pod({ track: 'canary', app: 'web' }))]).toEqual([web, webCanary]);
    expect([...index.servicesOf(pod({ app: 'web' }, 'other'))]).toEqual([otherNs]);
    expect([...index.servicesOf(pod({ app: 'db' }))]).toEqual([]);
  });
});

describe("trafficEndpoints (kube-proxy merging a Service's slices)", () => {
  it('takes each endpoint once across slices and orders them by uid', () => {
    const e = (uid: number, ready = true): Endpoint => ({
      pod: `default/p${uid}`,
      uid,
      nodeName: 'n',
      zone: 'a',
      conditions: { ready, serving: ready, terminating: false },
    });
    const slices: EndpointSlice[] = [
      { namespace: 'default', name: 'web-2', service: 'web', endpoints: [e(5), e(2)] },
      { namespace: 'default', name: 'web-1', service: 'web', endpoints: [e(3), e(2, false)] },
      { namespace: 'default', name: 'web-3', service: 'web', endpoints: [] },
    ];
    expect(trafficEndpoints(slices).map((t) => [t.pod, t.ready])).toEqual([
      ['default/p2', true],
      ['default/p3', true],
      ['default/p5', true],
    ]);
  });
});
