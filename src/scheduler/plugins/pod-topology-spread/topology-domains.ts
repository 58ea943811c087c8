import type { NodeInfo } from '../../framework/interface.js';

/** A node's domain id when it lacks the topology key. */
export const NO_DOMAIN = -1;

/**
 * One topology key's domains, interned as small integers, and each node's domain, in slots by
 * NodeInfo.index. A slot holds the NodeInfo it was read for and that object's changeStamp then (a
 * label change goes through setNode, which bumps it), so PreScore and Score read an integer per node
 * instead of looking the label up in the node's label map and the value up in a Map of strings.
 */
export class TopologyDomainTable {
  /** Domain id → label value. */
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  private owners: (NodeInfo | undefined)[] = [];
  private stamps = new Float64Array(0);
  private domains = new Int32Array(0);

  constructor(readonly key: string) {}

  /** The id of a label value (interned on first use). */
  idOf(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** The node's domain id, or NO_DOMAIN when the node has no label `key`. */
  domainOf(info: NodeInfo): number {
    const i = info.index;
    if (i >= this.stamps.length) this.grow(i + 1);
    if (this.owners[i] === info && this.stamps[i] === info.changeStamp) return this.domains[i] as number;
    const value = info.node.labels[this.key];
    const id = value === undefined ? NO_DOMAIN : this.idOf(value);
    this.owners[i] = info;
    this.stamps[i] = info.changeStamp;
    this.domains[i] = id;
    return id;
  }

  private grow(size: number): void {
    const length = Math.max(size, this.stamps.length * 2, 64);
    const stamps = new Float64Array(length);
    stamps.set(this.stamps);
    const domains = new Int32Array(length);
    domains.set(this.domains);
    this.stamps = stamps;
    this.domains = domains;
    this.owners.length = length;
  }
}

/** The TopologyDomainTable of each topology key a plugin instance has seen. */
export class TopologyDomains {
  private readonly byKey = new Map<string, TopologyDomainTable>();

  table(key: string): TopologyDomainTable {
    let t = this.byKey.get(key);
    if (!t) {
      t = new TopologyDomainTable(key);
      this.byKey.set(key, t);
    }
    return t;
  }
}
