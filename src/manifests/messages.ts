import type { Micros } from '../engine/time.js';
import { formatDuration } from '../engine/time.js';
/**
 * Every user-facing text of the manifests layer, in one place (as vega-lite's log/message.ts), so the
 * wording stays consistent and tests can refer to it. Expectations read "expected …, got …"; actions
 * read the Deno way ("Cannot …: reason: current value is …").
 */

/** A short rendering of a user value for messages: strings quoted, mappings and lists named. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** "expected X, got Y" — the shape of every type or range error. */
export function expectedGot(expected: string, got: unknown): string {
  return `expected ${expected.replace(/^expected /, '')}, got ${describeValue(got)}`;
}

// Type names for zod's invalid_type issues.
const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

export function typeName(zodType: string): string {
  return TYPE_NAMES[zodType] ?? zodType;
}

// --- Expectations (appended with ", got …" when a value is present) ---
export const expectInteger = (min?: number, max?: number): string =>
  min !== undefined && max !== undefined
    ? `expected an integer from ${min} to ${max}`
    : min !== undefined
      ? `expected an integer >= ${min}`
      : 'expected an integer';
export const expectNumber = (min?: number): string =>
  min === undefined ? 'expected a number' : `expected a number >= ${min}`;
export const expectOneOf = (values: readonly unknown[]): string =>
  values.length === 1
    ? `expected ${describeValue(values[0])}`
    : `expected one of ${values.map((v) => describeValue(v)).join(', ')}`;
export const expectNonEmptyString = 'expected a non-empty string';
export const expectAtLeastItems = (n: number): string =>
  `expected a list of at least ${n} item${n === 1 ? '' : 's'}`;
export const expectIntOrPercent = 'expected an integer >= 0 or a percentage such as "25%"';
export const expectDuration = 'expected a duration such as "90s", "1h30m" or "250ms"';
export const expectPositiveDuration = 'expected a duration > 0 such as "90s", "1h30m" or "250ms"';
export const expectDurationWithinGo = (max: string): string =>
  `expected a duration of at most ${max} (Go's time.Duration limit, about 292 years)`;
export const expectQuantity = (resource: string): string =>
  resource === 'cpu'
    ? 'expected a cpu quantity such as "500m", "2" or "1.5"'
    : `expected a quantity such as "512Mi", "2Gi" or "1000" for ${JSON.stringify(resource)}`;
export const requiredField = (expectation: string): string => `required field is missing (${expectation})`;
export const invalidValue = 'invalid value';

export const unknownField = (name: string): string => `unknown field "${name}"`;
export const unknownFieldWarning = (name: string): string => `unknown field "${name}", ignored`;
export const unknownKubernetesField = (name: string): string =>
  `unknown field "${name}", ignored (kubectl's strict field validation would reject it)`;
export const notSimulatedField = (name: string): string => `field "${name}" is not simulated yet, ignored`;

// --- Files and YAML ---
export const fileMissing = (file: string): string => `Cannot load "${file}": no such file or directory`;
export const fileUnreadable = (file: string, reason: string): string => `Cannot load "${file}": ${reason}`;
export const fileTooLarge = (size: number, limit: number): string =>
  `it is ${formatMiB(size)}, larger than the ${formatMiB(limit)} limit`;
export const notRegularFile = (kind: string): string => `it is ${kind}, not a regular file`;
export const isDirectory = 'it is a directory, not a file';
export const noSuchFile = 'no such file';
export const oldMacLineEndings =
  'the file has old Mac OS line endings (CR without LF): read as line breaks, as YAML allows';
export const noObjects = 'no Kubernetes objects found (the file is empty or holds only comments)';
export const emptyDirectory = (dir: string): string =>
  `no *.yaml, *.yml or *.json files in directory "${dir}"`;
export const yamlSyntax = (detail: string): string => `invalid YAML: ${detail.split('\n')[0]}`;
export const unknownAnchor = (name: string): string =>
  `invalid YAML: alias *${name} refers to no anchor &${name} defined before it in this document`;
export const badMergeKey = (got: unknown): string =>
  `invalid YAML: a merge key (<<) takes a mapping or a list of mappings, got ${describeValue(got)}`;
export const nestingTooDeep = (limit: number): string =>
  `invalid YAML: nested more than ${limit} levels deep, refused (Kubernetes objects nest a few dozen at most)`;
export const customTagIgnored = (tag: string): string =>
  `custom YAML tag ${tag} is ignored: the value is read as if it had no tag`;
export const yamlWarning = (detail: string): string => `YAML: ${detail.split('\n')[0]}`;
export const aliasBomb = (limit: number): string =>
  `invalid YAML: more than ${limit} alias expansions (a YAML "billion laughs" document?), refused`;

function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

