// The snapshot's pod label index (Snapshot.matchingPods) against counting every node's pods as
// upstream's countPodsMatchSelector does, through any sequence of pod and node changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LabelSelectorRequirement, matchesRequirements } from '../../../src/model/labels.js';
import type { Pod } from '../../../src/model/pod.js';
import { MutableSnapshot } from '../../../src/scheduler/cache/snapshot.js';
import type { NodeInfo, PodSelector } from '../../../src/scheduler/framework/interface.js';
import { makeNode, makePod } from '../fixtures.js';

/** countPodsMatchSelector: pods of `namespace` on the node, not terminating, matching the selector. */
function naiveCount(info: NodeInfo, namespace: string, selector: PodSelector): number {
  if (selector.nothing) return 0;
  return info.pods.filter(
    (p) =>
      p.pod.deletionTimestamp === undefined &&
      p.pod.namespace === namespace &&
      matchesRequirements(selector.requirements, p.pod.labels),
  ).length;
}

const KEYS = ['app', 'tier'];
const VALUES = ['a', 'b', 'c'];
const NAMESPACES = ['default', 'other'];

const requirementArb: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({
    key: fc.constantFrom(...KEYS),
    operator: fc.constantFrom('In' as const, 'NotIn' as const),
    values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    key: fc.constantFrom(...KEYS),
    operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
  }),
);

const selectorArb: fc.Arbitrary<PodSelector> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ nothing: true, requirements: [] }) },
  {
    weight: 6,
    arbitrary: fc
      .array(requirementArb, { maxLength: 3 })
      .map((requirements) => ({ nothing: false, requirements })),
  },
);

const labelsArb = fc.record(
  { app: fc.constantFrom(...VALUES), tier: fc.constantFrom(...VALUES) },
  { requiredKeys: [] },
);

type Op =
  | { kind: 'addNode' }
  | { kind: 'removeNode'; pick: number }
  | { kind: 'addPod'; pick: number; labels: Record<string, string>; namespace: string }
  | { kind: 'removePod'; pick: number }
  | { kind: 'terminate'; pick: number }
  | { kind: 'ask'; namespace: string; selector: PodSelector };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'addNode' as const }),
  fc.record({ kind: fc.constant('removeNode' as const), pick: fc.nat() }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('addPod' as const),
      pick: fc.nat(),
      labels: labelsArb,
      namespace: fc.constantFrom(...NAMESPACES),
    }),
  },
  fc.record({ kind: fc.constant('removePod' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('terminate' as const), pick: fc.nat() }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('ask' as const),
      namespace: fc.constantFrom(...NAMESPACES),
      selector: selectorArb,
    }),
  },
);

describe('Snapshot.matchingPods (the pod label index)', () => {
  it('counts what walking every node’s pods counts, after any pod and node changes (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const snapshot = new MutableSnapshot();
        let nodeSeq = 0;
        const placed: { pod: Pod; node: string }[] = [];
        const asked: { namespace: string; selector: PodSelector }[] = [];
        const addNode = (): void => {
          snapshot.addNode(makeNode(`n${nodeSeq++}`, { cpu: 1000 }));
        };
        addNode();
        for (const op of ops) {
          const nodes = snapshot.nodeInfos;
          switch (op.kind) {
            case 'addNode':
              addNode();
              break;
            case 'removeNode': {
              const info = nodes[op.pick % nodes.length];
              if (!info || nodes.length === 1) break;
              const name = info.node.name;
              snapshot.removeNode(name);
              for (let i = placed.length - 1; i >= 0; i--) if (placed[i]?.node === name) placed.splice(i, 1);
              break;
            }
            case 'addPod': {
              const info = nodes[op.pick % nodes.length] as NodeInfo;
              const pod = makePod(`p${placed.length}`, [], { labels: op.labels, namespace: op.namespace });
              snapshot.addPod(pod, info.node.name);
              placed.push({ pod, node: info.node.name });
              break;
            }
            case 'removePod': {
              const i = op.pick % Math.max(1, placed.length);
              const p = placed[i];
              if (!p) break;
              snapshot.removePod(p.pod, p.node);
              placed.splice(i, 1);
              break;
            }
            case 'terminate': {
              const p = placed[op.pick % Math.max(1, placed.length)];
              if (!p) break;
              p.pod.deletionTimestamp = 1;
              snapshot.updatePod(p.pod, p.node);
              break;
            }
            case 'ask':
              asked.push({ namespace: op.namespace, selector: op.selector });
              break;
          }
          for (const { namespace, selector } of asked) {
            const matches = snapshot.matchingPods(namespace, selector);
            const holding = new Map<NodeInfo, number>();
            for (const info of snapshot.nodeInfos) {
              const want = naiveCount(info, namespace, selector);
              expect(matches.countOn(info)).toBe(want);
              if (want > 0) holding.set(info, want);
            }
            expect(new Map(matches.nodes)).toEqual(holding);
          }
        }
        // A copy of a node (nominated pods, preemption's what-if) is counted from its own pods.
        const first = snapshot.nodeInfos[0];
        if (first) {
          const copy = first.clone();
          copy.removePod(copy.pods[0]?.pod.uid ?? -1);
          for (const { namespace, selector } of asked)
            expect(snapshot.matchingPods(namespace, selector).countOn(copy)).toBe(
              naiveCount(copy, namespace, selector),
            );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps counting right for a selector asked for again after more than 4 096 others', () => {
    const snapshot = new MutableSnapshot();
    snapshot.addNode(makeNode('n0', { cpu: 1000 }));
    const web = { nothing: false, requirements: [{ key: 'app', operator: 'In' as const, values: ['web'] }] };
    snapshot.addPod(makePod('w0', [], { labels: { app: 'web' } }), 'n0');
    const info = snapshot.nodeInfos[0] as NodeInfo;
    expect(snapshot.matchingPods('default', web).countOn(info)).toBe(1);
    for (let i = 0; i < 4200; i++)
      snapshot.matchingPods('default', {
        nothing: false,
        requirements: [{ key: 'app', operator: 'In', values: [`other-${i}`] }],
      });
    snapshot.addPod(makePod('w1', [], { labels: { app: 'web' } }), 'n0');
    expect(snapshot.matchingPods('default', web).countOn(info)).toBe(2);
  });
});
