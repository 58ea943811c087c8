import { type LabelSelectorRequirement, type Labels, matchesRequirements } from '../../model/labels.js';
import type { Pod } from '../../model/pod.js';
import type { NodeInfo, PodSelector, PodSelectorMatches } from '../framework/interface.js';
import type { MutableNodeInfo } from './node-info.js';

/** A live pod as the index filed it: the labels it was filed under and the node it counts on. */
interface IndexedPod {
  readonly pod: Pod;
  readonly labels: Labels;
  readonly node: MutableNodeInfo;
}

/**
 * How many selectors stay registered: past this many, the least recently asked for is dropped (and
 * rebuilt from its posting if asked for again). Each costs a map of the nodes holding its pods and a
 * test of every pod added under its anchor label, so the bound keeps a run with many short-lived
 * selectors (matchLabelKeys on pod-template-hash, one per rollout) from paying for all of them.
 * Results do not depend on it.
 */
const MAX_SELECTORS = 4096;

/**
 * The live pods matching one selector in one namespace, per node of the snapshot: kept current by
 * the PodLabelIndex as pods are added, turn terminating or go.
 */
class SelectorMatches implements PodSelectorMatches {
  readonly nodes = new Map<MutableNodeInfo, number>();
  /** The posting keys it is filed under (one per value of its anchor `In`), or the namespace's key. */
  anchors: readonly string[] = [];

  constructor(
    readonly namespace: string,
    readonly requirements: readonly LabelSelectorRequirement[],
    /** The snapshot's node list: a NodeInfo found at its own index there is counted here. */
    private readonly list: readonly NodeInfo[],
  ) {}

  /**
   * Once a quarter of the nodes hold matching pods, the counts are also kept by node index (`dense`,
   * valid for the slots whose `owners` entry is that NodeInfo), so reading a scored node's count is
   * two array reads instead of a map lookup; `nodes` stays the source of truth for the others (nodes
   * added or moved since).
   */
  private dense: Int32Array | undefined;
  private owners: readonly NodeInfo[] = [];

  countOn(info: NodeInfo): number {
    const i = info.index;
    if (this.list[i] !== info) {
      // Not the snapshot's own NodeInfo (a copy with nominated pods, a test's): count its pods.
      return countLive(info, this.namespace, this.requirements);
    }
    const dense = this.dense;
    if (dense !== undefined && this.owners[i] === info) return dense[i] as number;
    if (dense === undefined && this.nodes.size * 4 >= this.list.length) return this.densify(i);
    return this.nodes.get(info as MutableNodeInfo) ?? 0;
  }

  add(node: MutableNodeInfo, delta: 1 | -1): void {
    const n = (this.nodes.get(node) ?? 0) + delta;
    if (n === 0) this.nodes.delete(node);
    else this.nodes.set(node, n);
    if (this.dense !== undefined && this.owners[node.index] === node) this.dense[node.index] = n;
  }

  /** Starts keeping counts by index for the nodes listed now; returns slot i's. */
  private densify(i: number): number {
    const owners = this.list.slice();
    const dense = new Int32Array(owners.length);
    for (let k = 0; k < owners.length; k++) dense[k] = this.nodes.get(owners[k] as MutableNodeInfo) ?? 0;
    this.owners = owners;
    this.dense = dense;
    return dense[i] as number;
  }
}

/** A selector that selects nothing (labels.Nothing()): no node holds a matching pod. */
const NOTHING_MATCHES: PodSelectorMatches = Object.freeze({
  nodes: new Map<NodeInfo, number>(),
  countOn: () => 0,
});

/**
 * common.go countPodsMatchSelector over any NodeInfo: its pods in `namespace` that are not
 * terminating and satisfy every requirement.
 */
function countLive(
  info: NodeInfo,
  namespace: string,
  requirements: readonly LabelSelectorRequirement[],
): number {
  let count = 0;
  for (const p of info.pods) {
    const pod = p.pod;
    if (pod.deletionTimestamp !== undefined || pod.namespace !== namespace) continue;
    if (matchesRequirements(requirements, pod.labels)) count++;
  }
  return count;
}

/**
 * An inverted index of the snapshot's live pods (bound, not terminating: what PodTopologySpread's
 * countPodsMatchSelector counts) by namespace and label, and, per label selector asked for, the
 * matching pods per node, kept current incrementally. Counting a selector's pods on a node is then a
 * map read instead of a walk over the node's pods, and the nodes holding any are listed without
 * visiting the others.
 *
 * A selector is filed under its first `In` requirement (each of its values: a pod has one value per
 * key), or under its namespace when it has none, so a pod added is tested only against the selectors
 * filed under one of its own labels. Pod labels and namespaces are read when a pod is filed and taken
 * to stay as they are (kubesim never relabels a pod; a new labels object on an update is re-filed).
 * Single-threaded; owned by one MutableSnapshot.
 */
