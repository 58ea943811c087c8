import type { ScheduledEvent } from '../engine/simulation.js';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { ControllerContext } from './context.js';

// pkg/kubelet/apis/config/v1beta1/defaults.go: nodeLeaseDurationSeconds 40, renewed every 40 × 0.25 s.
export const LEASE_RENEW_INTERVAL: Micros = 10 * MICROS_PER_SECOND;

/**
 * The kubelets' Lease renewals (component-helpers' lease controller, run by pkg/kubelet/nodelease):
 * while a node's heartbeat reaches the API server, its kubelet renews the Lease at once and then every
 * renew interval (10 s by default). The first periodic renewal is a real timer, armed when the heartbeat starts as the kubelet's
 * own ticker is, so that a fault at that very instant is ordered as it would be; from then on the
 * loop is handed to the API server as a cadence (ApiServer.keepLeaseRenewed) whose renewals cost no
 * event. A node whose heartbeat stops gets no renewal after the stop.
 */
export class LeaseRenewals {
  /** Per node, its first periodic renewal while still pending. */
  private readonly firstRenewals = new Map<string, ScheduledEvent>();

  /** The renew interval: 0.25 × the KubeletConfiguration's nodeLeaseDurationSeconds, 10 s by default. */
  private readonly interval: Micros;

  constructor(private readonly ctx: Pick<ControllerContext, 'sim' | 'api' | 'leaseRenewInterval'>) {
    this.interval = ctx.leaseRenewInterval ?? LEASE_RENEW_INTERVAL;
  }

  /** The node's heartbeat starts reaching the API server now. */
  start(nodeName: string): void {
    const { sim, api } = this.ctx;
    this.stop(nodeName);
    api.renewLease(nodeName);
    const first = sim.schedule(this.interval, () => {
      this.firstRenewals.delete(nodeName);
      api.renewLease(nodeName);
      api.keepLeaseRenewed(nodeName, this.interval);
    });
    this.firstRenewals.set(nodeName, first);
  }

  /** The node's heartbeat stops reaching the API server now: no renewal after this instant lands. */
  stop(nodeName: string): void {
    this.firstRenewals.get(nodeName)?.cancel();
    this.firstRenewals.delete(nodeName);
    this.ctx.api.stopLeaseRenewals(nodeName);
  }

  /** The node is gone (its Lease went with it). */
  forget(nodeName: string): void {
    this.firstRenewals.get(nodeName)?.cancel();
    this.firstRenewals.delete(nodeName);
  }
}
