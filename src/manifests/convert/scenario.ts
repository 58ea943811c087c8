import { constant, type Distribution, exponential } from '../../engine/distributions.js';
import { MICROS_PER_SECOND, type Micros } from '../../engine/time.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../model/cluster-input.js';
import { LABEL_NODE_POOL, LABEL_ZONE } from '../../model/node.js';
import type {
  Fault,
  KubeletStopFault,
  NodeCrashFault,
  NodePool,
  NodeSelection,
  NodeTarget,
  PodCrashFault,
  ProbeFailureFault,
  Scenario,
} from '../../model/scenario.js';
import type { Workload, WorkloadBehaviour } from '../../model/workloads.js';
import { convertMonitoringSpec, type ManifestRules } from '../../monitoring/rules.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import {
  clusterLost,
  etcdDataLost,
  namespaceDeleted,
  regionLost,
  volumeCorrupted,
} from '../schemas/backup.js';
import { readDurationValue } from '../schemas/common.js';
import {
  controlPlaneMemberLoss,
  crashLoop,
  kubeletStop,
  networkPartition,
  nodeCrash,
  nodeFailures,
  nodePool as nodePoolSchema,
  nodeReboot,
  podCrash,
  probeFailure,
  SPEC_FIELDS_NOT_SIMULATED,
  scenario as scenarioSchema,
  slowNode,
  zoneFailures,
  zoneOutage,
} from '../schemas/scenario.js';
import { trafficServiceSchema } from '../schemas/traffic.js';
import type { Path } from '../source.js';
import { warnQuantity, warnResourceList } from '../suspicious-quantities.js';
import { convertDisaster } from './backup.js';
import { type BatchReferences, convertBatch } from './batch.js';
import { convertClusterAutoscaler } from './cluster-autoscaler.js';
import { convertControlPlane } from './control-plane.js';
import { convertDurationDistribution } from './distribution.js';
import { checkFaultOverlaps } from './fault-overlaps.js';
import { DEFAULT_MAX_PODS } from './node.js';
import { convertOperations, type LoadedManifest } from './operations.js';
import { convertTraffic, type TrafficReferences } from './traffic.js';
import { convertWorkloadMetrics } from './workload-metrics.js';

/** spec.seed default. */
export const DEFAULT_SEED = 1;
/** services.<name>.startupTime default: image pull plus container start, a round 10 s. */
export const DEFAULT_STARTUP_TIME = constant(10 * MICROS_PER_SECOND);
/** Kubernetes minor versions whose defaults kubesim knows (K8S_BEHAVIOUR.md covers v1.30–1.36). */
export const SUPPORTED_KUBERNETES_VERSIONS = [
  '1.30',
  '1.31',
  '1.32',
  '1.33',
  '1.34',
  '1.35',
  '1.36',
] as const;
/** nodeReboot's bootTime default: kubesim's assumption for a cloud VM's reboot, not a Kubernetes value. */
export const DEFAULT_BOOT_TIME: Micros = 60 * MICROS_PER_SECOND;

/** `kubesim run --duration`: checked against the warm-up and the faults as spec.duration would be. */
export interface DurationOverride {
  duration?: Micros;
}

/** What the rest of the input says, for checking the Scenario's references. */
export interface ScenarioReferences {
  nodeNames: ReadonlySet<string>;
  /** Zones on Node objects (topology.kubernetes.io/zone). */
  nodeZones: ReadonlySet<string>;
  workloadNames: ReadonlySet<string>;
  /** Labels of the Node objects, to count the nodes a fault's target matches. */
  nodeLabels: readonly Readonly<Record<string, string>>[];
  readSamples(file: string): { text: string; path: string } | { problem: string };
  /** The Services of the input by name, for the traffic fields. */
  services: TrafficReferences['services'];
  /** From the KubeProxyConfiguration document, or kube-proxy's default. */
  proxy: TrafficReferences['proxy'];
  /** The Deployments and StatefulSets, for spec.operations (none when unset). */
  workloads?: readonly Workload[];
  /** Reads a manifest file relative to the Scenario (spec.operations[].apply). */
  loadManifest?: (file: string) => LoadedManifest;
  /** Whether the input has the priority expander's ConfigMap. @default false */
  priorityExpanderConfigMap?: boolean;
  /** The Jobs' names and the PriorityClasses, for spec.jobs and spec.batch (none when unset). */
  batch?: Pick<BatchReferences, 'jobNames' | 'priorityClasses'>;
  /** PrometheusRule objects among the manifests (docs/alerting.md). @default none */
  prometheusRules?: readonly ManifestRules[];
}

