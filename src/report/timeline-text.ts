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
