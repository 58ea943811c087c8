import { formatDuration, type Micros } from '../../engine/time.js';
import type { Fault } from '../../model/scenario.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import { locate } from '../source.js';

/** A pool as the overlap check needs it: its nodes "<name>-<i>" for i < count, zone zones[i mod zones]. */
export interface PoolLayout {
  name: string;
  count: number;
  zones: readonly string[];
}

type MachineFault = Extract<Fault, { kind: 'nodeCrash' | 'nodeReboot' | 'kubeletStop' | 'zoneOutage' }>;

/** The nodes a timeline fault is known at load time to hit: named nodes, and a zone's pool nodes at start. */
function knownNodes(f: MachineFault, pools: readonly PoolLayout[]): string[] {
  if (f.kind !== 'zoneOutage') return f.target.node === undefined ? [] : [f.target.node];
  return pools.flatMap((p) =>
    Array.from({ length: p.count }, (_, i) => i).flatMap((i) =>
      p.zones.length > 0 && p.zones[i % p.zones.length] === f.target.zone ? [`${p.name}-${i}`] : [],
    ),
  );
}

/** When the fault holds its nodes: [at, end). */
function span(f: MachineFault): { at: Micros; end: Micros } {
  const length = f.kind === 'nodeReboot' ? f.bootTime : f.for;
  return { at: f.at, end: length === undefined ? Number.POSITIVE_INFINITY : f.at + length };
}

/**
 * Why `later` (starting no earlier than `earlier`) contradicts `earlier` on a node they share while
 * both last, or undefined when they compose (the ground truth counts overlapping causes: two outages of
 * a machine keep it down until both end, so they are fine).
 */
function contradiction(earlier: MachineFault, later: MachineFault): string | undefined {
  if (earlier.kind === 'kubeletStop' && later.kind === 'kubeletStop') return m.overlapTwoKubeletStops;
  if (earlier.kind === 'kubeletStop' || later.kind === 'kubeletStop') return m.overlapKubeletStopAndDown;
  // A crash or reboot picks nodes that are up: one starting while the node is down does nothing.
  if (later.kind === 'nodeCrash' || later.kind === 'nodeReboot') return m.overlapDownAlready;
  return undefined;
}

/**
 * Overlapping timeline faults that contradict each other on the same node are errors, each reported
 * at the later fault's line, naming the earlier one. Only nodes known at load time are compared:
 * faults naming a node, and a zoneOutage's pool nodes; faults picking `count` nodes of a pool or zone
 * choose them when they strike, and random faults cannot be checked.
 */
export function checkFaultOverlaps(
  faults: readonly { fault: Fault; index: number }[],
  pools: readonly PoolLayout[],
  site: Site,
  reporter: Reporter,
): void {
  const machine = faults.flatMap(({ fault, index }) =>
    fault.kind === 'nodeCrash' ||
    fault.kind === 'nodeReboot' ||
    fault.kind === 'kubeletStop' ||
    fault.kind === 'zoneOutage'
      ? [{ fault, index, nodes: new Set(knownNodes(fault, pools)), ...span(fault) }]
      : [],
  );
  const ordered = [...machine].sort((a, b) => a.at - b.at || a.index - b.index);
  // The earlier faults still lasting, in start order: one that has ended by a fault's start has ended
  // for every later one too, so each fault is compared with those alone (a timeline of a crash a
  // month for ten years compares each with one or two, not with all before it).
  let lasting: typeof ordered = [];
  for (const later of ordered) {
    lasting = lasting.filter((earlier) => later.at < earlier.end);
    for (const earlier of lasting) {
      const node = [...later.nodes].find((n) => earlier.nodes.has(n));
      if (node === undefined) continue;
      const why = contradiction(earlier.fault, later.fault);
      if (why === undefined) continue;
      const line = locate(site.src, [...site.base, 'spec', 'faults', earlier.index], false).line;
      const other = `spec.faults[${earlier.index}] (${earlier.fault.kind} at ${formatDuration(earlier.at)}, line ${line})`;
      reporter.error(
        site,
        ['spec', 'faults', later.index],
        m.faultOverlap(later.fault.kind, other, node, why),
      );
      break;
    }
    lasting.push(later);
  }
}
