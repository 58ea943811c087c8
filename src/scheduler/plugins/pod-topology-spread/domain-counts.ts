import type { Pod } from '../../../model/pod.js';
import type { NodeInfo } from '../../framework/interface.js';
import { ObjectMemo } from '../helper/object-memo.js';
import {
  ConvertedConstraints,
  countMatchingPods,
  includesNode,
  nodeHasAllTopologyKeys,
  nodeInclusion,
  type SpreadConstraint,
} from './constraints.js';
import { MemoCache, NodeMemo } from './node-memo.js';
import { type CompiledSelector, selectorSignature } from './selector.js';
import { TopologyDomains } from './topology-domains.js';

/** One node's share: per constraint, its domain (undefined when not counted) and matching pods. */
interface NodeShare {
  readonly values: (string | undefined)[];
  readonly counts: Int32Array;
}

/**
 * Matching-pod counts per topology domain over every node of the snapshot, for one pod shape
 * (namespace, constraints, node selection and tolerations), kept current by a NodeMemo.
 *
 * - `requireAllTopologies`: nodes lacking any constraint's topology key count for no constraint
 *   (common.go: nodeLabelsMatchSpreadConstraints); otherwise a missing label reads as "" (scoring).
 * - `skipHostname`: hostname constraints are left out (scoring counts them per node in Score).
 */
export class DomainCounts {
  /** Per constraint: domain → matching pods. A domain is present while one node counts for it. */
  readonly counts: Map<string, number>[];
  private readonly nodesPerDomain: Map<string, number>[];
  private readonly memo: NodeMemo<NodeShare>;

  constructor(
    pod: Pod,
    private readonly constraints: readonly SpreadConstraint[],
    requireAllTopologies: boolean,
    skipHostname: boolean,
    hostnameKey: string,
  ) {
    const n = constraints.length;
    this.counts = Array.from({ length: n }, () => new Map<string, number>());
    this.nodesPerDomain = Array.from({ length: n }, () => new Map<string, number>());
    const namespace = pod.namespace;
    this.memo = new NodeMemo<NodeShare>(
      (info: NodeInfo) => {
        const node = info.node;
        if (requireAllTopologies && !nodeHasAllTopologyKeys(node, constraints)) return undefined;
        const inclusion = nodeInclusion(pod, node, constraints);
        const values: (string | undefined)[] = new Array(n);
        const counts = new Int32Array(n);
        let any = false;
        for (let i = 0; i < n; i++) {
          const c = constraints[i] as SpreadConstraint;
          if ((skipHostname && c.topologyKey === hostnameKey) || !includesNode(c, inclusion)) continue;
          values[i] = node.labels[c.topologyKey] ?? '';
          counts[i] = countMatchingPods(info.pods, c.selector, namespace);
          any = true;
        }
        return any ? { values, counts } : undefined;
      },
      (share, sign) => {
        for (let i = 0; i < n; i++) {
          const value = share.values[i];
          if (value === undefined) continue;
          const domains = this.nodesPerDomain[i] as Map<string, number>;
          const counts = this.counts[i] as Map<string, number>;
          const nodes = (domains.get(value) ?? 0) + sign;
          if (nodes === 0) {
            domains.delete(value);
            counts.delete(value);
          } else {
            domains.set(value, nodes);
            counts.set(value, (counts.get(value) ?? 0) + sign * (share.counts[i] as number));
          }
        }
      },
    );
  }

  /** Updates the counts for the current snapshot nodes. */
  refresh(nodes: readonly NodeInfo[]): this {
    this.memo.refresh(nodes);
    return this;
  }

  get constraintCount(): number {
    return this.constraints.length;
  }
}

/** What a pod's node-inclusion checks read: its nodeSelector, required node affinity and tolerations. */
function inclusionFingerprint(spec: Pod['spec']): string {
  return JSON.stringify([
    spec.nodeSelector,
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
    spec.tolerations,
  ]);
}

