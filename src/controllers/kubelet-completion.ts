import type { ScheduledEvent } from '../engine/simulation.js';
import type { Pod, RestartPolicy } from '../model/pod.js';
import { workloadName } from '../model/pod.js';
import type { ControllerContext } from './context.js';

/** The exit code kubesim gives containers that were killed rather than exiting by themselves (SIGKILL). */
export const KILLED_EXIT_CODE = 137;

/**
 * Whether the kubelet restarts containers that exited with `exitCode` (pkg/kubelet/kuberuntime
 * computePodActions via ShouldContainerBeRestarted): Always restarts any exit, OnFailure a non-zero
 * one, Never none.
 */
export function shouldRestart(policy: RestartPolicy | undefined, exitCode: number): boolean {
  const p = policy ?? 'Always';
  return p === 'Always' || (p === 'OnFailure' && exitCode !== 0);
}

/**
 * The programs of run-to-completion pods (WorkloadBehaviour.completion): each time a pod's containers
 * start, its run time is drawn, and the containers exit then — 0, or non-zero with the failure
 * probability — in the ground truth, whatever the kubelet is doing meanwhile (a stopped kubelet does
 * not stop a running program). A run whose containers were killed or restarted in between has no exit.
 * Draws come from `kubelet/run/<workload>`, one stream per workload.
 */
export class ContainerRuns {
  private readonly exits = new Map<number, ScheduledEvent>();

  constructor(private readonly ctx: ControllerContext) {}

  /** The pod's containers have just started: schedule their program's exit, if it has one. */
  started(pod: Pod): void {
    const { sim, truth, random } = this.ctx;
    const workload = workloadName(pod);
    const completion = this.ctx.behaviour(workload).completion;
    if (!completion) return;
    const rng = random.get(`kubelet/run/${workload}`);
    const runFor = Math.max(0, Math.round(completion.duration.sample(rng)));
    const exitCode = completion.failureProbability > 0 && rng.next() < completion.failureProbability ? 1 : 0;
    const run = truth.containersOf(pod);
    this.exits.get(pod.uid)?.cancel();
    this.exits.set(
      pod.uid,
      sim.schedule(runFor, () => {
        this.exits.delete(pod.uid);
        const now = truth.containersOf(pod);
        if (now.state === 'Running' && now.since === run.since && now.restarts === run.restarts)
          truth.setContainers(pod, 'Terminated', sim.now, false, exitCode);
      }),
    );
  }

  /** The pod object is gone: its program no longer matters. */
  forget(pod: Pod): void {
    this.exits.get(pod.uid)?.cancel();
    this.exits.delete(pod.uid);
  }
}
