import type { ZodType } from 'zod';
import type { Micros } from '../engine/time.js';
import type { BackupSchedule, DataVolume, DisasterRecovery } from '../model/backup.js';
import type { PriorityExpanderConfig } from '../model/cluster-autoscaler.js';
import type { ClusterInput } from '../model/cluster-input.js';
import type { ClusterConfiguration, KubeletConfiguration } from '../model/control-plane-config.js';
import type { HorizontalPodAutoscaler } from '../model/hpa.js';
import type { Job } from '../model/job.js';
import { matchesMapSelector } from '../model/labels.js';
import { LABEL_ZONE, type Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import type { KubeSchedulerConfiguration } from '../model/scheduler-config.js';
import type { ProxyConfig } from '../model/traffic.js';
import type {
  Deployment,
  PodDisruptionBudget,
  PriorityClass,
  Service,
  StatefulSet,
} from '../model/workloads.js';
import type { ManifestRules } from '../monitoring/rules.js';
import { admitPriority, type PendingPriority, SYSTEM_PRIORITY_CLASSES } from './convert/admission.js';
import {
  convertClaim,
  convertDisasterRecovery,
  convertSchedule,
  statefulSetClaims,
} from './convert/backup.js';
import { checkHpaMetricSeries, convertHorizontalPodAutoscaler, hpaV1ToV2 } from './convert/hpa.js';
import { convertJob } from './convert/job.js';
import { convertClusterConfiguration, warnGraceWithinLease } from './convert/kubeadm.js';
import { applyMaxPods, convertKubeletConfiguration } from './convert/kubelet-config.js';
import { convertNode } from './convert/node.js';
import type { LoadedManifest } from './convert/operations.js';
import { convertPodSpec } from './convert/pod-spec.js';
import { convertPriorityExpander, isPriorityExpanderConfigMap } from './convert/priority-expander.js';
import { convertScenario, SUPPORTED_KUBERNETES_VERSIONS } from './convert/scenario.js';
import { convertSchedulerConfiguration } from './convert/scheduler-config.js';
import { convertKubeProxyConfiguration, DEFAULT_PROXY, serviceFacts } from './convert/traffic.js';
import {
  convertDeployment,
  convertPodDisruptionBudget,
  convertPriorityClass,
  convertService,
  convertStatefulSet,
} from './convert/workloads.js';
import { type Diagnostic, sortDiagnostics } from './diagnostics.js';
import {
  listManifestFiles,
  manifestFileKey,
  pathBeside,
  readSmallFile,
  relativeToFolderOf,
} from './files.js';
import { isRecord } from './is-record.js';
import { PARSE_OPTIONS, reportIssues } from './issues.js';
import { CALCULATOR_INPUT_KINDS, KNOWN_NOT_SIMULATED_KINDS, SIMULATED_KINDS } from './kinds.js';
import { checkLikelyMistakes, editDistance } from './likely-mistakes.js';
import { DEFAULT_LIMITS, estimateEvents, peakRate, type SizeLimits } from './limits.js';
import * as m from './messages.js';
import { applyOverride, type Override, overrideTargets, overrideTargetText } from './overrides.js';
import { Reporter, type Site } from './report.js';
import { deployment, list, podDisruptionBudget, statefulSet } from './schemas/apps.js';
import {
  type HorizontalPodAutoscalerV2Doc,
  horizontalPodAutoscalerV1,
  horizontalPodAutoscalerV2,
} from './schemas/autoscaling.js';
import { persistentVolumeClaim, veleroSchedule, volumeSnapshotClass } from './schemas/backup.js';
import { job as jobSchema } from './schemas/batch.js';
import { node as nodeSchema, pod as podSchema, priorityClass, service } from './schemas/core.js';
import { locate, type Path, parseYaml, type SourceDoc } from './source.js';
import { warnPodSpecQuantities, warnResourceList } from './suspicious-quantities.js';
import { warnUnknownFields } from './unknown-fields.js';

/** Options of loadFiles and loadText. */
export interface LoadOptions {
  /** Report an error when no `kind: Scenario` document was found (kubesim run). @default false */
  requireScenario?: boolean;
  /** Size limits (limits.ts); a run beyond one is an error. @default DEFAULT_LIMITS */
  limits?: Partial<SizeLimits>;
  /** A duration given on the command line, checked against the warm-up, faults and limits. */
  duration?: Micros;
  /** Values set in named documents before they are read (`kubesim compare --vary`). */
  overrides?: readonly Override[];
}

/** The outcome of loading: the typed input (whatever could be read), every diagnostic, and ok. */
export interface LoadResult {
  input: ClusterInput;
  diagnostics: Diagnostic[];
  /** True when there is no error (warnings allowed); only then may the input be simulated. */
  ok: boolean;
}

/** The `Kind "name"` of an object's controller (metadata.ownerReferences[controller=true]), if any. */
function controllerOf(v: Record<string, unknown>): string | undefined {
  const refs = isRecord(v.metadata) ? v.metadata.ownerReferences : undefined;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r: unknown) => isRecord(r) && r.controller === true) as
    | Record<string, unknown>
    | undefined;
  return ref ? `${String(ref.kind)} ${JSON.stringify(String(ref.name))}` : undefined;
}

