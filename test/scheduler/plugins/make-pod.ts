// Fluent builders for scheduler plugin tests, shaped like upstream's pkg/scheduler/testing wrappers
// (st.MakePod()/st.MakeNode()) so that upstream table cases port line by line.
import type { LabelSelector } from '../../../src/model/labels.js';
import type { Node } from '../../../src/model/node.js';
import type {
  Affinity,
  NodeSelectorRequirement,
  Pod,
  PodAffinityTerm,
  PodSpec,
  TopologySpreadConstraint,
} from '../../../src/model/pod.js';
import type { Taint, Toleration } from '../../../src/model/taints.js';

let nextUid = 5_000_000;

/** st.MakeLabelSelector(): a LabelSelector builder. */
export class LabelSelectorBuilder {
  private readonly s: LabelSelector = {};
  label(key: string, value: string): this {
    this.s.matchLabels = { ...this.s.matchLabels, [key]: value };
    return this;
  }
  exists(key: string): this {
    this.s.matchExpressions = [...(this.s.matchExpressions ?? []), { key, operator: 'Exists' }];
    return this;
  }
  notExist(key: string): this {
    this.s.matchExpressions = [...(this.s.matchExpressions ?? []), { key, operator: 'DoesNotExist' }];
    return this;
  }
  in(key: string, values: string[]): this {
    this.s.matchExpressions = [...(this.s.matchExpressions ?? []), { key, operator: 'In', values }];
    return this;
  }
  notIn(key: string, values: string[]): this {
    this.s.matchExpressions = [...(this.s.matchExpressions ?? []), { key, operator: 'NotIn', values }];
    return this;
  }
  obj(): LabelSelector {
    return this.s;
  }
}

/** A new LabelSelectorBuilder. */
export function makeLabelSelector(): LabelSelectorBuilder {
  return new LabelSelectorBuilder();
}

/** Which affinity list a term goes to (st.PodAffinityWithRequiredReq etc.). */
export type AffinityKind = 'required' | 'preferred';

/** st.MakePod(): a pod builder. Namespace defaults to "" as upstream's test pods. */
export class PodBuilder {
  private name_ = '';
  private namespace_ = '';
  private labels_: Record<string, string> = {};
  private nodeName_: string | undefined;
  private terminating_ = false;
  private owner_: Pod['owner'];
  readonly spec: PodSpec = {
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    priority: 0,
    preemptionPolicy: 'PreemptLowerPriority',
    schedulerName: 'default-scheduler',
    containers: [],
    initContainers: [],
    terminationGracePeriodSeconds: 30,
  };