/**
 * Validates and converts a `kind: Scenario` document (its value as parsed, at `site`). Reports every
 * problem; returns undefined when there was an error.
 */
export function convertScenario(
  value: Record<string, unknown>,
  site: Site,
  refs: ScenarioReferences,
  reporter: Reporter,
  override: DurationOverride = {},
): Scenario | undefined {
  const before = reporter.errorCount;
  const { apiVersion: _a, kind: _k, ...rest } = value;
  // The top level is validated with pools, services and faults left opaque; each of those is then
  // validated on its own, so that every problem of the document is reported in one run.
  const parsed = scenarioSchema.safeParse(rest, PARSE_OPTIONS);
  if (!parsed.success) reportIssues(parsed.error.issues, site, rest, reporter);
  const raw = (isRecord(value.spec) ? value.spec : {}) as Record<string, unknown>;
  const spec = parsed.success ? parsed.data.spec : undefined;
  warnNotSimulated(raw, site, reporter);

  const kubernetesVersion = convertVersion(raw.kubernetesVersion, site, reporter);
  const warmup = spec?.warmup ?? 0;
  const runDuration = override.duration ?? spec?.duration;
  if (spec && runDuration !== undefined && warmup >= runDuration) {
    reporter.error(
      site,
      ['spec', 'warmup'],
      override.duration === undefined ? m.warmupTooLong : m.warmupTooLongForOverride(override.duration),
    );
  }

  const rawCluster = isRecord(raw.cluster) ? raw.cluster : {};
  const zones = Array.isArray(rawCluster.zones) ? rawCluster.zones.filter((z) => typeof z === 'string') : [];
  const nodePools = convertPools(rawCluster.nodePools, zones, site, refs, reporter);
  const clusterAutoscaler = convertClusterAutoscaler(
    rawCluster.autoscaler,
    site,
    { priorityExpanderConfigMap: refs.priorityExpanderConfigMap ?? false },
    reporter,
  );
  const services = convertServices(raw.services, site, refs, reporter);
  const controlPlane = convertControlPlane(rawCluster.controlPlane, zones, site, reporter);
  const faults = convertFaults(
    raw.faults,
    runDuration,
    override.duration !== undefined,
    site,
    refs,
    poolRefs(rawCluster.nodePools, zones),
    zones,
    reporter,
    { members: controlPlane?.members ?? 1, hasTraffic: raw.workload !== undefined },
  );

  const pools = poolRefs(rawCluster.nodePools, zones);
  const operations = convertOperations(
    raw.operations,
    site,
    {
      nodeExists: (n) => refs.nodeNames.has(n) || isPoolNodeName(n, pools),
      poolNames: pools.map((p) => p.name),
      workloads: refs.workloads ?? [],
      kubernetesVersion,
      loadManifest: refs.loadManifest ?? (() => ({ problem: 'no manifests loader' })),
      duration: runDuration,
    },
    reporter,
  );

  const traffic =
    raw.workload === undefined
      ? undefined
      : convertTraffic(
          raw,
          site,
          {
            services: refs.services,
            proxy: refs.proxy,
            warmup,
            readSamples: refs.readSamples,
          },
          reporter,
        );

  const workloadMetrics = convertWorkloadMetrics(raw.metrics, site, reporter);
  const batch = convertBatch(
    raw,
    site,
    {
      jobNames: refs.batch?.jobNames ?? new Set(),
      priorityClasses: refs.batch?.priorityClasses ?? new Map(),
      readSamples: refs.readSamples,
      distribution: (v, path) => distribution(v, path, site, refs, reporter),
      defaultStartupTime: DEFAULT_STARTUP_TIME,
    },
    reporter,
  );
  const monitoring = convertMonitoringSpec(
    raw.monitoring,
    site,
    refs.readSamples,
    reporter,
    refs.prometheusRules,
  );

  if (reporter.errorCount > before || !spec) return undefined;
  return {
    name: (parsed.success && parsed.data.metadata?.name) || 'scenario',
    file: site.src.file,
    seed: spec.seed ?? DEFAULT_SEED,
    duration: spec.duration,
    warmup,
    kubernetesVersion,
    zones,
    nodePools,
    services,
    faults,
    ...(controlPlane === undefined ? {} : { controlPlane }),
    ...(operations.length === 0 ? {} : { operations }),
    ...(traffic === undefined ? {} : { traffic }),
    ...(clusterAutoscaler === undefined ? {} : { clusterAutoscaler }),
    ...(workloadMetrics === undefined ? {} : { workloadMetrics }),
    ...(batch === undefined ? {} : { batch }),
    ...(monitoring === undefined ? {} : { monitoring }),
  };
}

