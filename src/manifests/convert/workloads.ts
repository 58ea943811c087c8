import type { z } from 'zod';
import {
  DEFAULT_PROGRESS_DEADLINE_SECONDS,
  DEFAULT_REVISION_HISTORY_LIMIT,
} from '../../controllers/deployment-util.js';
import { matchesSelector } from '../../model/labels.js';
import type {
  Deployment,
  IntOrPercent,
  PodDisruptionBudget,
  PriorityClass,
  Service,
  StatefulSet,
} from '../../model/workloads.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import type { deployment, podDisruptionBudget, statefulSet } from '../schemas/apps.js';
import type { priorityClass, service } from '../schemas/core.js';
import { SYSTEM_PRIORITY_CLASSES } from './admission.js';
import { convertPodTemplate } from './pod-spec.js';

/** apps/v1 SetDefaults_Deployment: replicas 1, RollingUpdate with maxSurge and maxUnavailable 25%. */
export const DEFAULT_MAX_SURGE: IntOrPercent = '25%';
/** apps/v1 SetDefaults_Deployment: maxUnavailable 25%. */
export const DEFAULT_MAX_UNAVAILABLE: IntOrPercent = '25%';
/** core/v1 SetDefaults_Service: DefaultClientIPServiceAffinitySeconds (3 hours). */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;
/** scheduling/v1 HighestUserDefinablePriority: values above are reserved for system classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

type Raw<S extends z.ZodType> = z.output<S>;

function isZero(v: IntOrPercent): boolean {
  return v === 0 || v === '0%';
}

/**
 * apps/v1 validation (ValidateLabelSelector + "selector does not match template labels", and
 * "empty selector is invalid"): a workload's selector must be non-empty and select its template.
 */
function checkSelector(
  selector: Deployment['selector'],
  labels: Readonly<Record<string, string>>,
  site: Site,
  reporter: Reporter,
): void {
  const empty =
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  if (empty) reporter.error(site, ['spec', 'selector'], m.emptySelector);
  else if (!matchesSelector(selector, labels)) reporter.error(site, ['spec', 'selector'], m.selectorMismatch);
}

/** A Deployment with apps/v1 defaults (pkg/apis/apps/v1/defaults.go) and its validation. */
export function convertDeployment(
  raw: Raw<typeof deployment>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): Deployment {
  const spec = raw.spec;
  const template = convertPodTemplate(spec.template);
  checkSelector(spec.selector, template.labels, site, reporter);
  const type = spec.strategy?.type ?? 'RollingUpdate';
  let strategy: Deployment['strategy'];
  if (type === 'Recreate') {
    if (spec.strategy?.rollingUpdate) {
      reporter.error(site, ['spec', 'strategy', 'rollingUpdate'], m.rollingUpdateWithRecreate);
    }
    strategy = { type: 'Recreate' };
  } else {
    const maxSurge = spec.strategy?.rollingUpdate?.maxSurge ?? DEFAULT_MAX_SURGE;
    const maxUnavailable = spec.strategy?.rollingUpdate?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE;
    // apps validation ValidateRollingUpdateDeployment: both 0 would never make progress.
    if (isZero(maxSurge) && isZero(maxUnavailable)) {
      reporter.error(site, ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], m.bothZero);
    }
    if (typeof maxUnavailable === 'string' && Number.parseInt(maxUnavailable, 10) > 100) {
      reporter.error(
        site,
        ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'],
        m.maxUnavailableOver100(maxUnavailable),
      );
    }
    strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } };
  }
  const progressDeadlineSeconds = spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  const minReadySeconds = spec.minReadySeconds ?? 0;
  // apps validation ValidateDeploymentSpec: progressDeadlineSeconds must be greater than minReadySeconds.
  if (progressDeadlineSeconds <= minReadySeconds) {
    reporter.error(
      site,
      ['spec', 'progressDeadlineSeconds'],
      m.progressDeadlineNotAboveMinReady(progressDeadlineSeconds, minReadySeconds),
    );
  }
  return {
    kind: 'Deployment',
    namespace,
    name: raw.metadata.name,
    labels: raw.metadata.labels ?? {},
    replicas: spec.replicas ?? 1,
    selector: spec.selector,
    template,
    strategy,
    minReadySeconds,
    progressDeadlineSeconds,
    revisionHistoryLimit: spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
    paused: spec.paused ?? false,
  };
}