function constraintsSignature(constraints: readonly SpreadConstraint[]): string {
  let sig = '';
  for (const c of constraints) {
    sig += `|${c.topologyKey};${selectorSignature(c.selector)};${c.nodeAffinityPolicy};${c.nodeTaintsPolicy}`;
  }
  return sig;
}

/**
 * Memoised DomainCounts per pod shape. Counts returned by `get` are live: they stay valid until the
 * next `get` for the same shape, i.e. for the rest of the scheduling cycle.
 */
export class DomainCountsCache {
  private readonly cache = new MemoCache<DomainCounts>();
  private readonly fingerprints = new ObjectMemo(inclusionFingerprint);
  // Converted constraints are shared per pod spec (constraints.ts), so their signature is too.
  private readonly signatures = new ObjectMemo(constraintsSignature);
  /** The pods' converted constraints (see podConstraints), per spec. */
  readonly converted = new ConvertedConstraints();
  /** Matching pods per node for hostname constraints, which Score counts node by node. */
  readonly hostnameCounts = new NodeMatchCounts();
  /** Each node's domain per topology key (PreScore and Score). */
  readonly domains = new TopologyDomains();

  get(
    pod: Pod,
    constraints: readonly SpreadConstraint[],
    requireAllTopologies: boolean,
    skipHostname: boolean,
    hostnameKey: string,
    nodes: readonly NodeInfo[],
  ): DomainCounts {
    const key = `${pod.namespace}|${requireAllTopologies}|${skipHostname}|${this.fingerprints.get(pod.spec)}|${this.signatures.get(constraints)}`;
    return this.cache
      .getOrCreate(
        key,
        () => new DomainCounts(pod, constraints, requireAllTopologies, skipHostname, hostnameKey),
      )
      .refresh(nodes);
  }
}

/**
 * Matching pods per node and selector, reused while the node is unchanged: Score counts them on every
 * feasible node for a hostname constraint, and between two cycles only the node that took the last pod
 * changed. One NodeCountTable per selector (resolve it once per cycle with `table`).
 */
export class NodeMatchCounts {
  private readonly bySelector = new Map<string, NodeCountTable>();

  /** The table of one selector and namespace (`selectorKey`). */
  table(selectorKey: string): NodeCountTable {
    let t = this.bySelector.get(selectorKey);
    if (!t) {
      t = new NodeCountTable();
      this.bySelector.set(selectorKey, t);
    }
    return t;
  }

  count(info: NodeInfo, selector: CompiledSelector, selectorKey: string, namespace: string): number {
    return this.table(selectorKey).count(info, selector, namespace);
  }
}

/**
 * One selector's matching-pod count per node, in slots by NodeInfo.index: a slot holds the NodeInfo
 * object it was counted for (a clone with nominated pods is another object, and a node removed from
 * the snapshot hands its index to another) and that object's changeStamp then (changed on every change
 * to it), so a hit is two comparisons and a read.
 */
export class NodeCountTable {
  private owners: (NodeInfo | undefined)[] = [];
  private stamps = new Float64Array(0);
  private counts = new Int32Array(0);

  count(info: NodeInfo, selector: CompiledSelector, namespace: string): number {
    const i = info.index;
    if (i >= this.stamps.length) this.grow(i + 1);
    if (this.owners[i] === info && this.stamps[i] === info.changeStamp) return this.counts[i] as number;
    const count = countMatchingPods(info.pods, selector, namespace);
    this.owners[i] = info;
    this.stamps[i] = info.changeStamp;
    this.counts[i] = count;
    return count;
  }

  private grow(size: number): void {
    const length = Math.max(size, this.stamps.length * 2, 64);
    const stamps = new Float64Array(length);
    stamps.set(this.stamps);
    const counts = new Int32Array(length);
    counts.set(this.counts);
    this.stamps = stamps;
    this.counts = counts;
    this.owners.length = length;
  }
}

/** A selector and namespace as a key: equal keys select the same pods. */
export function selectorKey(selector: CompiledSelector, namespace: string): string {
  return `${namespace}/${selectorSignature(selector)}`;
}