  name(name: string): this {
    this.name_ = name;
    return this;
  }
  namespace(ns: string): this {
    this.namespace_ = ns;
    return this;
  }
  label(key: string, value: string): this {
    this.labels_[key] = value;
    return this;
  }
  labels(labels: Record<string, string>): this {
    Object.assign(this.labels_, labels);
    return this;
  }
  node(nodeName: string): this {
    this.nodeName_ = nodeName;
    return this;
  }
  terminating(): this {
    this.terminating_ = true;
    return this;
  }
  owner(kind: NonNullable<Pod['owner']>['kind'], key: string): this {
    this.owner_ = { kind, key };
    return this;
  }
  nodeSelector(selector: Record<string, string>): this {
    this.spec.nodeSelector = selector;
    return this;
  }
  toleration(key: string): this {
    this.spec.tolerations.push({ key, operator: 'Exists', effect: 'NoSchedule' } satisfies Toleration);
    return this;
  }
  /** st.NodeAffinityIn with NodeSelectorTypeMatchExpressions. */
  nodeAffinityIn(key: string, values: string[]): this {
    return this.requiredNodeTerm({ matchExpressions: [{ key, operator: 'In', values }] });
  }
  nodeAffinityNotIn(key: string, values: string[]): this {
    return this.requiredNodeTerm({ matchExpressions: [{ key, operator: 'NotIn', values }] });
  }
  private requiredNodeTerm(term: { matchExpressions: NodeSelectorRequirement[] }): this {
    const affinity: Affinity = this.spec.affinity ?? {};
    const na = affinity.nodeAffinity ?? {};
    const req = na.requiredDuringSchedulingIgnoredDuringExecution ?? { nodeSelectorTerms: [{}] };
    const first = req.nodeSelectorTerms[0] ?? {};
    first.matchExpressions = [...(first.matchExpressions ?? []), ...term.matchExpressions];
    req.nodeSelectorTerms[0] = first;
    na.requiredDuringSchedulingIgnoredDuringExecution = req;
    affinity.nodeAffinity = na;
    this.spec.affinity = affinity;
    return this;
  }
  /** st.SpreadConstraint(maxSkew, key, when, selector, minDomains, nodeAffinityPolicy, nodeTaintsPolicy, matchLabelKeys). */
  spreadConstraint(
    maxSkew: number,
    topologyKey: string,
    whenUnsatisfiable: TopologySpreadConstraint['whenUnsatisfiable'],
    labelSelector: LabelSelector | undefined,
    minDomains?: number,
    nodeAffinityPolicy?: 'Honor' | 'Ignore',
    nodeTaintsPolicy?: 'Honor' | 'Ignore',
    matchLabelKeys?: string[],
  ): this {
    const c: TopologySpreadConstraint = { maxSkew, topologyKey, whenUnsatisfiable };
    if (labelSelector !== undefined) c.labelSelector = labelSelector;
    if (minDomains !== undefined) c.minDomains = minDomains;
    if (nodeAffinityPolicy !== undefined) c.nodeAffinityPolicy = nodeAffinityPolicy;
    if (nodeTaintsPolicy !== undefined) c.nodeTaintsPolicy = nodeTaintsPolicy;
    if (matchLabelKeys !== undefined) c.matchLabelKeys = matchLabelKeys;
    this.spec.topologySpreadConstraints.push(c);
    return this;
  }
  /** Adds a pod affinity (anti = false) or anti-affinity term; preferred terms take `weight`. */
  podAffinityTerm(anti: boolean, kind: AffinityKind, term: PodAffinityTerm, weight = 1): this {
    const affinity: Affinity = this.spec.affinity ?? {};
    const pa = (anti ? affinity.podAntiAffinity : affinity.podAffinity) ?? {};
    if (kind === 'required') {
      pa.requiredDuringSchedulingIgnoredDuringExecution = [
        ...(pa.requiredDuringSchedulingIgnoredDuringExecution ?? []),
        term,
      ];
    } else {
      pa.preferredDuringSchedulingIgnoredDuringExecution = [
        ...(pa.preferredDuringSchedulingIgnoredDuringExecution ?? []),
        { weight, podAffinityTerm: term },
      ];
    }
    if (anti) affinity.podAntiAffinity = pa;
    else affinity.podAffinity = pa;
    this.spec.affinity = affinity;
    return this;
  }
  /** st.PodAffinityIn(labelKey, topologyKey, values, kind). */
  podAffinityIn(key: string, topologyKey: string, values: string[], kind: AffinityKind = 'required'): this {
    return this.podAffinityTerm(false, kind, {
      labelSelector: { matchExpressions: [{ key, operator: 'In', values }] },
      topologyKey,
    });
  }
  podAffinityNotIn(
    key: string,
    topologyKey: string,
    values: string[],
    kind: AffinityKind = 'required',
  ): this {
    return this.podAffinityTerm(false, kind, {
      labelSelector: { matchExpressions: [{ key, operator: 'NotIn', values }] },
      topologyKey,
    });
  }
  podAffinityExists(key: string, topologyKey: string, kind: AffinityKind = 'required'): this {
    return this.podAffinityTerm(false, kind, {
      labelSelector: { matchExpressions: [{ key, operator: 'Exists' }] },
      topologyKey,
    });
  }
  podAntiAffinityIn(
    key: string,
    topologyKey: string,
    values: string[],
    kind: AffinityKind = 'required',
  ): this {
    return this.podAffinityTerm(true, kind, {
      labelSelector: { matchExpressions: [{ key, operator: 'In', values }] },
      topologyKey,
    });
  }
  podAntiAffinityNotIn(
    key: string,
    topologyKey: string,
    values: string[],
    kind: AffinityKind = 'required',
  ): this {
    return this.podAffinityTerm(true, kind, {
      labelSelector: { matchExpressions: [{ key, operator: 'NotIn', values }] },
      topologyKey,
    });
  }
  podAntiAffinityExists(key: string, topologyKey: string, kind: AffinityKind = 'required'): this {
    return this.podAffinityTerm(true, kind, {
      labelSelector: { matchExpressions: [{ key, operator: 'Exists' }] },
      topologyKey,
    });
  }
  affinity(affinity: Affinity): this {
    this.spec.affinity = affinity;
    return this;
  }
  obj(): Pod {
    const uid = nextUid++;
    return {
      uid,
      namespace: this.namespace_,
      name: this.name_ || `pod-${uid}`,
      labels: { ...this.labels_ },
      spec: this.spec,
      owner: this.owner_,
      phase: this.nodeName_ === undefined ? 'Pending' : 'Running',
      nodeName: this.nodeName_,
      ready: this.nodeName_ !== undefined,

      createdAt: 0,
      deletionTimestamp: this.terminating_ ? 1 : undefined,
    };
  }
}

/** A new PodBuilder. */
export function makePod(): PodBuilder {
  return new PodBuilder();
}

/** st.MakeNode(): a node builder (no labels unless given, unlike test/scheduler/fixtures.ts). */
export class NodeBuilder {
  private name_ = '';
  private readonly n: Omit<Node, 'name'> = {
    labels: {},
    taints: [],
    allocatable: { pods: 110 },
    unschedulable: false,
    ready: 'True',
    pricePerHour: 0,
    createdAt: 0,
  };
  name(name: string): this {
    this.name_ = name;
    return this;
  }
  label(key: string, value: string): this {
    this.n.labels = { ...this.n.labels, [key]: value };
    return this;
  }
  labels(labels: Record<string, string>): this {
    this.n.labels = { ...this.n.labels, ...labels };
    return this;
  }
  taints(taints: Taint[]): this {
    this.n.taints = taints;
    return this;
  }
  obj(): Node {
    return { ...this.n, name: this.name_ };
  }
}

/** A new NodeBuilder. */
export function makeNode(): NodeBuilder {
  return new NodeBuilder();
}
