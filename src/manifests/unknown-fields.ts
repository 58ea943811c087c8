import { isRecord } from './is-record.js';
import * as m from './messages.js';
import type { Reporter, Site } from './report.js';
import type { Path } from './source.js';

// Unknown fields in Kubernetes objects. The zod schemas drop fields kubesim does not read (probes,
// volumes, env…), which is right for upstream fields, but a misspelt one (`request:` for `requests:`)
// would then vanish silently and the simulation would run without the requests. kubectl's default
// strict field validation (server-side, since 1.27) rejects such fields; kubesim warns about them,
// field by field, for the objects it reads. The lists are the upstream field names (k8s.io/api,
// v1.36); a field newer than these lists gets a warning, never an error.

/** The fields of one object, and the shapes of those that nest further (`each`: a list of objects). */
interface Shape {
  keys: readonly string[];
  nested?: Readonly<Record<string, Shape | { each: Shape }>>;
}

const OBJECT_META: Shape = {
  keys: [
    'name',
    'generateName',
    'namespace',
    'selfLink',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'labels',
    'annotations',
    'ownerReferences',
    'finalizers',
    'managedFields',
  ],
};

const RESOURCES: Shape = { keys: ['limits', 'requests', 'claims'] };

const CONTAINER: Shape = {
  keys: [
    'name',
    'image',
    'command',
    'args',
    'workingDir',
    'ports',
    'envFrom',
    'env',
    'resources',
    'resizePolicy',
    'restartPolicy',
    'restartPolicyRules',
    'volumeMounts',
    'volumeDevices',
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'securityContext',
    'stdin',
    'stdinOnce',
    'tty',
  ],
  nested: { resources: RESOURCES },
};

const POD_SPEC: Shape = {
  keys: [
    'volumes',
    'initContainers',
    'containers',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'dnsPolicy',
    'nodeSelector',
    'serviceAccountName',
    'serviceAccount',
    'automountServiceAccountToken',
    'nodeName',
    'hostNetwork',
    'hostPID',
    'hostIPC',
    'shareProcessNamespace',
    'securityContext',
    'imagePullSecrets',
    'hostname',
    'subdomain',
    'affinity',
    'schedulerName',
    'tolerations',
    'hostAliases',
    'priorityClassName',
    'priority',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'enableServiceLinks',
    'preemptionPolicy',
    'overhead',
    'topologySpreadConstraints',
    'setHostnameAsFQDN',
    'os',
    'hostUsers',
    'schedulingGates',
    'resourceClaims',
    'resources',
    'hostnameOverride',
    'workloadRef',
  ],
  nested: { containers: { each: CONTAINER }, initContainers: { each: CONTAINER }, resources: RESOURCES },
};

const POD_TEMPLATE: Shape = { keys: ['metadata', 'spec'], nested: { metadata: OBJECT_META, spec: POD_SPEC } };

const TOP = ['apiVersion', 'kind', 'metadata', 'spec', 'status'] as const;

function object(spec: Shape): Shape {
  return { keys: TOP, nested: { metadata: OBJECT_META, spec } };
}

/** Per kind, the shape of the whole object. */
const SHAPES: Readonly<Record<string, Shape>> = {
  Pod: object(POD_SPEC),
  Deployment: object({
    keys: [
      'replicas',
      'selector',
      'template',
      'strategy',
      'minReadySeconds',
      'revisionHistoryLimit',
      'paused',
      'progressDeadlineSeconds',
    ],
    nested: {
      template: POD_TEMPLATE,
      strategy: {
        keys: ['type', 'rollingUpdate'],
        nested: { rollingUpdate: { keys: ['maxSurge', 'maxUnavailable'] } },
      },
    },
  }),
  StatefulSet: object({
    keys: [
      'replicas',
      'selector',
      'template',
      'volumeClaimTemplates',
      'serviceName',
      'podManagementPolicy',
      'updateStrategy',
      'revisionHistoryLimit',
      'minReadySeconds',
      'persistentVolumeClaimRetentionPolicy',
      'ordinals',
    ],
    nested: { template: POD_TEMPLATE },
  }),
  Job: object({
    keys: [
      'parallelism',
      'completions',
      'activeDeadlineSeconds',
      'podFailurePolicy',
      'successPolicy',
      'backoffLimit',
      'backoffLimitPerIndex',
      'maxFailedIndexes',
      'selector',
      'manualSelector',
      'template',
      'ttlSecondsAfterFinished',
      'completionMode',
      'suspend',
      'podReplacementPolicy',
      'managedBy',
    ],
    nested: { template: POD_TEMPLATE },
  }),
  Service: object({
    keys: [
      'ports',
      'selector',
      'clusterIP',
      'clusterIPs',
      'type',
      'externalIPs',
      'sessionAffinity',
      'loadBalancerIP',
      'loadBalancerSourceRanges',
      'externalName',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'publishNotReadyAddresses',
      'sessionAffinityConfig',
      'ipFamilies',
      'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts',
      'loadBalancerClass',
      'internalTrafficPolicy',
      'trafficDistribution',
    ],
  }),
  PodDisruptionBudget: object({
    keys: ['minAvailable', 'selector', 'maxUnavailable', 'unhealthyPodEvictionPolicy'],
  }),
  Node: object({
    keys: ['podCIDR', 'podCIDRs', 'providerID', 'unschedulable', 'taints', 'configSource', 'externalID'],
  }),
  PriorityClass: {
    keys: ['apiVersion', 'kind', 'metadata', 'value', 'globalDefault', 'description', 'preemptionPolicy'],
    nested: { metadata: OBJECT_META },
  },
};

function walk(value: unknown, shape: Shape, path: Path, site: Site, reporter: Reporter): void {
  if (!isRecord(value)) return; // type errors are the schema's to report
  for (const [key, child] of Object.entries(value)) {
    if (!shape.keys.includes(key)) {
      reporter.warning(site, [...path, key], m.unknownKubernetesField(key), true);
      continue;
    }
    const nested = shape.nested?.[key];
    if (!nested) continue;
    if (!('each' in nested)) walk(child, nested, [...path, key], site, reporter);
    else if (Array.isArray(child)) {
      child.forEach((item, i) => {
        walk(item, nested.each, [...path, key, i], site, reporter);
      });
    }
  }
}

/** Warns about each field of a Kubernetes object of `kind` that the Kubernetes API does not define. */
export function warnUnknownFields(kind: string, value: unknown, site: Site, reporter: Reporter): void {
  const shape = SHAPES[kind];
  if (shape) walk(value, shape, [], site, reporter);
}
