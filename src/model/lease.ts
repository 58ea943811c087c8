import type { Micros } from '../engine/time.js';

/**
 * The kubelet's renew loop as its Lease keeps it: renewals at anchor + k × interval (k ≥ 1) for as
 * long as the loop runs. Those due at or after `landsFrom` reach storage; `landsFrom` is +Infinity
 * while the API server cannot write (its renewals are refused, the loop goes on).
 */
export interface LeaseCadence {
  readonly anchor: Micros;
  readonly interval: Micros;
  readonly landsFrom: Micros;
}

/**
 * A node's Lease (coordination.k8s.io/v1 in kube-node-lease) as the store keeps it. A healthy node's
 * kubelet renews every 10 s for the whole run; rather than one write per renewal, the store keeps the
 * loop as a cadence and derives from it the renewal that landed last, so those renewals cost nothing.
 * Records are immutable: every change stores a new one, so a reader may keep the one it saw.
 */
export interface NodeLease {
  /** The last renewal written outright, or folded in from a cadence that ended (undefined before any). */
  readonly renewTime: Micros | undefined;
  readonly cadence: LeaseCadence | undefined;
}

/**
 * spec.renewTime as a reader sees it at `at` (not before the lease's last change): the later of the
 * last renewal written and the cadence's last landed renewal at or before `at`. A renewal due at the
 * very instant of a read counts: its timer was armed 10 s earlier, before the node monitor's pass at
 * that instant (armed 5 s earlier), so polling fires it first.
 */
export function leaseRenewTime(lease: NodeLease, at: Micros): Micros | undefined {
  const landed = lastLanded(lease.cadence, at);
  if (landed === undefined) return lease.renewTime;
  return lease.renewTime === undefined || landed > lease.renewTime ? landed : lease.renewTime;
}

/** The first renewal of `cadence` that lands after `at` (undefined while none can land). */
export function nextLanded(cadence: LeaseCadence, at: Micros): Micros | undefined {
  if (cadence.landsFrom === Number.POSITIVE_INFINITY) return undefined;
  const from = Math.max(at + 1, cadence.landsFrom, cadence.anchor + cadence.interval);
  return cadence.anchor + Math.ceil((from - cadence.anchor) / cadence.interval) * cadence.interval;
}

/**
 * The lease once its renew loop stops at `at`: the renewals that landed before `at` are folded into
 * renewTime, and the one due at `at` is lost. The stop comes first because the event that stops a
 * heartbeat (a timeline fault) was scheduled before that renewal's timer was re-armed, 10 s earlier.
 */
export function withCadenceEnded(lease: NodeLease, at: Micros): NodeLease {
  return { renewTime: leaseRenewTime(lease, at - 1), cadence: undefined };
}

/** The lease while the API server cannot write from `at` on: landed renewals kept, later ones refused. */
export function withCadenceSuspended(lease: NodeLease, at: Micros): NodeLease {
  if (!lease.cadence) return lease;
  return {
    renewTime: leaseRenewTime(lease, at - 1),
    cadence: { ...lease.cadence, landsFrom: Number.POSITIVE_INFINITY },
  };
}

/** The lease once the API server writes again at `at`: renewals due from `at` on land (the one at `at` too). */
export function withCadenceResumed(lease: NodeLease, at: Micros): NodeLease {
  if (!lease.cadence) return lease;
  return { renewTime: lease.renewTime, cadence: { ...lease.cadence, landsFrom: at } };
}

/** The cadence's last renewal at or before `at` that landed. */
function lastLanded(cadence: LeaseCadence | undefined, at: Micros): Micros | undefined {
  if (!cadence || at < cadence.anchor + cadence.interval) return undefined;
  const due = cadence.anchor + Math.floor((at - cadence.anchor) / cadence.interval) * cadence.interval;
  return due >= cadence.landsFrom ? due : undefined;
}
