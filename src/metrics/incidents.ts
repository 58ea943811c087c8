import type { Micros } from '../engine/time.js';
import type { FaultRecord } from '../faults/fault-kind.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterEvent, ClusterState } from '../model/cluster-state.js';
import type { EndpointSlice } from '../model/endpoint-slice.js';
import { type Pod, podKey } from '../model/pod.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, type Taint } from '../model/taints.js';
import type { AvailabilityChange, AvailabilityTracker } from './availability.js';

/**
 * The steps of Kubernetes' repair, in the order they normally happen: the fault, the node lifecycle
 * controller noticing (Ready Unknown/False), the NoExecute taint, the eviction, the controller's
 * replacement pod, its binding, its Ready condition, its ready endpoint; plus the node coming back and
 * the affected workloads being fully available again.
 */
export const INCIDENT_STEPS = [
  'fault',
  'detected',
  'tainted',
  'evicted',
  'replaced',
  'scheduled',
  'ready',
  'inEndpoints',
  'nodeRecovered',
  'recovered',
] as const;

export type IncidentStepKind = (typeof INCIDENT_STEPS)[number];

/** One step of an incident: what happened (`step`) to which object ("node/p-0", "pod/default/web-x"). */
export interface IncidentStep {
  at: Micros;
  step: IncidentStepKind;
  object: string;
  detail?: string;
}

/** One incident: a fault, or faults that overlapped, and everything Kubernetes did about it. */
export interface Incident {
  /** When the first fault struck. */
  at: Micros;
  faults: FaultRecord[];
  /** Nodes the faults hit, in the order they were hit. */
  nodes: string[];
  /** Workloads ("namespace/name") that lost a pod or fell below their replicas during the incident. */
  workloads: string[];
  /** Every step in time order, at most INCIDENT_STEP_LIMIT (none after the first INCIDENT_TIMELINE_LIMIT incidents). */
  steps: IncidentStep[];
  stepsDropped: number;
  /** When each step was first reached, kept even where `steps` is cut. */
  firstAt: Partial<Record<IncidentStepKind, Micros>>;
  /** When the workloads that fell below their replicas had them all available again; null: not by the end. */
  recoveredAt: Micros | null;
  /** Distinct pods that stopped serving during the incident (killed, marked not Ready, evicted). */
  podsLost: number;
}

/** The most steps an incident keeps; the rest are counted (a zone outage touches many pods). */
export const INCIDENT_STEP_LIMIT = 200;
/**
 * Incidents that keep their steps; later ones keep only `firstAt`, so a long run of random faults
 * (thousands of incidents) cannot bloat the report.
 */
export const INCIDENT_TIMELINE_LIMIT = 100;

interface OpenIncident extends Incident {
  lastStrike: Micros;
  nodeSet: Set<string>;
  workloadSet: Set<string>;
  /** Affected workloads below their replicas now. */
  degraded: Set<string>;
  lostPods: Set<number>;
  /** Evicted pods per workload not yet replaced by a new pod. */
  awaitingReplacement: Map<string, number>;
  /** Replacement pods and lost pods, whose return (bound, Ready, endpoint) is a step. */
  returning: Set<number>;
  replacements: Set<number>;
}

function isControllerNoExecute(t: Taint): boolean {
  return (t.key === TAINT_NODE_UNREACHABLE || t.key === TAINT_NODE_NOT_READY) && t.effect === 'NoExecute';
}

/**
 * Builds incidents from the faults (FaultRecord: kind, at, nodes, recoversAt; any kind) and the event
 * stream. A fault opens an incident; a fault striking while one is open joins it. An incident is over
 * once (1) no affected workload is below its replicas, (2) every node hit is settled: healthy again
 * (Ready, kubelet running, no NoExecute taint), gone, or, when its fault never ends, tainted NoExecute
 * with no live pod left on it, and (3) every fault in it has ended. So recovery is measured after
 * Kubernetes has finished reacting, also for faults (kubeletStop, partitions) whose damage starts only
 * when the control plane notices. Changes at the instant it is over still belong to it (the endpoint
 * written at the instant the pod turned Ready); the first change after that does not.
 */
export class IncidentTracker {
  private readonly done: OpenIncident[] = [];
  private open: OpenIncident | undefined;
  /** When the open incident is over, as far as the changes seen so far tell; undefined: not yet. */
  private overAt: Micros | undefined;