/** A StatefulSet with apps/v1 defaults: replicas 1, podManagementPolicy OrderedReady. */
export function convertStatefulSet(
  raw: Raw<typeof statefulSet>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): StatefulSet {
  const spec = raw.spec;
  const template = convertPodTemplate(spec.template);
  checkSelector(spec.selector, template.labels, site, reporter);
  return {
    kind: 'StatefulSet',
    namespace,
    name: raw.metadata.name,
    labels: raw.metadata.labels ?? {},
    replicas: spec.replicas ?? 1,
    selector: spec.selector,
    template,
    serviceName: spec.serviceName ?? '',
    podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady',
  };
}

/**
 * A Service with core/v1 defaults (SetDefaults_Service): type ClusterIP, sessionAffinity None, ClientIP
 * affinity timeout 10800 s, each port's protocol TCP and targetPort = port.
 */
export function convertService(
  raw: Raw<typeof service>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): Service {
  const spec = raw.spec;
  const sessionAffinity = spec.sessionAffinity ?? 'None';
  // pkg/apis/core/validation/validation.go (ValidateService): sessionAffinityConfig "must not be set
  // when session affinity is None".
  if (sessionAffinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    reporter.error(site, ['spec', 'sessionAffinityConfig'], m.sessionAffinityConfigWithNone);
  }
  const out: Service = {
    namespace,
    name: raw.metadata.name,
    labels: raw.metadata.labels ?? {},
    selector: spec.selector,
    type: spec.type ?? 'ClusterIP',
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
    })),
    sessionAffinity,
    sessionAffinityTimeoutSeconds:
      spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_CLIENT_IP_TIMEOUT_SECONDS,
  };
  return out;
}

/**
 * A PodDisruptionBudget (policy/v1). Upstream validation forbids setting both minAvailable and
 * maxUnavailable. A PDB without a selector selects no pods under policy/v1: skipped with a warning.
 */
export function convertPodDisruptionBudget(
  raw: Raw<typeof podDisruptionBudget>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): PodDisruptionBudget | undefined {
  const spec = raw.spec;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    reporter.error(site, ['spec', 'maxUnavailable'], m.pdbBothSet);
  }
  // pkg/apis/policy/validation: IsNotMoreThan100Percent for both fields.
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    const v = spec[field];
    if (typeof v === 'string' && Number.parseInt(v, 10) > 100) {
      reporter.error(site, ['spec', field], m.maxUnavailableOver100(v));
    }
  }
  if (!spec.selector) {
    reporter.warning(site, ['spec'], m.pdbNoSelector);
    return undefined;
  }
  const out: PodDisruptionBudget = { namespace, name: raw.metadata.name, selector: spec.selector };
  if (spec.minAvailable !== undefined) Object.assign(out, { minAvailable: spec.minAvailable });
  if (spec.maxUnavailable !== undefined) Object.assign(out, { maxUnavailable: spec.maxUnavailable });
  return out;
}

/**
 * A PriorityClass (scheduling.k8s.io/v1), validated as pkg/apis/scheduling/validation does: unless it
 * is one of the known system classes (same name and value, as `kubectl get pc -o yaml` lists them,
 * returned as undefined since they exist already), its value is <= 1e9 and its name does not start
 * with "system-". preemptionPolicy defaults to PreemptLowerPriority.
 */
export function convertPriorityClass(
  raw: Raw<typeof priorityClass>,
  site: Site,
  reporter: Reporter,
): PriorityClass | undefined {
  const name = raw.metadata.name;
  const system = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (system && system.value === raw.value && !raw.globalDefault) return undefined;
  if (name.startsWith('system-')) reporter.error(site, ['metadata', 'name'], m.priorityClassReserved(name));
  if (raw.value > HIGHEST_USER_DEFINABLE_PRIORITY)
    reporter.error(site, ['value'], m.priorityValueTooHigh(raw.value));
  return {
    name,
    value: raw.value,
    globalDefault: raw.globalDefault ?? false,
    preemptionPolicy: raw.preemptionPolicy ?? 'PreemptLowerPriority',
  };
}
