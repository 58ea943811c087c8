import { constant, type Distribution } from '../../engine/distributions.js';
import { MICROS_PER_SECOND } from '../../engine/time.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../model/cluster-input.js';
import type { Fault, NodePool, Scenario } from '../../model/scenario.js';
import type { WorkloadBehaviour } from '../../model/workloads.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import {
  nodeCrash,
  type RawScenarioSpec,
  SERVICE_FIELDS_NOT_SIMULATED,
  SPEC_FIELDS_NOT_SIMULATED,
  scenario as scenarioSchema,
} from '../schemas/scenario.js';
import type { Path } from '../source.js';
import { convertDurationDistribution } from './distribution.js';
import { DEFAULT_MAX_PODS } from './node.js';

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
/** Fault kinds documented in the Scenario but not simulated yet: accepted with a warning. */
export const FAULTS_NOT_SIMULATED = [
  'zoneOutage',
  'nodeFailures',
  'podCrash',
  'networkPartition',
  'slowNode',
  'controlPlaneMemberLoss',
] as const;

/** What the rest of the input says, for checking the Scenario's references. */
export interface ScenarioReferences {
  nodeNames: ReadonlySet<string>;
  /** Zones on Node objects (topology.kubernetes.io/zone). */
  nodeZones: ReadonlySet<string>;
  workloadNames: ReadonlySet<string>;
  readSamples(file: string): string | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
): Scenario | undefined {
  const before = reporter.errorCount;
  const { apiVersion: _a, kind: _k, ...rest } = value;
  const parsed = scenarioSchema.safeParse(rest, PARSE_OPTIONS);
  if (!parsed.success) {
    reportIssues(parsed.error.issues, site, rest, reporter);
    return undefined;
  }
  const spec = parsed.data.spec;
  const raw = value.spec as Record<string, unknown>;
  warnNotSimulated(raw, site, reporter);

  const kubernetesVersion = convertVersion(raw.kubernetesVersion, site, reporter);
  const warmup = spec.warmup ?? 0;
  if (warmup >= spec.duration) reporter.error(site, ['spec', 'warmup'], m.warmupTooLong);

  const zones = spec.cluster?.zones ?? [];
  const nodePools = convertPools(spec, raw, site, refs, reporter);
  const services = convertServices(spec, raw, site, refs, reporter);
  const faults = convertFaults(spec, site, refs, nodePools, zones, reporter);

  if (reporter.errorCount > before) return undefined;
  return {
    name: parsed.data.metadata?.name ?? 'scenario',
    file: site.src.file,
    seed: spec.seed ?? DEFAULT_SEED,
    duration: spec.duration,
    warmup,
    kubernetesVersion,
    zones,
    nodePools,
    services,
    faults,
  };
}

/** One warning per not-yet-simulated field (per field name, at its first occurrence). */
function warnNotSimulated(raw: Record<string, unknown>, site: Site, reporter: Reporter): void {
  for (const f of SPEC_FIELDS_NOT_SIMULATED) {
    if (raw[f] !== undefined) reporter.warning(site, ['spec', f], m.notSimulatedField(`spec.${f}`), true);
  }
  const cluster = raw.cluster;
  if (isRecord(cluster) && cluster.controlPlane !== undefined) {
    reporter.warning(
      site,
      ['spec', 'cluster', 'controlPlane'],
      m.notSimulatedField('spec.cluster.controlPlane'),
      true,
    );
  }
  const services = raw.services;
  if (!isRecord(services)) return;
  for (const f of SERVICE_FIELDS_NOT_SIMULATED) {
    const first = Object.keys(services).find(
      (name) => isRecord(services[name]) && services[name][f] !== undefined,
    );
    if (first !== undefined) {
      reporter.warning(site, ['spec', 'services', first, f], m.notSimulatedField(`services.*.${f}`), true);
    }
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
    { error: (p, msg) => reporter.error(site, p, msg), readSamples: (f) => refs.readSamples(f) },
    v,
    path,
  );
}