  constructor(
    private readonly cluster: ClusterState,
    private readonly truth: GroundTruth,
    private readonly now: () => Micros,
    availability: AvailabilityTracker,
  ) {
    availability.onChange((change) => this.onAvailability(change));
    cluster.watch((event) => this.onEvent(event));
  }

  /** A fault struck (called before it changes the ground truth). */
  addFault(record: FaultRecord): void {
    const now = this.now();
    // Faults at one instant strike one after another: the first one's changes have been made.
    if (this.open && now > this.open.lastStrike) {
      const over = this.overAt ?? this.computeOverAt();
      if (over !== undefined && over <= now) this.close();
    }
    this.overAt = undefined;
    let incident = this.open;
    if (!incident) {
      incident = {
        at: now,
        faults: [],
        nodes: [],
        workloads: [],
        steps: [],
        stepsDropped: 0,
        firstAt: {},
        recoveredAt: null,
        podsLost: 0,
        lastStrike: now,
        nodeSet: new Set(),
        workloadSet: new Set(),
        degraded: new Set(),
        lostPods: new Set(),
        awaitingReplacement: new Map(),
        returning: new Set(),
        replacements: new Set(),
      };
      this.open = incident;
    }
    incident.lastStrike = now;
    incident.faults.push(record);
    this.step(incident, {
      step: 'fault',
      object: record.nodes.map((n) => `node/${n}`).join(', ') || '(no node)',
      detail: record.kind + (record.note ? ` (${record.note})` : ''),
    });
    for (const name of record.nodes) {
      if (incident.nodeSet.has(name)) continue;
      incident.nodeSet.add(name);
      incident.nodes.push(name);
    }
  }

  /** Every incident, in the order they opened. */
  finish(): Incident[] {
    const all = this.open ? [...this.done, this.open] : this.done;
    return all.map((i) => ({
      at: i.at,
      faults: i.faults,
      nodes: i.nodes,
      workloads: i.workloads,
      steps: i.steps,
      stepsDropped: i.stepsDropped,
      firstAt: i.firstAt,
      recoveredAt: i.degraded.size > 0 ? null : (i.recoveredAt ?? i.at),
      podsLost: i.lostPods.size,
    }));
  }

  private affect(incident: OpenIncident, workload: string): void {
    if (incident.workloadSet.has(workload)) return;
    incident.workloadSet.add(workload);
    incident.workloads.push(workload);
  }

  private onAvailability(change: AvailabilityChange): void {
    this.closeIfOver();
    const incident = this.open;
    if (!incident) return;
    this.applyAvailability(incident, change);
    this.overAt = this.computeOverAt();
  }

  private applyAvailability(incident: OpenIncident, change: AvailabilityChange): void {
    if (change.pod && change.serving === false) {
      this.affect(incident, change.workload);
      incident.lostPods.add(change.pod.uid);
      incident.returning.add(change.pod.uid);
    }
    if (change.pod && change.serving === true && incident.returning.has(change.pod.uid))
      this.step(incident, {
        step: 'ready',
        object: podObject(change.pod),
        detail: `serving on node ${change.pod.nodeName}`,
      });
    if (change.available < change.desired) {
      this.affect(incident, change.workload);
      incident.degraded.add(change.workload);
    } else if (incident.degraded.delete(change.workload) && incident.degraded.size === 0) {
      incident.recoveredAt = this.now();
      this.step(incident, {
        step: 'recovered',
        object: incident.workloads.map((w) => `workload/${w}`).join(', '),
        detail: 'every affected workload has all its replicas available',
      });
    }
  }

  private onEvent(event: ClusterEvent): void {
    this.closeIfOver();
    const incident = this.open;
    if (!incident) return;
    this.applyEvent(incident, event);
    this.overAt = this.computeOverAt();
  }

