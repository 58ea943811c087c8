/**
 * Outcome codes of a plugin call (upstream: staging/src/k8s.io/kube-scheduler/framework/interface.go).
 * A `null` status means Success, as a nil *Status does upstream; plugins return null on the hot path.
 */
export enum Code {
  Success = 0,
  /** An internal error: the pod is requeued with backoff. */
  Error = 1,
  /** The pod does not fit this node now; preemption may help. */
  Unschedulable = 2,
  /** The pod does not fit this node and preemption cannot change that. */
  UnschedulableAndUnresolvable = 3,
  /** Permit: wait. */
  Wait = 4,
  /** PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score is skipped. */
  Skip = 5,
  /** The pod waits for something outside the scheduler. */
  Pending = 6,
}

/** A non-success outcome with its reasons (the text kube-scheduler prints, e.g. "Insufficient cpu"). */
export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[],
    /**
     * The plugin that returned it: given at construction for a status shared between cycles (a
     * module constant, see ownedBy), else set by the runner, which never overwrites it.
     */
    public plugin = '',
  ) {}

  /** A copy naming its plugin, for statuses plugins share between cycles (never written again). */
  ownedBy(plugin: string): Status {
    return new Status(this.code, this.reasons, plugin);
  }

  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }

  static skip(): Status {
    return new Status(Code.Skip, []);
  }

  static error(reason: string): Status {
    return new Status(Code.Error, [reason]);
  }

  get isRejection(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }
}
