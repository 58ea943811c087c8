// kubesim-specific behaviour of InterPodAffinity (its args: test/scheduler/config/plugin-args.test.ts): namespaces without Namespace
// objects, and matchLabelKeys/mismatchLabelKeys merged at the scheduler (the API server's job upstream).
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../src/model/pod.js';
import { newInterPodAffinity } from '../../../../src/scheduler/plugins/inter-pod-affinity/index.js';
import { makeNode, makePod } from '../make-pod.js';
import { codeOf, interPodAffinityArgs, makeWorld, runFilter } from '../plugin-harness.js';

function antiAffinityFilter(incoming: Pod, existing: Pod[]): string {
  const world = makeWorld([makeNode().name('n1').label('zone', 'z1').obj()], existing);
  const { preFilter, filter } = runFilter(
    newInterPodAffinity(interPodAffinityArgs(), world.handle),
    world,
    incoming,
    ['n1'],
  );
  return preFilter !== null ? codeOf(preFilter) : codeOf(filter.n1 ?? null);
}

describe('InterPodAffinity namespaces and label keys', () => {
  const existingIn = (ns: string): Pod[] => [makePod().namespace(ns).label('app', 'db').node('n1').obj()];
  const antiWithNsSelector = (sel: Record<string, string>) =>
    makePod()
      .namespace('a')
      .podAffinityTerm(true, 'required', {
        labelSelector: { matchLabels: { app: 'db' } },
        namespaceSelector: { matchLabels: sel },
        topologyKey: 'zone',
      })
      .obj();

  it('a namespaceSelector on kubernetes.io/metadata.name selects that namespace', () => {
    expect(
      antiAffinityFilter(antiWithNsSelector({ 'kubernetes.io/metadata.name': 'b' }), existingIn('b')),
    ).toBe('Unschedulable');
    expect(
      antiAffinityFilter(antiWithNsSelector({ 'kubernetes.io/metadata.name': 'c' }), existingIn('b')),
    ).toBe('Success');
  });

  it('a namespaceSelector on any other label selects no namespace', () => {
    expect(antiAffinityFilter(antiWithNsSelector({ team: 'team1' }), existingIn('b'))).toBe('Success');
  });

  it('matchLabelKeys adds the pod own value of each key to the selector', () => {
    const incoming = makePod()
      .labels({ app: 'db', rev: '2' })
      .podAffinityTerm(true, 'required', {
        labelSelector: { matchLabels: { app: 'db' } },
        matchLabelKeys: ['rev'],
        topologyKey: 'zone',
      })
      .obj();
    expect(antiAffinityFilter(incoming, [makePod().labels({ app: 'db', rev: '1' }).node('n1').obj()])).toBe(
      'Success',
    );
    expect(antiAffinityFilter(incoming, [makePod().labels({ app: 'db', rev: '2' }).node('n1').obj()])).toBe(
      'Unschedulable',
    );
  });

  it('mismatchLabelKeys excludes pods carrying the pod own value of each key', () => {
    const incoming = makePod()
      .labels({ app: 'db', tenant: 't1' })
      .podAffinityTerm(true, 'required', {
        labelSelector: { matchLabels: { app: 'db' } },
        mismatchLabelKeys: ['tenant'],
        topologyKey: 'zone',
      })
      .obj();
    expect(
      antiAffinityFilter(incoming, [makePod().labels({ app: 'db', tenant: 't1' }).node('n1').obj()]),
    ).toBe('Success');
    expect(
      antiAffinityFilter(incoming, [makePod().labels({ app: 'db', tenant: 't2' }).node('n1').obj()]),
    ).toBe('Unschedulable');
  });
});