  private applyEvent(incident: OpenIncident, event: ClusterEvent): void {
    switch (event.type) {
      case 'NodeUpdated': {
        const { node, old } = event;
        if (!incident.nodeSet.has(node.name)) return;
        if (old.ready === 'True' && node.ready !== 'True')
          this.step(incident, {
            step: 'detected',
            object: `node/${node.name}`,
            detail: `Ready=${node.ready}`,
          });
        if (old.ready !== 'True' && node.ready === 'True')
          this.step(incident, { step: 'nodeRecovered', object: `node/${node.name}`, detail: 'Ready=True' });
        const before = new Set(old.taints.filter(isControllerNoExecute).map((t) => t.key));
        for (const t of node.taints.filter(isControllerNoExecute))
          if (!before.has(t.key))
            this.step(incident, {
              step: 'tainted',
              object: `node/${node.name}`,
              detail: `${t.key}:${t.effect}`,
            });
        return;
      }
      case 'PodUpdated': {
        const { pod, old } = event;
        if (old.deletionTimestamp === undefined && pod.deletionTimestamp !== undefined) {
          if (pod.nodeName === undefined || !incident.nodeSet.has(pod.nodeName)) return;
          this.step(incident, {
            step: 'evicted',
            object: podObject(pod),
            detail: `from node ${pod.nodeName}`,
          });
          if (pod.owner) {
            this.affect(incident, pod.owner.key);
            const waiting = incident.awaitingReplacement.get(pod.owner.key) ?? 0;
            incident.awaitingReplacement.set(pod.owner.key, waiting + 1);
          }
          return;
        }
        return;
      }
      case 'PodAdded': {
        const owner = event.pod.owner?.key;
        const waiting = owner === undefined ? 0 : (incident.awaitingReplacement.get(owner) ?? 0);
        if (owner === undefined || waiting === 0) return;
        incident.awaitingReplacement.set(owner, waiting - 1);
        incident.returning.add(event.pod.uid);
        incident.replacements.add(event.pod.uid);
        this.step(incident, {
          step: 'replaced',
          object: podObject(event.pod),
          detail: `new pod of ${owner}`,
        });
        return;
      }
      case 'PodBound':
        if (incident.replacements.has(event.pod.uid))
          this.step(incident, {
            step: 'scheduled',
            object: podObject(event.pod),
            detail: `to node ${event.pod.nodeName}`,
          });
        return;
      case 'EndpointSliceAdded':
      case 'EndpointSliceUpdated': {
        const before = event.type === 'EndpointSliceUpdated' ? readyUids(event.old) : new Set<number>();
        for (const e of event.slice.endpoints)
          if (e.conditions.ready && !before.has(e.uid) && incident.returning.has(e.uid))
            this.step(incident, {
              step: 'inEndpoints',
              object: `pod/${e.pod}`,
              detail: `ready endpoint of Service ${event.slice.namespace}/${event.slice.service}`,
            });
        return;
      }
    }
  }

  /** Closes the open incident if it was over before now. */
  private closeIfOver(): void {
    if (this.overAt !== undefined && this.now() > this.overAt) this.close();
  }

  private close(): void {
    if (this.open) this.done.push(this.open);
    this.open = undefined;
    this.overAt = undefined;
  }

  /** When the open incident is over given the state now (the end of its last fault, or now), or undefined. */
  private computeOverAt(): Micros | undefined {
    const incident = this.open;
    if (!incident || incident.degraded.size > 0) return undefined;
    if (!incident.nodes.every((n) => this.isSettled(incident, n))) return undefined;
    let over = this.now();
    for (const f of incident.faults)
      if (f.recoversAt !== undefined && f.recoversAt > over) over = f.recoversAt;
    return over;
  }

  private isSettled(incident: OpenIncident, name: string): boolean {
    const node = this.cluster.node(name);
    if (!node) return true;
    const tainted = node.taints.some(isControllerNoExecute);
    if (node.ready === 'True' && this.truth.isKubeletActive(name) && !tainted) return true;
    const ends = incident.faults.some((f) => f.recoversAt !== undefined && f.nodes.includes(name));
    if (ends || !tainted) return false;
    for (const pod of this.cluster.podsOnNode(name))
      if (pod.owner && pod.deletionTimestamp === undefined) return false;
    return true;
  }

  private step(incident: OpenIncident, step: Omit<IncidentStep, 'at'>): void {
    const at = this.now();
    incident.firstAt[step.step] ??= at;
    const limit = this.done.length < INCIDENT_TIMELINE_LIMIT ? INCIDENT_STEP_LIMIT : 0;
    if (incident.steps.length >= limit) {
      incident.stepsDropped++;
      return;
    }
    const s: IncidentStep = { at, step: step.step, object: step.object };
    if (step.detail !== undefined) s.detail = step.detail;
    incident.steps.push(s);
  }
}

function podObject(pod: Pod): string {
  return `pod/${podKey(pod)}`;
}

function readyUids(slice: Readonly<EndpointSlice>): Set<number> {
  return new Set(slice.endpoints.filter((e) => e.conditions.ready).map((e) => e.uid));
}