// --- Documents and kinds ---
export const notAnObject = (got: unknown): string =>
  expectedGot('a Kubernetes object (a mapping with apiVersion and kind)', got);
export const missingKind = 'kind is required (every document needs apiVersion and kind)';
export const missingApiVersion = (kind: string): string =>
  `apiVersion is required for kind ${kind} (every document needs apiVersion and kind)`;
export const wrongApiVersion = (kind: string, got: string, want: readonly string[]): string =>
  `Cannot load ${kind}: apiVersion ${JSON.stringify(got)} is not supported: expected ${want.map((v) => JSON.stringify(v)).join(' or ')}`;
export const kindNotSimulated = (kind: string): string => `kind ${kind} is not simulated yet, skipped`;
export const kindUnknown = (kind: string, apiVersion: string): string =>
  `unknown kind ${kind} (apiVersion ${apiVersion}), skipped`;
export const nestedList = 'a List inside a List is not supported, skipped';
export const duplicateObject = (label: string, file: string, line: number): string =>
  `${label} is defined twice (first at ${file}:${line}); the later definition is ignored`;

// --- Kubernetes validation and admission ---
// Worded as the API server's field errors (apimachinery pkg/util/validation/field/errors.go).
export const requirementNeedsValues = "Required value: must be specified when `operator` is 'In' or 'NotIn'";
export const requirementForbidsValues =
  "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'";
export const requirementNeedsOneInteger =
  "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'";
export const annotationsTooLong = (size: number, limit: number): string =>
  `Too long: must have at most ${limit} bytes, got ${size}`;
export const tolerationOperator = (got: unknown): string =>
  `Unsupported value: ${JSON.stringify(got)}: supported values: "Equal", "Exists"`;
export const tolerationEmptyKey = (operator: string): string =>
  `Invalid value: ${JSON.stringify(operator)}: operator must be Exists when \`key\` is empty, which means "match all values and all keys"`;
export const tolerationExistsValue = (value: string): string =>
  `Invalid value: ${JSON.stringify(value)}: value must be empty when \`operator\` is 'Exists'`;
export const tolerationSecondsEffect = (effect: string): string =>
  `Invalid value: ${JSON.stringify(effect)}: effect must be 'NoExecute' when \`tolerationSeconds\` is set`;
export const negativeQuantity = (resource: string, v: unknown): string =>
  `expected a quantity >= 0 for ${JSON.stringify(resource)}, got ${describeValue(v)}`;
export const badQuantity = (resource: string, v: unknown): string => expectedGot(expectQuantity(resource), v);
export const selectorMismatch =
  'selector does not match template labels (the API server rejects this: spec.selector must select spec.template.metadata.labels)';
export const emptySelector = 'expected a non-empty selector (matchLabels or matchExpressions)';
export const rollingUpdateWithRecreate = "may not be specified when strategy type is 'Recreate'";
export const bothZero = 'maxSurge and maxUnavailable may not both be 0';
/** apps validation ValidateDeploymentSpec. */
export const progressDeadlineNotAboveMinReady = (deadline: number, minReady: number): string =>
  `progressDeadlineSeconds must be greater than minReadySeconds: current value is ${deadline} (minReadySeconds ${minReady})`;
export const pdbBothSet = 'minAvailable and maxUnavailable cannot be both set';
export const pdbNoSelector =
  'has no selector: under policy/v1 it selects no pods, so it never blocks anything';
export const priorityClassMissing = (name: string): string =>
  `no PriorityClass with name ${JSON.stringify(name)} was found (Priority admission rejects the pod)`;
export const priorityClassReserved = (name: string): string =>
  `the name ${JSON.stringify(name)} is reserved: names starting with "system-" are for the built-in classes`;
export const priorityValueTooHigh = (v: number): string =>
  `expected a value <= 1000000000 for a user-defined PriorityClass, got ${v}`;
export const secondGlobalDefault = (other: string): string =>
  `PriorityClass ${JSON.stringify(other)} is already the globalDefault; only one may be`;
export const serviceSelectsNothing = (name: string): string =>
  `Service ${JSON.stringify(name)} selects no Deployment, StatefulSet or Pod template: it will have no endpoints`;
export const podOwned = (owner: string): string =>
  `the pod is controlled by ${owner}: skipped, as controllers create their own pods in the simulation`;
export const podNodeUnknown = (node: string): string =>
  `no Node named ${JSON.stringify(node)} (nor a node of a Scenario pool, "<pool>-<n>"): the pod will stay Pending`;
export const nodeWithoutCpu =
  'the node has no cpu in status.allocatable or status.capacity: no pod requesting cpu fits';
export const sessionAffinityConfigWithNone =
  'must not be set when sessionAffinity is None (set sessionAffinity: ClientIP)';