function convertPools(
  spec: RawScenarioSpec,
  raw: Record<string, unknown>,
  site: Site,
  refs: ScenarioReferences,
  reporter: Reporter,
): NodePool[] {
  const zones = spec.cluster?.zones ?? [];
  const rawPools = (raw.cluster as Record<string, unknown> | undefined)?.nodePools as unknown[] | undefined;
  const seen = new Set<string>();
  return (spec.cluster?.nodePools ?? []).map((p, i) => {
    const at = ['spec', 'cluster', 'nodePools', i];
    if (seen.has(p.name)) reporter.error(site, [...at, 'name'], m.duplicatePool(p.name));
    seen.add(p.name);
    const poolZones = p.zones ?? zones;
    if (p.zones && zones.length > 0) {
      p.zones.forEach((z, j) => {
        if (!zones.includes(z)) reporter.error(site, [...at, 'zones', j], m.poolZoneUnknown(z, zones));
      });
    }
    if ((p.min !== undefined && p.min > p.count) || (p.max !== undefined && p.max < p.count)) {
      reporter.error(site, [...at, 'count'], m.minMaxCount(p.min, p.count, p.max));
    }
    const rawPool = rawPools?.[i] as Record<string, unknown> | undefined;
    const pool: NodePool = {
      name: p.name,
      instanceType: p.instanceType ?? '',
      // Allocatable: cpu and memory as given, kubelet's default maxPods unless `pods` is set, then any
      // extended resources (nvidia.com/gpu, ephemeral-storage) from `resources`.
      allocatable: { ...(p.resources ?? {}), cpu: p.cpu, memory: p.memory, pods: p.pods ?? DEFAULT_MAX_PODS },
      pricePerHour: p.pricePerHour ?? 0,
      count: p.count,
      zones: poolZones,
      labels: p.labels ?? {},
      taints: p.taints ?? [],
    };
    if (p.min !== undefined) pool.min = p.min;
    if (p.max !== undefined) pool.max = p.max;
    if (rawPool?.provisioningTime !== undefined) {
      const d = distribution(rawPool.provisioningTime, [...at, 'provisioningTime'], site, refs, reporter);
      if (d) pool.provisioningTime = d;
    }
    return pool;
  });
}

function convertServices(
  spec: RawScenarioSpec,
  raw: Record<string, unknown>,
  site: Site,
  refs: ScenarioReferences,
  reporter: Reporter,
): Record<string, WorkloadBehaviour> {
  const out: Record<string, WorkloadBehaviour> = {};
  const rawServices = (raw.services ?? {}) as Record<string, Record<string, unknown>>;
  for (const name of Object.keys(spec.services ?? {})) {
    const at = ['spec', 'services', name];
    if (!refs.workloadNames.has(name)) reporter.warning(site, at, m.serviceNoWorkload(name), true);
    const rawStartup = rawServices[name]?.startupTime;
    const startupTime =
      rawStartup === undefined
        ? DEFAULT_STARTUP_TIME
        : distribution(rawStartup, [...at, 'startupTime'], site, refs, reporter);
    if (startupTime) out[name] = { startupTime };
  }
  return out;
}

function convertFaults(
  spec: RawScenarioSpec,
  site: Site,
  refs: ScenarioReferences,
  pools: readonly NodePool[],
  zones: readonly string[],
  reporter: Reporter,
): Fault[] {
  const faults: Fault[] = [];
  const known = ['nodeCrash', ...FAULTS_NOT_SIMULATED];
  (spec.faults ?? []).forEach((f, i) => {
    const at = ['spec', 'faults', i];
    const kind = isRecord(f) ? f.kind : undefined;
    if (typeof kind === 'string' && (FAULTS_NOT_SIMULATED as readonly string[]).includes(kind)) {
      reporter.warning(site, [...at, 'kind'], m.faultNotSimulated(kind));
      return;
    }
    if (kind !== 'nodeCrash') {
      reporter.error(site, isRecord(f) ? [...at, 'kind'] : at, m.faultKindUnknown(kind, known));
      return;
    }
    const parsed = nodeCrash.safeParse(f, PARSE_OPTIONS);
    if (!parsed.success) {
      reportIssues(parsed.error.issues, site, f, reporter, at);
      return;
    }
    const { target } = parsed.data;
    const t = [...at, 'target'];
    if (target.pool !== undefined && !pools.some((p) => p.name === target.pool)) {
      reporter.error(site, [...t, 'pool'], m.faultPoolUnknown(target.pool));
    }
    if (target.zone !== undefined && !zones.includes(target.zone) && !refs.nodeZones.has(target.zone)) {
      reporter.error(site, [...t, 'zone'], m.faultZoneUnknown(target.zone));
    }
    if (
      target.node !== undefined &&
      !refs.nodeNames.has(target.node) &&
      !isPoolNodeName(target.node, pools)
    ) {
      reporter.error(site, [...t, 'node'], m.faultNodeUnknown(target.node));
    }
    if (parsed.data.at >= spec.duration) reporter.warning(site, [...at, 'at'], m.faultAfterEnd);
    const fault: Fault = { kind: 'nodeCrash', at: parsed.data.at, target: { count: target.count ?? 1 } };
    if (target.pool !== undefined) fault.target.pool = target.pool;
    if (target.zone !== undefined) fault.target.zone = target.zone;
    if (target.node !== undefined) fault.target.node = target.node;
    if (parsed.data.for !== undefined) fault.for = parsed.data.for;
    faults.push(fault);
  });
  return faults;
}

/** Nodes made from a pool are named "<pool>-<n>", n < count (or < max when the autoscaler may add). */
function isPoolNodeName(name: string, pools: readonly NodePool[]): boolean {
  return pools.some((p) => {
    const match = new RegExp(`^${p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(name);
    return match !== null && Number(match[1]) < Math.max(p.count, p.max ?? 0);
  });
}