/**
 * One load: reads files, dispatches documents by kind, converts them with defaulting, and at the end
 * runs the cross-object steps (Priority admission, selectors, the Scenario's references).
 */
class Loader {
  readonly reporter = new Reporter();
  private readonly overrides: readonly Override[];
  private readonly overridesApplied = new Set<Override>();

  constructor(overrides: readonly Override[] = []) {
    this.overrides = overrides;
  }

  private readonly seenFiles = new Set<string>();
  /** Files in the order they were read, for ordering diagnostics. */
  private readonly fileOrder: string[] = [];
  private readonly objects = new Map<string, Site>();
  private readonly pending: PendingPriority[] = [];
  private readonly scenarios: { value: Record<string, unknown>; site: Site }[] = [];
  private readonly prometheusRules: ManifestRules[] = [];
  private readonly serviceSites = new Map<Service, Site>();
  private readonly podSites = new Map<Pod, Site>();
  private readonly workloadSites = new Map<Deployment | StatefulSet, Site>();
  /** Names of `kind: Namespace` objects (skipped otherwise), for the namespace typo check. */
  private readonly declaredNamespaces = new Set<string>();
  private readonly schedulerConfigs: Site[] = [];
  private readonly proxyConfigs: Site[] = [];
  private proxyConfiguration: ProxyConfig = DEFAULT_PROXY;
  /** Sites of the kubeadm ClusterConfiguration and KubeletConfiguration documents, by kind. */
  private readonly controlPlaneConfigs = new Map<string, Site>();
  private clusterConfiguration?: { config: ClusterConfiguration; site: Site };
  private kubeletConfiguration?: KubeletConfiguration;
  private nextUid = 1;
  readonly nodes: Node[] = [];
  readonly pods: Pod[] = [];
  readonly deployments: Deployment[] = [];
  readonly statefulSets: StatefulSet[] = [];
  readonly jobs: Job[] = [];
  private readonly jobSites = new Map<Job, Site>();
  readonly services: Service[] = [];
  readonly pdbs: PodDisruptionBudget[] = [];
  readonly backupSchedules: BackupSchedule[] = [];
  readonly volumes: DataVolume[] = [];
  private volumeSnapshotClasses = 0;
  readonly hpas: { hpa: HorizontalPodAutoscaler; site: Site }[] = [];
  readonly priorityClasses: { cls: PriorityClass; site: Site }[] = [];
  schedulerConfiguration?: KubeSchedulerConfiguration;
  /** The cluster-autoscaler-priority-expander ConfigMap, parsed. */
  priorityExpander?: PriorityExpanderConfig;
  firstFile?: string;

  /** Loads a file or a directory (its *.yaml, *.yml, *.json in name order); `from` is an include site. */
  loadPath(path: string, from?: { site: Site; path: Path; written: string }): void {
    this.firstFile ??= path;
    const key = manifestFileKey(path);
    if (this.seenFiles.has(key)) return; // loaded already (also guards include cycles)
    this.seenFiles.add(key);
    this.fileOrder.push(path);
    const read = readSmallFile(path);
    if ('text' in read) {
      if (read.lineEndings === 'CR') this.reporter.fileWarning(path, m.oldMacLineEndings, 1, 1);
      this.loadSource(read.text, path);
      return;
    }
    if (read.error === 'directory') {
      const files = listManifestFiles(path);
      if (!Array.isArray(files)) {
        this.reporter.fileError(path, files.error);
        return;
      }
      if (files.length === 0) this.reporter.fileError(path, m.emptyDirectory(path));
      for (const f of files) this.loadPath(f);
      return;
    }
    if (read.error === 'missing') {
      if (from) this.reporter.error(from.site, from.path, m.includeMissing(from.written));
      else this.reporter.fileError(path, m.fileMissing(path));
      return;
    }
    if (from) this.reporter.error(from.site, from.path, m.includeRefused(from.written, read.reason));
    else this.reporter.fileError(path, m.fileUnreadable(path, read.reason), read.line, read.column);
  }

  /** Parses one file's text and handles each of its documents. */
  loadSource(text: string, file: string): void {
    this.firstFile ??= file;
    this.seenFiles.add(manifestFileKey(file));
    this.fileOrder.push(file);
    const parsed = parseYaml(text.replace(/^\uFEFF/, ''), file);
    this.reporter.diagnostics.push(...parsed.diagnostics);
    if (parsed.empty && parsed.diagnostics.length === 0) this.reporter.fileError(file, m.noObjects, 1, 1);
    for (const src of parsed.docs) this.handleObject(src.value, src, [], false);
  }