export const priorityMismatch = (given: number, computed: number): string =>
  `the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${computed} from the given PriorityClass name`;
export const preemptionPolicyMismatch = (given: string, computed: string): string =>
  `the string value of PreemptionPolicy (${given}) must not be provided in pod spec; priority admission controller computed ${computed} from the given PriorityClass name`;
/** A percentage above 100% where upstream validation caps it (maxUnavailable, PDB fields). */
export const maxUnavailableOver100 = (v: string): string => expectedGot('a percentage <= 100%', v);
export const backoffOrder = (initial: number, max: number): string =>
  expectedGot(`an integer >= podInitialBackoffSeconds (${initial})`, max);
export const priceAnnotation = (v: string): string =>
  expectedGot('a price per hour >= 0 such as "0.192" in annotation kubesim.dev/price-per-hour', v);

// --- Scenario ---
export const noScenario = 'no Scenario document found (kind: Scenario, apiVersion: kubesim.dev/v1alpha1)';
export const secondScenario = (file: string, line: number): string =>
  `only one Scenario is allowed; another was found at ${file}:${line}`;
export const includeMissing = (written: string): string =>
  `Cannot include "${written}": no such file or directory (paths are relative to the Scenario's file)`;
export const includeRefused = (written: string, reason: string): string =>
  `Cannot include "${written}": ${reason}`;
export const kubernetesVersion = (got: unknown, supported: readonly string[]): string =>
  typeof got === 'number'
    ? `expected a quoted version string such as "1.32" (YAML reads ${got} as a number), got ${got}`
    : expectedGot(`one of ${supported.map((v) => `"${v}"`).join(', ')}`, got);
export const warmupTooLong = 'expected warmup < duration';
export const warmupTooLongForOverride = (duration: Micros): string =>
  `expected warmup < duration, but --duration ${formatDuration(duration)} leaves no time after the warm-up`;
export const minMaxCount = (min: number | undefined, count: number, max: number | undefined): string =>
  `expected min <= count <= max, got min ${min ?? '-'}, count ${count}, max ${max ?? '-'}`;
export const maxBelowMin = (min: number, max: number): string =>
  `max must be >= min: min is ${min}, max is ${max}`;
export const poolZoneUnknown = (zone: string, zones: readonly string[]): string =>
  `zone ${JSON.stringify(zone)} is not one of cluster.zones (${zones.map((z) => JSON.stringify(z)).join(', ')})`;
export const duplicatePool = (name: string): string => `node pool ${JSON.stringify(name)} is defined twice`;
export const serviceNoWorkload = (name: string): string =>
  `no Deployment, StatefulSet or Service named ${JSON.stringify(name)}: this behaviour applies to nothing`;
export const faultKindUnknown = (kind: unknown, known: readonly string[]): string =>
  expectedGot(`a fault kind: one of ${known.join(', ')}`, kind);
export const faultPoolUnknown = (pool: string): string => `no node pool named ${JSON.stringify(pool)}`;
export const faultZoneUnknown = (zone: string): string =>
  `no zone named ${JSON.stringify(zone)} (not in cluster.zones nor on any Node's topology.kubernetes.io/zone label)`;
export const faultNodeUnknown = (node: string): string =>
  `no node named ${JSON.stringify(node)} (neither a Node object nor a node of a pool, "<pool>-<n>")`;
export const faultAfterEnd = 'the fault starts after the end of the run (spec.duration)';
export const faultAfterOverride = (duration: Micros): string =>
  `the fault starts after the end of the run (--duration ${formatDuration(duration)}): it is not simulated`;

// --- Likely mistakes (warnings) ---
export const cpuMegaCores = (v: string, meant: string): string =>
  `cpu ${JSON.stringify(v)} is ${v.replace(/[A-Z]$/, '')} ${{ M: 'million', G: 'billion', T: 'trillion', P: 'quadrillion', E: 'quintillion' }[v.slice(-1)] ?? ''} cores: did you mean ${JSON.stringify(meant)} (millicores)?`;
export const bytesMilli = (resource: string, v: string, meant: string): string =>
  `${resource} ${JSON.stringify(v)} is thousandths of a byte ("m" is milli): did you mean ${JSON.stringify(meant)}?`;
export const podLargerThanNodes = (resource: string, requested: string, largest: string): string =>
  `the pod requests ${resource} ${requested} but the largest node offers ${largest}: it will stay Pending`;
export const noNodes =
  'the cluster has no nodes at start (no Node objects, no pool with count > 0): every pod stays Pending';
export const faultFewerNodes = (asked: number, found: number, where: string): string =>
  `the fault asks for ${asked} nodes but ${where} has ${found} at start: only ${found} will crash`;
export const schedulerNameUnserved = (name: string, served: readonly string[]): string =>
  `no scheduler profile has schedulerName ${JSON.stringify(name)} (served: ${served.map((s) => JSON.stringify(s)).join(', ')}): the pod stays Pending`;