/** One warning per not-yet-simulated field (per field name, at its first occurrence). */
function warnNotSimulated(raw: Record<string, unknown>, site: Site, reporter: Reporter): void {
  for (const f of SPEC_FIELDS_NOT_SIMULATED) {
    if (raw[f] !== undefined) reporter.warning(site, ['spec', f], m.notSimulatedField(`spec.${f}`), true);
  }
}

function convertVersion(v: unknown, site: Site, reporter: Reporter): string {
  if (v === undefined) return DEFAULT_KUBERNETES_VERSION;
  const match = typeof v === 'string' ? /^v?1\.(\d+)(\.\d+)?$/.exec(v) : null;
  const version = match ? `1.${match[1]}` : undefined;
  if (version === undefined || !(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(version)) {
    reporter.error(
      site,
      ['spec', 'kubernetesVersion'],
      m.kubernetesVersion(v, SUPPORTED_KUBERNETES_VERSIONS),
    );
    return DEFAULT_KUBERNETES_VERSION;
  }
  return version;
}

function distribution(
  v: unknown,
  path: Path,
  site: Site,
  refs: ScenarioReferences,
  reporter: Reporter,
): Distribution | undefined {
  return convertDurationDistribution(
    {
      error: (p, msg) => reporter.error(site, p, msg),
      readSamples: (f) => refs.readSamples(f),
      warnAt: (path, line, msg) => reporter.fileWarning(path, msg, line, 1),
    },
    v,
    path,
  );
}

function convertPools(
  rawPools: unknown,
  zones: readonly string[],
  site: Site,
  refs: ScenarioReferences,
  reporter: Reporter,
): NodePool[] {
  const seen = new Set<string>();
  const pools: NodePool[] = [];
  (Array.isArray(rawPools) ? rawPools : []).forEach((rawPool, i) => {
    const at = ['spec', 'cluster', 'nodePools', i];
    const r = nodePoolSchema.safeParse(rawPool, PARSE_OPTIONS);
    if (!r.success) reportIssues(r.error.issues, site, rawPool, reporter, at);
    const rawRecord = isRecord(rawPool) ? rawPool : {};
    warnQuantity('cpu', rawRecord.cpu, [...at, 'cpu'], site, reporter);
    warnQuantity('memory', rawRecord.memory, [...at, 'memory'], site, reporter);
    warnResourceList(rawRecord.resources, [...at, 'resources'], site, reporter);
    // Checked even when the rest of the pool is invalid, to report everything at once.
    const provisioningTime =
      rawRecord.provisioningTime === undefined
        ? undefined
        : distribution(rawRecord.provisioningTime, [...at, 'provisioningTime'], site, refs, reporter);
    // Cross-field checks read the raw values, so they run even when another field of the pool is bad.
    const { name, count, min, max } = rawRecord;
    if (typeof name === 'string') {
      if (seen.has(name)) reporter.error(site, [...at, 'name'], m.duplicatePool(name));
      seen.add(name);
    }
    if (Array.isArray(rawRecord.zones) && zones.length > 0) {
      rawRecord.zones.forEach((z: unknown, j) => {
        if (typeof z === 'string' && !zones.includes(z)) {
          reporter.error(site, [...at, 'zones', j], m.poolZoneUnknown(z, zones));
        }
      });
    }
    const maxBelowMin = typeof min === 'number' && typeof max === 'number' && max < min;
    if (maxBelowMin) reporter.error(site, [...at, 'max'], m.maxBelowMin(min, max));
    if (typeof count === 'number' && !maxBelowMin) {
      const lo = typeof min === 'number' ? min : undefined;
      const hi = typeof max === 'number' ? max : undefined;
      if ((lo !== undefined && lo > count) || (hi !== undefined && hi < count)) {
        reporter.error(site, [...at, 'count'], m.minMaxCount(lo, count, hi));
      }
    }
    if (!r.success) return;
    const p = r.data;
    const pool: NodePool = {
      name: p.name,
      instanceType: p.instanceType ?? '',
      // Allocatable: cpu and memory as given, kubelet's default maxPods unless `pods` is set, then any
      // extended resources (nvidia.com/gpu, ephemeral-storage) from `resources`.
      allocatable: { ...(p.resources ?? {}), cpu: p.cpu, memory: p.memory, pods: p.pods ?? DEFAULT_MAX_PODS },
      pricePerHour: p.pricePerHour ?? 0,
      count: p.count,
      // A pool without zones spreads over the cluster's zones.
      zones: p.zones ?? [...zones],
      labels: p.labels ?? {},
      taints: p.taints ?? [],
    };
    if (p.min !== undefined) pool.min = p.min;
    if (p.max !== undefined) pool.max = p.max;
    if (provisioningTime) pool.provisioningTime = provisioningTime;
    if (p.annotations) pool.annotations = p.annotations;
    pools.push(pool);
  });
  return pools;
}

function convertServices(
  rawServices: unknown,
  site: Site,
  refs: ScenarioReferences,
  reporter: Reporter,
): Record<string, WorkloadBehaviour> {
  const out: Record<string, WorkloadBehaviour> = {};
  if (!isRecord(rawServices)) return out;
  for (const [name, rawService] of Object.entries(rawServices)) {
    const at = ['spec', 'services', name];
    const r = trafficServiceSchema.safeParse(rawService, PARSE_OPTIONS);
    if (!r.success) reportIssues(r.error.issues, site, rawService, reporter, at);
    if (!refs.workloadNames.has(name) && !refs.services.has(name))
      reporter.warning(site, at, m.serviceNoWorkload(name), true);
    const rawStartup = isRecord(rawService) ? rawService.startupTime : undefined;
    const startupTime =
      rawStartup === undefined
        ? DEFAULT_STARTUP_TIME
        : distribution(rawStartup, [...at, 'startupTime'], site, refs, reporter);
    if (startupTime && r.success) out[name] = { startupTime };
  }
  return out;
}

/** The schema of each simulated fault kind. */
const FAULT_SCHEMAS = {
  nodeCrash,
  nodeReboot,
  kubeletStop,
  podCrash,
  crashLoop,
  probeFailure,
  zoneOutage,
  networkPartition,
  slowNode,
  controlPlaneMemberLoss,
  nodeFailures,
  zoneFailures,
  clusterLost,
  regionLost,
  etcdDataLost,
  namespaceDeleted,
  volumeCorrupted,
};
type SimulatedKind = keyof typeof FAULT_SCHEMAS;
const isSimulatedKind = (kind: unknown): kind is SimulatedKind =>
  typeof kind === 'string' && Object.hasOwn(FAULT_SCHEMAS, kind);

/** What checking one fault needs besides the fault itself. */
interface FaultSite {
  site: Site;
  refs: ScenarioReferences;
  pools: readonly PoolRef[];
  zones: readonly string[];
  reporter: Reporter;
  /** Control-plane members (a member loss cannot lose more). */
  members: number;
  hasTraffic: boolean;
}

function convertFaults(
  rawFaults: unknown,
  duration: number | undefined,
  durationOverridden: boolean,
  site: Site,
  refs: ScenarioReferences,
  pools: readonly PoolRef[],
  zones: readonly string[],
  reporter: Reporter,
  plane: { members: number; hasTraffic: boolean },
): Fault[] {
  const faults: Fault[] = [];
  const indexed: { fault: Fault; index: number }[] = [];
  const known = Object.keys(FAULT_SCHEMAS);
  const where: FaultSite = { site, refs, pools, zones, reporter, ...plane };
  (Array.isArray(rawFaults) ? rawFaults : []).forEach((f: unknown, i) => {
    const at = ['spec', 'faults', i];
    const kind = isRecord(f) ? f.kind : undefined;
    if (!isSimulatedKind(kind)) {
      reporter.error(site, isRecord(f) ? [...at, 'kind'] : at, m.faultKindUnknown(kind, known));
      return;
    }
    const before = reporter.errorCount;
    const fault = convertFault(kind, f, at, where);
    if (!fault || reporter.errorCount > before) return;
    if (duration !== undefined && fault.at >= duration) {
      reporter.warning(
        site,
        [...at, 'at'],
        durationOverridden ? m.faultAfterOverride(duration) : m.faultAfterEnd,
      );
    }
    faults.push(fault);
    indexed.push({ fault, index: i });
  });
  checkFaultOverlaps(indexed, pools, site, reporter);
  return faults;
}

/** One fault of a simulated kind, validated, its target checked against the input; undefined if invalid. */
function convertFault(kind: SimulatedKind, f: unknown, at: Path, w: FaultSite): Fault | undefined {
  const parsed = FAULT_SCHEMAS[kind].safeParse(f, PARSE_OPTIONS);
  if (!parsed.success) {
    reportIssues(parsed.error.issues, w.site, f, w.reporter, at);
    return undefined;
  }
  const d = parsed.data;
  const t = [...at, 'target'];
  switch (d.kind) {
    case 'nodeCrash':
    case 'kubeletStop': {
      const fault: NodeCrashFault | KubeletStopFault = {
        kind: d.kind,
        at: d.at,
        target: nodeTarget(d.target, t, w),
      };
      if (d.for !== undefined) fault.for = d.for;
      return fault;
    }
    case 'nodeReboot':
      return {
        kind: d.kind,
        at: d.at,
        target: nodeTarget(d.target, t, w),
        bootTime: d.bootTime ?? DEFAULT_BOOT_TIME,
      };
    case 'podCrash': {
      checkWorkload(d.target.workload, t, w);
      if (d.for !== undefined && d.interval === undefined)
        w.reporter.error(w.site, [...at, 'for'], m.faultForNeedsInterval);
      const fault: PodCrashFault = {
        kind: d.kind,
        at: d.at,
        target: { workload: d.target.workload, count: d.target.count ?? 1 },
      };
      if (d.interval !== undefined) fault.interval = d.interval;
      if (d.for !== undefined) fault.for = d.for;
      return fault;
    }
    case 'crashLoop':
      checkWorkload(d.target.workload, t, w);
      return {
        kind: d.kind,
        at: d.at,
        target: { workload: d.target.workload },
        exits: d.exits,
        after: d.after ?? 0,
      };
    case 'probeFailure': {
      checkWorkload(d.target.workload, t, w);
      const fault: ProbeFailureFault = {
        kind: d.kind,
        at: d.at,
        target: { workload: d.target.workload },
        probe: d.probe,
      };
      if (d.target.image !== undefined) fault.target.image = d.target.image;
      if (d.for !== undefined) fault.for = d.for;
      return fault;
    }
    case 'zoneOutage': {
      const zone = d.target?.zone ?? d.zone;
      if (zone === undefined || (d.target !== undefined && d.zone !== undefined)) {
        w.reporter.error(w.site, d.target === undefined ? at : t, m.zoneOutageZone);
        return undefined;
      }
      checkZone(zone, d.target === undefined ? [...at, 'zone'] : [...t, 'zone'], w);
      return withFor({ kind: d.kind, at: d.at, target: { zone } }, d.for);
    }
    case 'networkPartition':
      return withFor({ kind: d.kind, at: d.at, target: nodeSelection(d.target, t, w) }, d.for);
    case 'slowNode':
      if (!w.hasTraffic) w.reporter.warning(w.site, [...at, 'kind'], m.faultNeedsTraffic(d.kind));
      return withFor(
        { kind: d.kind, at: d.at, target: nodeSelection(d.target, t, w), factor: d.factor },
        d.for,
      );
    case 'controlPlaneMemberLoss':
      if (d.count > w.members)
        w.reporter.error(w.site, [...at, 'count'], m.memberLossTooMany(d.count, w.members));
      return withFor({ kind: d.kind, at: d.at, count: d.count }, d.for);
    case 'nodeFailures':
    case 'zoneFailures': {
      const target: { pool?: string; zone?: string } = {};
      const raw = (d.target ?? {}) as { pool?: string; zone?: string };
      if (raw.pool !== undefined) {
        checkPool(raw.pool, [...t, 'pool'], w);
        target.pool = raw.pool;
      }
      if (raw.zone !== undefined) {
        checkZone(raw.zone, [...t, 'zone'], w);
        target.zone = raw.zone;
      }
      const mtbf = failureTime(d.mtbf, [...at, 'mtbf'], w);
      const mttr = failureTime(d.mttr, [...at, 'mttr'], w);
      if (!mtbf || !mttr) return undefined;
      return withFor({ kind: d.kind, at: d.at ?? 0, target, mtbf, mttr }, d.for);
    }
    case 'clusterLost':
    case 'regionLost':
    case 'etcdDataLost':
    case 'namespaceDeleted':
    case 'volumeCorrupted':
      return convertDisaster(d, at, w.site, w.reporter);
  }
}

/** The fault with `for` set when given (an unset `for` stays absent, as in the model). */
function withFor<F extends Fault & { for?: number }>(fault: F, length: number | undefined): F {
  if (length !== undefined) fault.for = length;
  return fault;
}

/**
 * A time to failure or to repair: a duration is the mean of an exponential (a memoryless failure
 * process), or any distribution of the Scenario; either must have a positive mean.
 */
function failureTime(v: unknown, path: Path, w: FaultSite): Distribution | undefined {
  if (typeof v === 'string' || typeof v === 'number') {
    const us = readDurationValue(v);
    if (typeof us === 'number' && us > 0) return exponential(us);
    w.reporter.error(w.site, path, m.expectedGot(m.expectPositiveDuration, v));
    return undefined;
  }
  const d = distribution(v, path, w.site, w.refs, w.reporter);
  if (d && !(d.mean > 0)) {
    w.reporter.error(w.site, path, m.failureTimePositive(String(path.at(-1)), d.mean));
    return undefined;
  }
  return d;
}

function checkPool(pool: string, path: Path, w: FaultSite): void {
  if (!w.pools.some((p) => p.name === pool)) w.reporter.error(w.site, path, m.faultPoolUnknown(pool));
}

function checkZone(zone: string, path: Path, w: FaultSite): void {
  if (!w.zones.includes(zone) && !w.refs.nodeZones.has(zone))
    w.reporter.error(w.site, path, m.faultZoneUnknown(zone));
}

function checkNode(node: string, path: Path, w: FaultSite): void {
  if (!w.refs.nodeNames.has(node) && !isPoolNodeName(node, w.pools))
    w.reporter.error(w.site, path, m.faultNodeUnknown(node));
}

/** A node target as the schema gives it, before its references are checked. */
interface RawNodeTarget {
  pool?: string | undefined;
  zone?: string | undefined;
  node?: string | undefined;
  count?: number | undefined;
}

/** A partition's or slowdown's nodes, checked: the pool, zone and node must exist. */
function nodeSelection(target: RawNodeTarget, t: Path, w: FaultSite): NodeSelection {
  const out: NodeSelection = {};
  if (target.pool !== undefined) {
    checkPool(target.pool, [...t, 'pool'], w);
    out.pool = target.pool;
  }
  if (target.zone !== undefined) {
    checkZone(target.zone, [...t, 'zone'], w);
    out.zone = target.zone;
  }
  if (target.node !== undefined) {
    checkNode(target.node, [...t, 'node'], w);
    out.node = target.node;
  }
  if (target.count !== undefined) out.count = target.count;
  return out;
}

function checkWorkload(workload: string, t: Path, w: FaultSite): void {
  if (!w.refs.workloadNames.has(workload))
    w.reporter.error(w.site, [...t, 'workload'], m.faultWorkloadUnknown(workload));
}

/** A node fault's target, checked: pool, zone and node must exist; too few nodes is a warning. */
function nodeTarget(target: RawNodeTarget, t: Path, w: FaultSite): NodeTarget {
  const { site, refs, pools, reporter } = w;
  if (target.pool !== undefined) checkPool(target.pool, [...t, 'pool'], w);
  if (target.zone !== undefined) checkZone(target.zone, [...t, 'zone'], w);
  if (target.node !== undefined) checkNode(target.node, [...t, 'node'], w);
  const count = target.count ?? 1;
  if (target.node === undefined && (target.pool === undefined || pools.some((p) => p.name === target.pool))) {
    const found = nodesAtStart(target, pools, refs.nodeLabels);
    if (found < count) {
      const where = [target.pool && `pool ${target.pool}`, target.zone && `zone ${target.zone}`]
        .filter(Boolean)
        .join(' in ');
      reporter.warning(site, [...t, 'count'], m.faultFewerNodes(count, found, where || 'the cluster'));
    }
  }
  const out: NodeTarget = { count };
  if (target.pool !== undefined) out.pool = target.pool;
  if (target.zone !== undefined) out.zone = target.zone;
  if (target.node !== undefined) out.node = target.node;
  return out;
}

/** A pool's name and how many nodes it may have, read from the raw document (even if the pool is invalid). */
interface PoolRef {
  name: string;
  /** Node indexes below this exist at some point: max(count, max). */
  limit: number;
  /** Nodes at start. */
  count: number;
  /** The pool's zones (else the cluster's), which its nodes take round-robin (sim/node-pools.ts). */
  zones: readonly string[];
}

function poolRefs(rawPools: unknown, clusterZones: readonly string[]): PoolRef[] {
  if (!Array.isArray(rawPools)) return [];
  return rawPools.flatMap((p: unknown) => {
    if (!isRecord(p) || typeof p.name !== 'string') return [];
    const count = typeof p.count === 'number' ? p.count : 0;
    const max = typeof p.max === 'number' ? p.max : 0;
    const zones = Array.isArray(p.zones) ? p.zones.filter((z) => typeof z === 'string') : clusterZones;
    return [{ name: p.name, limit: Math.max(count, max), count, zones }];
  });
}

/** How many nodes exist at start in the target's pool and zone (either may be unset). */
function nodesAtStart(
  target: { pool?: string | undefined; zone?: string | undefined },
  pools: readonly PoolRef[],
  nodeLabels: readonly Readonly<Record<string, string>>[],
): number {
  let n = 0;
  for (const p of pools) {
    if (target.pool !== undefined && p.name !== target.pool) continue;
    for (let i = 0; i < p.count; i++) {
      if (target.zone === undefined || p.zones[i % p.zones.length] === target.zone) n++;
    }
  }
  for (const labels of nodeLabels) {
    if (target.pool !== undefined && labels[LABEL_NODE_POOL] !== target.pool) continue;
    if (target.zone !== undefined && labels[LABEL_ZONE] !== target.zone) continue;
    n++;
  }
  return n;
}

/** Nodes made from a pool are named "<pool>-<n>" (sim/node-pools.ts), n < max(count, max). */
function isPoolNodeName(name: string, pools: readonly PoolRef[]): boolean {
  return pools.some((p) => {
    if (!name.startsWith(`${p.name}-`)) return false;
    const index = name.slice(p.name.length + 1);
    return /^\d+$/.test(index) && Number(index) < p.limit;
  });
}
