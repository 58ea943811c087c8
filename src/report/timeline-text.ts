/** A timeline entry as the JSON report holds it. */
export interface ReportTimelineEntry {
  kind: string;
  object: string;
  from: string | null;
  to: string | null;
  reason: string | null;
}

/** The sentence a reader sees for a timeline entry (the JSON keeps the data). */
export function describeTimelineEntry(e: ReportTimelineEntry): string {
  const because = e.reason ? ` (${e.reason})` : '';
  switch (e.kind) {
    case 'Fault':
      return `fault ${e.to}: ${e.object}${because}`;
    case 'MachineDown':
      return `${e.object} went down`;
    case 'MachineUp':
      return `${e.object} is back up (kubelet running)`;
    case 'NodeReady':
      return `${e.object} Ready=${e.to}${because}`;
    case 'NodeTainted':
      return `${e.object} tainted ${e.to}`;
    case 'NodeUntainted':
      return `${e.object} untainted ${e.from}`;
    case 'Operation':
      return `${e.to} on ${e.object}${because}`;
    case 'PodEvicted':
      return `${e.object} evicted from node ${e.from}${because}`;
    case 'PodScheduled':
      return `${e.object} scheduled to node ${e.to}`;
    case 'ReplicaSetScaled':
      return `${e.object} scaled from ${e.from} to ${e.to}${because}`;
    case 'DeploymentProgressing':
      return `${e.object} ${e.to}${because}`;
    default:
      return `${e.kind} ${e.object}`;
  }
}

/** An incident step as the JSON report holds it. */
export interface ReportIncidentStep {
  step: string;
  object: string;
  detail: string | null;
}

/** The sentence a reader sees for a step of an incident's timeline. */
export function describeIncidentStep(s: ReportIncidentStep): string {
  const detail = s.detail ?? '';
  switch (s.step) {
    case 'fault':
      return `fault ${detail}: ${s.object}`;
    case 'detected':
      return `${s.object} ${detail}: the node lifecycle controller noticed`;
    case 'tainted':
      return `${s.object} tainted ${detail}`;
    case 'evicted':
      return `${s.object} evicted ${detail}`;
    case 'replaced':
      return `${s.object} created, a ${detail}`;
    case 'scheduled':
      return `${s.object} scheduled ${detail}`;
    case 'ready':
      return `${s.object} Ready, ${detail}`;
    case 'inEndpoints':
      return `${s.object} is a ${detail}`;
    case 'nodeRecovered':
      return `${s.object} ${detail}: back in service`;
    case 'recovered':
      return `recovered: ${detail}`;
    default:
      return `${s.step} ${s.object}${detail ? ` (${detail})` : ''}`;
  }
}