export const namespaceLikeAnother = (ns: string, other: string): string =>
  `namespace ${JSON.stringify(ns)} is declared by no Namespace object, while ${JSON.stringify(other)} exists: a typo?`;
export const negativeSample = (path: string, line: number, text: string): string =>
  `samples file "${path}" line ${line}: the sample ${text} is negative, skipped (a duration cannot be)`;

// --- Size limits ---
export const tooManyPods = (pods: number, limit: number): string =>
  `the run would create ${pods} pods (the replicas of every Deployment and StatefulSet, and every Pod), more than the limit of ${limit} (about 4 KiB of memory each): lower replicas, or raise the limit with --max-pods`;
export const tooManyNodes = (nodes: number, limit: number): string =>
  `the run could have ${nodes} nodes (the count or max of every pool, and every Node), more than the limit of ${limit} (about 5 KiB of memory each): lower them, or raise the limit with --max-nodes`;
export const tooManyEvents = (events: number, limit: number, flag: boolean): string =>
  `the run would process about ${events} events (3 per pod, 5 per node, and per simulated second 3 per request at the peak rate, 2/15 per HorizontalPodAutoscaler and 1/10 for the cluster-autoscaler), more than the limit of ${limit} (about an hour of CPU): shorten the duration${flag ? ' (--duration)' : ''}, or raise the limit with --max-events`;

// --- Distributions ---
export const DISTRIBUTION_KINDS = [
  'constant',
  'exponential',
  'uniform',
  'lognormal',
  'pareto',
  'empirical',
] as const;
export const expectDistribution = `expected a distribution: a mapping with one of ${DISTRIBUTION_KINDS.join(', ')}, such as {constant: 5s} or {lognormal: {median: 20ms, p99: 200ms}}`;
export const badDistribution = (v: unknown): string =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? `${expectDistribution}, got a mapping with ${
        Object.keys(v)
          .map((k) => JSON.stringify(k))
          .join(', ') || 'no keys'
      }`
    : expectedGot(expectDistribution, v);
export const uniformOrder = 'expected min <= max';
export const lognormalOrder = 'expected 0 < median <= p99';
export const empiricalUnreadable = (path: string, reason: string): string =>
  `Cannot read samples file "${path}": ${reason}`;
export const empiricalEmpty = (path: string): string => `samples file "${path}" holds no samples`;
export const empiricalBadLine = (path: string, line: number, text: string): string =>
  `samples file "${path}" line ${line}: ${expectedGot('a number or a duration', text)}`;

export const overrideFailed = (path: string, problem: string): string =>
  `Cannot set ${path} (--vary): ${problem}`;
export const overrideUnmatched = (target: string, path: string): string =>
  `Cannot set ${path} (--vary): no document ${target} among the files (a manifest is named Kind/name, as Service/cart)`;

export const probeSuccessThresholdOne = 'must be 1 for liveness and startup probes';
export const faultWorkloadUnknown = (workload: string): string =>
  `no Deployment or StatefulSet named ${JSON.stringify(workload)}`;
export const faultForNeedsInterval =
  'for is read only with interval (crashes at a rate); a single crash has no duration';
export const controlPlaneMembersTwice = (members: number, nodes: number): string =>
  `members (${members}) and nodes (${nodes}) say the same thing differently: give one of them`;
export const zoneOutageZone = 'expected the zone as target: {zone: <zone>} (or zone: beside kind), once';
export const memberLossTooMany = (count: number, members: number): string =>
  `the fault loses ${count} control-plane members but spec.cluster.controlPlane has ${members}${members === 1 ? ' (the default)' : ''}`;
export const failureTimePositive = (field: string, mean: number): string =>
  `${field} must be a positive duration or a distribution with a positive mean: current mean is ${mean}µs`;
export const faultNeedsTraffic = (kind: string): string =>
  `${kind} slows the requests pods serve, and the Scenario has no workload (spec.workload): it changes nothing`;
export const faultOverlap = (kind: string, other: string, node: string, why: string): string =>
  `this ${kind} overlaps ${other} on node ${JSON.stringify(node)}: ${why}`;
export const overlapTwoKubeletStops =
  'the first to end would start the kubelet the other keeps stopped; make them one fault or apart in time';
export const overlapKubeletStopAndDown =
  'a machine that goes down stops its kubelet, and boots with it running, so the kubeletStop would be lost or cut short; make them apart in time';
export const overlapDownAlready =
  'the node is down then (a crash hits nodes that are up), so this fault would do nothing; make them apart in time';
export const calculatorInput = (kind: string, command: string): string =>
  `a ${kind} is an input of \`${command}\`, not a cluster object: skipped`;
