// kubesim-specific behaviour of InterPodAffinity: argument validation, namespaces without Namespace
// objects, and matchLabelKeys/mismatchLabelKeys merged at the scheduler (the API server's job upstream).
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../src/model/pod.js';
import {
  newInterPodAffinity,
  parseInterPodAffinityArgs,
} from '../../../../src/scheduler/plugins/inter-pod-affinity/index.js';
import { makeNode, makePod } from '../make-pod.js';
import { codeOf, makeWorld, runFilter } from '../plugin-harness.js';

describe('parseInterPodAffinityArgs', () => {
  it('defaults hardPodAffinityWeight to 1 and ignorePreferredTermsOfExistingPods to false', () => {
    expect(parseInterPodAffinityArgs(undefined)).toEqual({
      hardPodAffinityWeight: 1,
      ignorePreferredTermsOfExistingPods: false,
    });
  });
  it.each([
    [{ hardPodAffinityWeight: 101 }, /must be an integer in \[0, 100\]: current value is 101/],
    [{ hardPodAffinityWeight: -1 }, /current value is -1/],
    [{ hardPodAffinityWeight: 1.5 }, /current value is 1.5/],
    [{ ignorePreferredTermsOfExistingPods: 'yes' }, /must be a boolean: current value is yes/],
    [{ defaultingType: 'List' }, /'defaultingType' is not a known argument/],
  ])('rejects %j', (args, message) => {
    expect(() => parseInterPodAffinityArgs(args as Record<string, unknown>)).toThrow(message);
  });
});

function antiAffinityFilter(incoming: Pod, existing: Pod[]): string {
  const world = makeWorld([makeNode().name('n1').label('zone', 'z1').obj()], existing);
  const { preFilter, filter } = runFilter(newInterPodAffinity({}, world.handle), world, incoming, ['n1']);
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