  private handleObject(v: unknown, src: SourceDoc, base: Path, inList: boolean): void {
    const anon: Site = { src, base, label: '' };
    if (!isRecord(v)) {
      this.reporter.error(anon, [], m.notAnObject(v));
      return;
    }
    const kind = v.kind;
    if (typeof kind !== 'string' || kind === '') {
      this.reporter.error(anon, [], m.missingKind);
      return;
    }
    const meta = isRecord(v.metadata) ? v.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : undefined;
    const namespace =
      typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
    const label =
      name === undefined
        ? `${kind} (unnamed)`
        : namespace === 'default'
          ? `${kind} ${JSON.stringify(name)}`
          : `${kind} ${JSON.stringify(`${namespace}/${name}`)}`;
    const site: Site = { src, base, label };
    for (const o of this.overrides) {
      if (!overrideTargets(o, kind, kind === 'Scenario' ? 'Scenario' : name)) continue;
      this.overridesApplied.add(o);
      const problem = applyOverride(v, o);
      if (problem) this.reporter.error(site, [], m.overrideFailed(o.path.join('.'), problem));
    }
    const apiVersion = v.apiVersion;
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      this.reporter.error(site, [], m.missingApiVersion(kind));
      return;
    }
    const calculator = CALCULATOR_INPUT_KINDS[kind];
    if (calculator !== undefined) {
      this.reporter.warning(site, ['kind'], m.calculatorInput(kind, calculator));
      return;
    }
    if (kind === 'Namespace' && name !== undefined) this.declaredNamespaces.add(name);
    if (apiVersion === 'v1' && isPriorityExpanderConfigMap(v)) {
      const config = convertPriorityExpander(v, namespace, site, this.reporter);
      if (config) this.priorityExpander = config;
      return;
    }
    const versions = SIMULATED_KINDS[kind];
    if (!versions) {
      const message = KNOWN_NOT_SIMULATED_KINDS.has(kind)
        ? m.kindNotSimulated(kind)
        : m.kindUnknown(kind, apiVersion);
      this.reporter.at(site, 'warning', ['kind'], message, true, []);
      return;
    }
    if (!versions.includes(apiVersion)) {
      this.reporter.error(site, ['apiVersion'], m.wrongApiVersion(kind, apiVersion, versions));
      return;
    }
    if (kind === 'List') {
      if (inList) {
        this.reporter.warning(site, ['kind'], m.nestedList);
        return;
      }
      const items = this.parse(list, v, site);
      items?.items.forEach((item, i) => {
        this.handleObject(item, src, [...base, 'items', i], true);
      });
      return;
    }
    if (kind === 'Scenario') {
      this.scenarios.push({ value: v, site });
      this.loadIncludes(v, site);
      return;
    }
    if (kind === 'PrometheusRule') {
      const doc = site.src.doc;
      const node = site.base.length === 0 ? doc.contents : doc.getIn(site.base, true);
      this.prometheusRules.push({
        node: node as ManifestRules['node'],
        file: site.src.file,
        lines: site.src.lineCounter,
      });
      return;
    }
    if (kind === 'KubeProxyConfiguration') {
      this.handleProxyConfiguration(v, site);
      return;
    }
    if (kind === 'KubeSchedulerConfiguration') {
      this.handleSchedulerConfiguration(v, site);
      return;
    }
    if (kind === 'ClusterConfiguration' || kind === 'KubeletConfiguration') {
      this.handleControlPlaneConfiguration(kind, v, site);
      return;
    }
    if (
      name !== undefined &&
      !this.register(kind, kind === 'Node' || kind === 'PriorityClass' ? '' : namespace, name, site)
    ) {
      return;
    }
    warnUnknownFields(kind, v, site, this.reporter);
    this.handleKubernetesObject(kind, v, namespace, site);
  }

  /** Records an object's identity; false (and an error) when the same object was already defined. */
  private register(kind: string, namespace: string, name: string, site: Site): boolean {
    const key = `${kind}/${namespace}/${name}`;
    const first = this.objects.get(key);
    if (first) {
      const pos = this.positionOf(first);
      this.reporter.error(site, ['metadata', 'name'], m.duplicateObject(site.label, first.src.file, pos));
      return false;
    }
    this.objects.set(key, site);
    return true;
  }

  /** The line where the object at `site` starts, for "first defined at" messages. */
  private positionOf(site: Site): number {
    return locate(site.src, site.base).line;
  }

  /** Validates `v` with `schema`; reports the issues and returns undefined on failure. */
  private parse<T>(schema: ZodType<T>, v: unknown, site: Site): T | undefined {
    const r = schema.safeParse(v, PARSE_OPTIONS);
    if (r.success) return r.data;
    reportIssues(r.error.issues, site, v, this.reporter);
    return undefined;
  }

  private handleKubernetesObject(
    kind: string,
    v: Record<string, unknown>,
    namespace: string,
    site: Site,
  ): void {
    switch (kind) {
      case 'Node': {
        const status = isRecord(v.status) ? v.status : {};
        warnResourceList(status.capacity, ['status', 'capacity'], site, this.reporter);
        warnResourceList(status.allocatable, ['status', 'allocatable'], site, this.reporter);
        const raw = this.parse(nodeSchema, v, site);
        if (raw) this.nodes.push(convertNode(raw, site, this.reporter));
        return;
      }
      case 'Pod': {
        const owner = controllerOf(v);
        if (owner) {
          // A dump (`kubectl get all -o yaml`) holds workload pods too; their controller makes them again.
          this.reporter.warning(site, ['metadata', 'ownerReferences'], m.podOwned(owner), true);
          return;
        }
        warnPodSpecQuantities(v.spec, ['spec'], site, this.reporter);
        const raw = this.parse(podSchema, v, site);
        if (!raw) return;
        const spec = convertPodSpec(raw.spec);
        this.pending.push({
          spec,
          site,
          path: ['spec'],
          rawPriority: raw.spec.priority,
          rawPreemptionPolicy: raw.spec.preemptionPolicy,
        });
        const pod: Pod = {
          uid: this.nextUid++,
          namespace,
          name: raw.metadata.name,
          labels: raw.metadata.labels ?? {},
          ...(raw.metadata.annotations ? { annotations: raw.metadata.annotations } : {}),
          spec,
          phase: 'Pending',
          ready: false,
          createdAt: 0,
        };
        if (spec.nodeName !== undefined) pod.nodeName = spec.nodeName;
        this.pods.push(pod);
        this.podSites.set(pod, site);
        return;
      }
      case 'Deployment': {
        this.warnTemplateQuantities(v, site);
        const raw = this.parse(deployment, v, site);
        if (!raw) return;
        const d = convertDeployment(raw, namespace, site, this.reporter);
        this.pendTemplate(d.template.spec, raw.spec.template.spec, site);
        this.deployments.push(d);
        this.workloadSites.set(d, site);
        return;
      }
      case 'StatefulSet': {
        this.warnTemplateQuantities(v, site);
        const raw = this.parse(statefulSet, v, site);
        if (!raw) return;
        const s = convertStatefulSet(raw, namespace, site, this.reporter);
        this.pendTemplate(s.template.spec, raw.spec.template.spec, site);
        this.statefulSets.push(s);
        this.volumes.push(...statefulSetClaims(v, s, site, this.reporter));
        this.workloadSites.set(s, site);
        return;
      }
      case 'Job': {
        this.warnTemplateQuantities(v, site);
        const raw = this.parse(jobSchema, v, site);
        if (!raw) return;
        const j = convertJob(raw, namespace, site, this.reporter);
        this.pendTemplate(j.template.spec, raw.spec.template.spec, site);
        this.jobs.push(j);
        this.jobSites.set(j, site);
        return;
      }
      case 'Service': {
        const raw = this.parse(service, v, site);
        if (!raw) return;
        const s = convertService(raw, namespace, site, this.reporter);
        this.services.push(s);
        this.serviceSites.set(s, site);
        return;
      }
      case 'PodDisruptionBudget': {
        const raw = this.parse(podDisruptionBudget, v, site);
        const pdb = raw && convertPodDisruptionBudget(raw, namespace, site, this.reporter);
        if (pdb) this.pdbs.push(pdb);
        return;
      }
      case 'HorizontalPodAutoscaler': {
        let raw: HorizontalPodAutoscalerV2Doc | undefined;
        if (v.apiVersion === 'autoscaling/v1') {
          const v1 = this.parse(horizontalPodAutoscalerV1, v, site);
          raw = v1 && hpaV1ToV2(v1);
        } else raw = this.parse(horizontalPodAutoscalerV2, v, site);
        const hpa = raw && convertHorizontalPodAutoscaler(raw, namespace, site, this.reporter);
        if (hpa) this.hpas.push({ hpa, site });
        return;
      }
      case 'Schedule': {
        const raw = this.parse(veleroSchedule, v, site);
        const schedule = raw && convertSchedule(raw, namespace, site, this.reporter);
        if (schedule) this.backupSchedules.push(schedule);
        return;
      }
      case 'PersistentVolumeClaim': {
        const raw = this.parse(persistentVolumeClaim, v, site);
        const volume = raw && convertClaim(raw, namespace, site, this.reporter);
        if (volume) this.volumes.push(volume);
        return;
      }
      case 'VolumeSnapshotClass':
        if (this.parse(volumeSnapshotClass, v, site)) this.volumeSnapshotClasses++;
        return;
      case 'PriorityClass': {
        const raw = this.parse(priorityClass, v, site);
        const cls = raw && convertPriorityClass(raw, site, this.reporter);
        if (cls) this.priorityClasses.push({ cls, site });
        return;
      }
    }
  }

  private warnTemplateQuantities(v: Record<string, unknown>, site: Site): void {
    const template = isRecord(v.spec) ? v.spec.template : undefined;
    const spec = isRecord(template) ? template.spec : undefined;
    warnPodSpecQuantities(spec, ['spec', 'template', 'spec'], site, this.reporter);
  }

  private pendTemplate(
    spec: PendingPriority['spec'],
    raw: { priority?: number; preemptionPolicy?: PendingPriority['rawPreemptionPolicy'] },
    site: Site,
  ): void {
    this.pending.push({
      spec,
      site,
      path: ['spec', 'template', 'spec'],
      rawPriority: raw.priority,
      rawPreemptionPolicy: raw.preemptionPolicy,
    });
  }

  private handleSchedulerConfiguration(v: Record<string, unknown>, site: Site): void {
    const first = this.schedulerConfigs[0];
    this.schedulerConfigs.push(site);
    if (first) {
      this.reporter.error(
        site,
        ['kind'],
        m.duplicateObject('KubeSchedulerConfiguration', first.src.file, this.positionOf(first)),
        true,
      );
      return;
    }
    this.schedulerConfiguration = convertSchedulerConfiguration(v, site, this.reporter);
  }

  private handleProxyConfiguration(v: Record<string, unknown>, site: Site): void {
    const first = this.proxyConfigs[0];
    this.proxyConfigs.push(site);
    if (first) {
      this.reporter.error(
        site,
        ['kind'],
        m.duplicateObject('KubeProxyConfiguration', first.src.file, this.positionOf(first)),
        true,
      );
      return;
    }
    this.proxyConfiguration = convertKubeProxyConfiguration(v, site, this.reporter) ?? DEFAULT_PROXY;
  }

  /** A kubeadm ClusterConfiguration or a KubeletConfiguration: one of each per run. */
  private handleControlPlaneConfiguration(
    kind: 'ClusterConfiguration' | 'KubeletConfiguration',
    v: Record<string, unknown>,
    site: Site,
  ): void {
    site = { ...site, label: kind }; // one per run and unnamed: the kind names it
    const first = this.controlPlaneConfigs.get(kind);
    if (first) {
      this.reporter.error(
        site,
        ['kind'],
        m.duplicateObject(kind, first.src.file, this.positionOf(first)),
        true,
      );
      return;
    }
    this.controlPlaneConfigs.set(kind, site);
    if (kind === 'KubeletConfiguration') {
      this.kubeletConfiguration = convertKubeletConfiguration(v, site, this.reporter);
      return;
    }
    const config = convertClusterConfiguration(v, site, this.reporter);
    if (config) this.clusterConfiguration = { config, site };
  }

  /**
   * The Scenario with what the control-plane files set: kubeadm's kubernetesVersion when the Scenario
   * gives none (both given must agree), and the kubelet's maxPods on the pools.
   */
  private applyControlPlaneConfiguration(scenario: ClusterInput['scenario']): ClusterInput['scenario'] {
    if (!scenario) return scenario;
    const spec = this.scenarios[0]?.value.spec;
    const written = isRecord(spec) ? spec : {};
    let result = scenario;
    const kubeadm = this.clusterConfiguration;
    const version = kubeadm?.config.kubernetesVersion;
    if (kubeadm && version !== undefined) {
      const supported = (SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(version);
      if (!supported)
        this.reporter.error(
          kubeadm.site,
          ['kubernetesVersion'],
          m.kubernetesVersion(version, SUPPORTED_KUBERNETES_VERSIONS),
        );
      else if (written.kubernetesVersion === undefined) result = { ...result, kubernetesVersion: version };
      else if (version !== scenario.kubernetesVersion) {
        const at = this.scenarios[0] as { site: Site };
        this.reporter.error(
          kubeadm.site,
          ['kubernetesVersion'],
          `kubernetesVersion ${JSON.stringify(version)} contradicts the Scenario's spec.kubernetesVersion ${JSON.stringify(scenario.kubernetesVersion)} (${at.site.src.file}:${this.positionOf(at.site)}): make them agree, or give it in one place`,
        );
      }
    }
    if (kubeadm) warnGraceWithinLease(kubeadm.config, this.kubeletConfiguration, kubeadm.site, this.reporter);
    const cluster = isRecord(written.cluster) ? written.cluster : {};
    return applyMaxPods(result, cluster.nodePools, this.kubeletConfiguration?.maxPods);
  }

  /** Loads the files a Scenario includes, relative to the Scenario's file, like command-line files. */
  private loadIncludes(v: Record<string, unknown>, site: Site): void {
    const spec = v.spec;
    if (!isRecord(spec) || !Array.isArray(spec.include)) return; // shape errors come from the schema
    spec.include.forEach((inc, i) => {
      if (typeof inc !== 'string' || inc === '') return;
      const path = pathBeside(site.src.file, inc);
      this.loadPath(path, { site, path: ['spec', 'include', i], written: inc });
    });
  }

  /** Cross-object steps, once everything is loaded. */
  finish(options: LoadOptions): LoadResult {
    for (const o of this.overrides) {
      if (!this.overridesApplied.has(o))
        this.reporter.fileError(
          this.firstFile ?? '',
          m.overrideUnmatched(overrideTargetText(o), o.path.join('.')),
        );
    }
    this.admitPriorities();
    this.checkServiceSelectors();
    const hpas = this.hpasWithTargets();
    const scenario = this.applyControlPlaneConfiguration(this.convertScenario(options));
    checkHpaMetricSeries(this.hpas, scenario?.workloadMetrics, this.reporter);
    this.checkPodNodeNames(scenario);
    const recovery = this.convertDisasterRecovery(scenario);
    this.checkSize(scenario, { ...DEFAULT_LIMITS, ...options.limits }, options.duration);
    const templates = [...this.deployments, ...this.statefulSets].map((w) => ({
      spec: w.template.spec,
      namespace: w.namespace,
      site: this.workloadSites.get(w) as Site,
      path: ['spec', 'template', 'spec'],
    }));
    const pods = this.pods.map((p) => ({
      spec: p.spec,
      namespace: p.namespace,
      site: this.podSites.get(p) as Site,
      path: ['spec'],
    }));
    const jobTemplates = this.jobs.map((j) => ({
      spec: j.template.spec,
      namespace: j.namespace,
      site: this.jobSites.get(j) as Site,
      path: ['spec', 'template', 'spec'],
    }));
    checkLikelyMistakes(
      {
        scenario,
        scenarioSite: this.scenarios[0]?.site,
        nodes: this.nodes,
        specs: [...templates, ...jobTemplates, ...pods],
        objects: [...this.objects.entries()]
          .map(([key, site]) => ({ namespace: key.split('/')[1] as string, site }))
          .filter((o) => o.namespace !== ''),
        declaredNamespaces: this.declaredNamespaces,
        schedulerConfiguration: this.schedulerConfiguration,
      },
      this.reporter,
    );
    const diagnostics = sortDiagnostics(this.reporter.diagnostics, this.fileOrder);
    const input: ClusterInput = {
      nodes: this.nodes,
      pods: this.pods,
      deployments: this.deployments,
      statefulSets: this.statefulSets,
      jobs: this.jobs,
      services: this.services,
      podDisruptionBudgets: this.pdbs,
      priorityClasses: [...SYSTEM_PRIORITY_CLASSES, ...this.priorityClasses.map((p) => p.cls)],
      horizontalPodAutoscalers: hpas,
      // Named as the report names files: relative to the Scenario's folder.
      warnings: diagnostics
        .filter((d) => d.severity === 'warning')
        .map((d) => ({ ...d, file: relativeToFolderOf(scenario?.file ?? '', d.file) })),
    };
    if (scenario) input.scenario = scenario;
    if (this.schedulerConfiguration) input.schedulerConfiguration = this.schedulerConfiguration;
    if (this.clusterConfiguration) input.clusterConfiguration = this.clusterConfiguration.config;
    if (this.kubeletConfiguration) input.kubeletConfiguration = this.kubeletConfiguration;
    if (this.priorityExpander) input.priorityExpander = this.priorityExpander;
    if (recovery) input.disasterRecovery = recovery;
    return { input, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
  }

  /**
   * Refuses a run beyond the size limits, before anything is built: each error sits at the largest
   * contributor (a workload's replicas, a pool, spec.duration) and names the estimate, the limit and
   * the flag that raises it.
   */
  private checkSize(scenario: ClusterInput['scenario'], limits: SizeLimits, override?: Micros): void {
    const workloads = [...this.deployments, ...this.statefulSets];
    const pods = workloads.reduce((sum, w) => sum + w.replicas, 0) + this.pods.length;
    if (pods > limits.maxPods) {
      const largest = workloads.reduce<Deployment | StatefulSet | undefined>(
        (best, w) => (best === undefined || w.replicas > best.replicas ? w : best),
        undefined,
      );
      const message = m.tooManyPods(pods, limits.maxPods);
      if (largest)
        this.reporter.error(this.workloadSites.get(largest) as Site, ['spec', 'replicas'], message);
      else this.reporter.fileError(this.firstFile ?? '', message);
    }
    const pools = scenario?.nodePools ?? [];
    const poolNodes = pools.map((p) => Math.max(p.count, p.max ?? 0));
    const nodes = poolNodes.reduce((a, b) => a + b, 0) + this.nodes.length;
    const site = this.scenarios[0]?.site;
    if (nodes > limits.maxNodes) {
      const message = m.tooManyNodes(nodes, limits.maxNodes);
      const largest = poolNodes.indexOf(Math.max(...poolNodes));
      if (site && largest >= 0 && (poolNodes[largest] as number) >= this.nodes.length) {
        const index = this.poolIndex(pools[largest]?.name as string);
        this.reporter.error(site, ['spec', 'cluster', 'nodePools', index], message);
      } else this.reporter.fileError(this.firstFile ?? '', message);
    }
    if (!scenario || !site) return;
    const events = estimateEvents(nodes, pods, override ?? scenario.duration, {
      hpas: this.hpas.length,
      clusterAutoscaler: pools.some((p) => p.max !== undefined),
      requestsPerSecond:
        scenario.traffic?.fidelity === 'request'
          ? scenario.traffic.workloads.reduce((sum, w) => sum + peakRate(w.arrivals), 0)
          : 0,
    });
    if (events > limits.maxEvents)
      this.reporter.error(
        site,
        ['spec', 'duration'],
        m.tooManyEvents(events, limits.maxEvents, override !== undefined),
      );
  }

  /** The index of the pool named `name` in the Scenario document as written. */
  private poolIndex(name: string): number {
    const spec = this.scenarios[0]?.value.spec;
    const pools = isRecord(spec) && isRecord(spec.cluster) ? spec.cluster.nodePools : undefined;
    return Array.isArray(pools) ? pools.findIndex((p) => isRecord(p) && p.name === name) : 0;
  }

  private admitPriorities(): void {
    const classes = new Map<string, PriorityClass>(SYSTEM_PRIORITY_CLASSES.map((c) => [c.name, c]));
    let globalDefault: PriorityClass | undefined;
    for (const { cls, site } of this.priorityClasses) {
      classes.set(cls.name, cls);
      if (!cls.globalDefault) continue;
      if (globalDefault)
        this.reporter.error(site, ['globalDefault'], m.secondGlobalDefault(globalDefault.name));
      else globalDefault = cls;
    }
    for (const p of this.pending) admitPriority(p, classes, globalDefault, this.reporter);
  }

  /** A Service whose selector matches no workload template or Pod in its namespace gets a warning. */
  private checkServiceSelectors(): void {
    const templates = [
      ...this.deployments.map((d) => ({ namespace: d.namespace, labels: d.template.labels })),
      ...this.statefulSets.map((s) => ({ namespace: s.namespace, labels: s.template.labels })),
      ...this.pods.map((p) => ({ namespace: p.namespace, labels: p.labels })),
    ];
    for (const s of this.services) {
      if (!s.selector || Object.keys(s.selector).length === 0 || s.type === 'ExternalName') continue;
      const hit = templates.some(
        (t) => t.namespace === s.namespace && matchesMapSelector(s.selector, t.labels),
      );
      if (!hit)
        this.reporter.warning(
          this.serviceSites.get(s) as Site,
          ['spec', 'selector'],
          m.serviceSelectsNothing(s.name),
        );
    }
  }

  /**
   * An HPA whose scaleTargetRef names no Deployment or StatefulSet of its namespace is an error: the
   * controller would only report FailedGetScale for it (the HPA's own namespace, as upstream: the
   * reference is namespace-local). The target's apiVersion is not compared: old manifests say
   * extensions/v1beta1 or apps/v1beta1 for what is apps/v1 today. Returns the HPAs whose target exists.
   */
  private hpasWithTargets(): HorizontalPodAutoscaler[] {
    const workloads = [...this.deployments, ...this.statefulSets];
    const found: HorizontalPodAutoscaler[] = [];
    for (const { hpa, site } of this.hpas) {
      const sameKind = workloads.filter((w) => w.kind === hpa.target.kind && w.namespace === hpa.namespace);
      if (sameKind.some((w) => w.name === hpa.target.name)) {
        found.push(hpa);
        continue;
      }
      const near = sameKind.find((w) => editDistance(w.name, hpa.target.name) <= 2);
      this.reporter.error(
        site,
        ['spec', 'scaleTargetRef', 'name'],
        `the scale target ${hpa.target.kind} ${JSON.stringify(hpa.target.name)} does not exist in namespace ${JSON.stringify(hpa.namespace)}${near ? `: did you mean ${JSON.stringify(near.name)}?` : ': define it, or fix spec.scaleTargetRef'}`,
      );
    }
    return found;
  }

  /**
   * A Pod bound (spec.nodeName) to a node that will not exist never runs: kubelet alone starts bound
   * pods and nothing reschedules them. Warn, naming the node.
   */
  private checkPodNodeNames(scenario: ClusterInput['scenario']): void {
    const names = new Set(this.nodes.map((n) => n.name));
    for (const pool of scenario?.nodePools ?? []) {
      for (let i = 0; i < pool.count; i++) names.add(`${pool.name}-${i}`);
    }
    for (const pod of this.pods) {
      if (pod.nodeName !== undefined && !names.has(pod.nodeName)) {
        this.reporter.warning(
          this.podSites.get(pod) as Site,
          ['spec', 'nodeName'],
          m.podNodeUnknown(pod.nodeName),
        );
      }
    }
  }

  /**
   * A file a Scenario operation applies (`kind: apply`), read by a loader of its own: its objects are
   * new versions of the input's, not more objects. Its diagnostics join this load's.
   */
  private loadApplied(path: string): LoadedManifest {
    const r = readSmallFile(path);
    if (!('text' in r))
      return {
        problem: r.error === 'refused' ? r.reason : r.error === 'missing' ? m.noSuchFile : m.isDirectory,
      };
    const nested = new Loader();
    nested.loadSource(r.text, path);
    const { input, diagnostics, ok } = nested.finish({});
    this.reporter.diagnostics.push(...diagnostics);
    this.fileOrder.push(path);
    const others: [string, number][] = [
      ['Node', input.nodes.length],
      ['Pod', input.pods.length],
      ['Service', input.services.length],
      ['PodDisruptionBudget', input.podDisruptionBudgets.length],
      ['HorizontalPodAutoscaler', input.horizontalPodAutoscalers?.length ?? 0],
      ['Scenario', input.scenario ? 1 : 0],
    ];
    // Which workloads the file gives replicas: kubectl apply leaves an omitted field as it is.
    const withReplicas = new Set<string>();
    for (const doc of parseYaml(r.text, path).docs) {
      const v = doc.value;
      if (!isRecord(v) || !isRecord(v.metadata) || !isRecord(v.spec) || v.spec.replicas === undefined)
        continue;
      const ns =
        typeof v.metadata.namespace === 'string' && v.metadata.namespace !== ''
          ? v.metadata.namespace
          : 'default';
      withReplicas.add(`${String(v.kind)}/${ns}/${String(v.metadata.name)}`);
    }
    return {
      ok,
      workloads: [...input.deployments, ...input.statefulSets].map((workload) => ({
        workload,
        setsReplicas: withReplicas.has(`${workload.kind}/${workload.namespace}/${workload.name}`),
      })),
      otherKinds: others.filter(([, n]) => n > 0).map(([k]) => k),
    };
  }

  /** Backups and disaster recovery: the Schedules and volumes read, with the Scenario's spec.backup. */
  private convertDisasterRecovery(scenario: ClusterInput['scenario']): DisasterRecovery | undefined {
    const first = this.scenarios[0];
    if (!scenario || !first) return undefined;
    const spec = isRecord(first.value.spec) ? first.value.spec : {};
    return convertDisasterRecovery(
      spec,
      {
        schedules: this.backupSchedules,
        volumes: this.volumes,
        csiSnapshots: this.volumeSnapshotClasses > 0,
        namespaces: new Set([...this.deployments, ...this.statefulSets].map((w) => w.namespace)),
        faults: scenario.faults,
      },
      first.site,
      this.reporter,
    );
  }

  private convertScenario(options: LoadOptions): ClusterInput['scenario'] {
    const [first, ...others] = this.scenarios;
    for (const other of others) {
      const pos = first ? this.positionOf(first.site) : 0;
      this.reporter.error(other.site, ['kind'], m.secondScenario(first?.site.src.file ?? '', pos), true);
    }
    if (!first) {
      // A file that could not be read at all has said so; "no Scenario" would only repeat it.
      const unread = this.reporter.diagnostics.some(
        (d) => d.severity === 'error' && d.file === this.firstFile && d.line === 0,
      );
      if (options.requireScenario && !unread) this.reporter.fileError(this.firstFile ?? '', m.noScenario);
      return undefined;
    }
    const nodeZones = new Set<string>();
    for (const n of this.nodes) {
      const z = n.labels[LABEL_ZONE];
      if (z !== undefined) nodeZones.add(z);
    }
    return convertScenario(
      first.value,
      first.site,
      {
        nodeNames: new Set(this.nodes.map((n) => n.name)),
        nodeZones,
        workloadNames: new Set([...this.deployments, ...this.statefulSets, ...this.jobs].map((w) => w.name)),
        nodeLabels: this.nodes.map((n) => n.labels),
        services: new Map(this.services.map((svc) => [svc.name, serviceFacts(svc)])),
        proxy: this.proxyConfiguration,
        workloads: [...this.deployments, ...this.statefulSets],
        loadManifest: (file) => this.loadApplied(pathBeside(first.site.src.file, file)),
        priorityExpanderConfigMap: this.priorityExpander !== undefined,
        batch: {
          jobNames: new Set(this.jobs.map((j) => j.name)),
          priorityClasses: new Map(
            [...SYSTEM_PRIORITY_CLASSES, ...this.priorityClasses.map((p) => p.cls)].map((c) => [c.name, c]),
          ),
        },
        prometheusRules: this.prometheusRules,
        readSamples: (file) => {
          const path = pathBeside(first.site.src.file, file);
          const r = readSmallFile(path);
          if ('text' in r) return { text: r.text, path };
          if (r.error === 'refused') return { problem: r.reason };
          return { problem: r.error === 'missing' ? m.noSuchFile : m.isDirectory };
        },
      },
      this.reporter,
      options.duration === undefined ? {} : { duration: options.duration },
    );
  }
}

/**
 * Loads Kubernetes manifests and a Scenario from files and directories (multi-document YAML or JSON),
 * following the Scenario's includes. Never throws for bad input: every problem is a diagnostic.
 */
export async function loadFiles(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const loader = new Loader(options.overrides);
  for (const p of paths) loader.loadPath(p);
  return loader.finish(options);
}

/**
 * Loads manifests from text, as if read from `file` (which names it in diagnostics and anchors the
 * Scenario's relative includes). Synchronous, for tests and notebooks.
 */
export function loadText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const loader = new Loader(options.overrides);
  loader.loadSource(text, file);
  return loader.finish(options);
}
