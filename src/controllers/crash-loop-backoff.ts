import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';

// pkg/kubelet/kubelet.go: the container restart back-off starts at 10 s (backOffPeriod) and is capped
// at 300 s (MaxContainerBackOff); flowcontrol.NewBackOff gives it no jitter.
export const INITIAL_RESTART_BACKOFF: Micros = 10 * MICROS_PER_SECOND;
export const MAX_RESTART_BACKOFF: Micros = 300 * MICROS_PER_SECOND;

/**
 * CrashLoopBackOff of one pod's containers, as the kubelet's doBackOff
 * (pkg/kubelet/kuberuntime/kuberuntime_manager.go) drives client-go's flowcontrol.Backoff
 * (staging/src/k8s.io/client-go/util/flowcontrol/backoff.go). The first exit is restarted at once and
 * arms a 10 s back-off; each later exit waits the current back-off, then doubles it (capped at 300 s).
 * An exit more than 2 × 300 s (10 min) after the last restart finds the entry expired (hasExpired) and
 * starts over. kubesim restarts exactly when the back-off ends, where the kubelet notices on its next
 * pod sync (documented in docs/simulation.md).
 */
export class RestartBackoff {
  private backoff: Micros = 0;
  private lastRestart: Micros | undefined;

  /** How long to wait before restarting containers that exited at `exitedAt`. */
  delayAfterExit(exitedAt: Micros): Micros {
    if (this.lastRestart === undefined || exitedAt - this.lastRestart > 2 * MAX_RESTART_BACKOFF) {
      this.backoff = INITIAL_RESTART_BACKOFF;
      this.lastRestart = exitedAt;
      return 0;
    }
    const delay = this.backoff;
    this.backoff = Math.min(2 * this.backoff, MAX_RESTART_BACKOFF);
    this.lastRestart = exitedAt + delay;
    return delay;
  }
}
