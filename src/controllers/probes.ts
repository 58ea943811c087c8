import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { FailingProbe } from '../ground-truth/ground-truth.js';
import type { Container, Probe } from '../model/pod.js';

/** What a pod's probes act on: the ground truth's answers and the kubelet's reactions. */
export interface ProbeHost {
  readonly sim: Simulation;
  failing(probe: FailingProbe): boolean;
  /** The readiness verdict changed after the containers started (not called on start). */
  readyChanged(): void;
  livenessFailed(): void;
}

/** The probes of a pod: the first container's probe of each type (kubesim runs containers as one). */
export interface PodProbeSpecs {
  readiness?: Probe;
  liveness?: Probe;
  startup?: Probe;
}

export function probeSpecs(containers: readonly Container[]): PodProbeSpecs {
  const specs: PodProbeSpecs = {};
  const readiness = containers.find((c) => c.readinessProbe)?.readinessProbe;
  const liveness = containers.find((c) => c.livenessProbe)?.livenessProbe;
  const startup = containers.find((c) => c.startupProbe)?.startupProbe;
  if (readiness) specs.readiness = readiness;
  if (liveness) specs.liveness = liveness;
  if (startup) specs.startup = startup;
  return specs;
}

/** The first probe tick at or after `from`: ticks fall at origin + k × period, k >= 0. */
export function firstTickAtOrAfter(origin: Micros, period: Micros, from: Micros): Micros {
  if (from <= origin) return origin;
  return origin + Math.ceil((from - origin) / period) * period;
}

/**
 * A pod's probe workers (pkg/kubelet/prober/worker.go), computed rather than polled: each worker probes
 * at admission and every periodSeconds after (its ticker), skips probes before initialDelaySeconds of
 * the container's start, and flips its result after failureThreshold (successThreshold) consecutive
 * results of the other kind. The ground truth's answer only changes when a fault changes it, so the
 * instant of a verdict is known in advance: one timer per probe, set again when the answer changes.
 * Readiness starts false and liveness true (prober/results defaults); both wait for the startup probe,
 * which always succeeds. A probe's result counts at its tick (timeoutSeconds is not waited for).
 */
export class PodProbes {
  private startedAt: Micros | undefined;
  private started = false;
  private readyNow = false;
  private readonly timers = new Map<'readiness' | 'liveness' | 'startup', ScheduledEvent>();

  /** @param origin when the kubelet admitted the pod: the probe tickers' phase. */
  constructor(
    private readonly specs: PodProbeSpecs,
    private readonly origin: Micros,
    private readonly host: ProbeHost,
  ) {}

  /** Ready as the kubelet's status manager computes it: started and (if probed) readiness passed. */
  get ready(): boolean {
    return this.readyNow;
  }

  /** The containers started at `startedAt` (now, or earlier when adopted): a new probing cycle. */
  containersStarted(startedAt: Micros): void {
    this.stop();
    this.startedAt = startedAt;
    this.started = false;
    this.readyNow = false;
    const startup = this.specs.startup;
    if (startup === undefined) {
      this.onStarted();
      return;
    }
    this.arm('startup', startup, 1, () => {
      this.onStarted();
      if (this.readyNow) this.host.readyChanged();
    });
  }

  /** The answer of a probe changed (a fault began or ended): the verdicts in progress start over. */
  answersChanged(): void {
    if (!this.started) return;
    this.armReadiness();
    this.armLiveness();
  }

  /** The containers stopped: no more probing until they start again. */
  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.started = false;
    this.readyNow = false;
  }

  private onStarted(): void {
    this.started = true;
    // Without a readiness probe, a started container is ready (status_manager: ready = started).
    if (this.specs.readiness === undefined) this.readyNow = true;
    this.armReadiness();
    this.armLiveness();
  }

  private armReadiness(): void {
    const probe = this.specs.readiness;
    this.timers.get('readiness')?.cancel();
    this.timers.delete('readiness');
    if (probe === undefined) return;
    const passing = !this.host.failing('readiness');
    if (passing === this.readyNow) return;
    const needed = passing ? probe.successThreshold : probe.failureThreshold;
    this.arm('readiness', probe, needed, () => {
      this.readyNow = passing;
      this.host.readyChanged();
    });
  }

  private armLiveness(): void {
    const probe = this.specs.liveness;
    this.timers.get('liveness')?.cancel();
    this.timers.delete('liveness');
    if (probe === undefined || !this.host.failing('liveness')) return;
    this.arm('liveness', probe, probe.failureThreshold, () => {
      this.stop();
      this.host.livenessFailed();
    });
  }

  /** Runs `verdict` at the `needed`-th consecutive probe of `probe` from now on. */
  private arm(
    type: 'readiness' | 'liveness' | 'startup',
    probe: Probe,
    needed: number,
    verdict: () => void,
  ): void {
    const { sim } = this.host;
    const period = probe.periodSeconds * MICROS_PER_SECOND;
    const eligible = Math.max(
      sim.now,
      (this.startedAt ?? sim.now) + probe.initialDelaySeconds * MICROS_PER_SECOND,
    );
    const at = firstTickAtOrAfter(this.origin, period, eligible) + (needed - 1) * period;
    this.timers.set(
      type,
      sim.scheduleAt(at, () => {
        this.timers.delete(type);
        verdict();
      }),
    );
  }
}