export class PodLabelIndex {
  private readonly byUid = new Map<number, IndexedPod>();
  /** Posting key → the live pods filed under it. */
  private readonly postings = new Map<string, Set<IndexedPod>>();
  /** Posting key → the selectors filed under it. */
  private readonly anchored = new Map<string, SelectorMatches[]>();
  /** "namespace\0signature" → its matches, least recently asked for first. */
  private readonly selectors = new Map<string, SelectorMatches>();
  private readonly signatures = new WeakMap<PodSelector, string>();

  constructor(private readonly list: readonly NodeInfo[]) {}

  /** Files `pod` as counting on `node`, unless it is terminating. */
  add(pod: Pod, node: MutableNodeInfo): void {
    if (pod.deletionTimestamp !== undefined || this.byUid.has(pod.uid)) return;
    const entry: IndexedPod = { pod, labels: pod.labels, node };
    this.byUid.set(pod.uid, entry);
    this.visitKeys(entry, (key) => {
      let posting = this.postings.get(key);
      if (!posting) {
        posting = new Set();
        this.postings.set(key, posting);
      }
      posting.add(entry);
      this.count(key, entry, 1);
    });
  }

  /** Unfiles the pod with this uid (deleted, finished, or its node removed). */
  remove(uid: number): void {
    const entry = this.byUid.get(uid);
    if (!entry) return;
    this.byUid.delete(uid);
    this.visitKeys(entry, (key) => {
      const posting = this.postings.get(key) as Set<IndexedPod>;
      posting.delete(entry);
      if (posting.size === 0) this.postings.delete(key);
      this.count(key, entry, -1);
    });
  }

  /** Re-reads a filed pod after a status change: a terminating pod stops counting. */
  update(pod: Pod): void {
    const entry = this.byUid.get(pod.uid);
    if (!entry) return;
    if (pod.deletionTimestamp === undefined && pod.labels === entry.labels) return;
    this.remove(pod.uid);
    this.add(pod, entry.node);
  }

  /**
   * The live pods matching `selector` in `namespace`, per node: registered on first use (from the
   * pods filed under its anchor) and kept current from then on. The result is live.
   */
  matches(namespace: string, selector: PodSelector): PodSelectorMatches {
    if (selector.nothing) return NOTHING_MATCHES;
    const key = `${namespace}\u0000${this.signatureOf(selector)}`;
    let m = this.selectors.get(key);
    if (m !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.selectors.delete(key);
      this.selectors.set(key, m);
      return m;
    }
    if (this.selectors.size >= MAX_SELECTORS) this.unregister(this.selectors.keys().next().value as string);
    m = new SelectorMatches(namespace, selector.requirements, this.list);
    this.register(m);
    this.selectors.set(key, m);
    return m;
  }

  private register(m: SelectorMatches): void {
    const anchor = m.requirements.find((r) => r.operator === 'In');
    m.anchors = anchor
      ? [...new Set(anchor.values ?? [])].map((v) => labelKey(m.namespace, anchor.key, v))
      : [namespaceKey(m.namespace)];
    for (const key of m.anchors) {
      const filed = this.anchored.get(key);
      if (filed) filed.push(m);
      else this.anchored.set(key, [m]);
      const posting = this.postings.get(key);
      if (!posting) continue;
      for (const entry of posting)
        if (matchesRequirements(m.requirements, entry.labels)) m.add(entry.node, 1);
    }
  }

  private unregister(key: string): void {
    const m = this.selectors.get(key) as SelectorMatches;
    this.selectors.delete(key);
    for (const anchor of m.anchors) {
      const filed = this.anchored.get(anchor) as SelectorMatches[];
      filed.splice(filed.indexOf(m), 1);
      if (filed.length === 0) this.anchored.delete(anchor);
    }
  }

  /** Adds or removes `entry` in the matches of the selectors filed under `key`. */
  private count(key: string, entry: IndexedPod, delta: 1 | -1): void {
    const filed = this.anchored.get(key);
    if (!filed) return;
    for (const m of filed) if (matchesRequirements(m.requirements, entry.labels)) m.add(entry.node, delta);
  }

  /** The posting keys of a pod: its namespace, and each of its labels in it. */
  private visitKeys(entry: IndexedPod, visit: (key: string) => void): void {
    const ns = entry.pod.namespace;
    visit(namespaceKey(ns));
    const labels = entry.labels;
    for (const k in labels) visit(labelKey(ns, k, labels[k] as string));
  }

  private signatureOf(selector: PodSelector): string {
    let s = this.signatures.get(selector);
    if (s === undefined) {
      s = selector.requirements
        .map((r) => `${r.key}\u0001${r.operator}\u0001${(r.values ?? []).join('\u0002')}`)
        .join('\u0003');
      this.signatures.set(selector, s);
    }
    return s;
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function namespaceKey(namespace: string): string {
  return namespace;
}
