import {
  constant,
  type Distribution,
  exponential,
  lognormal,
  pareto,
  uniform,
} from '../../engine/distributions.js';
import { MICROS_PER_SECOND, type Micros, parseDuration } from '../../engine/time.js';
import {
  type ArrivalProcess,
  type CallSpec,
  type ClientsConfig,
  DEFAULT_ENDPOINT_PROPAGATION_DELAY,
  DEFAULT_KEEP_ALIVE,
  DEFAULT_RETRY_BACKOFF,
  DEFAULT_RETRY_BUDGET,
  type IpvsScheduler,
  type ProxyConfig,
  type ProxyMode,
  type RateStep,
  type ServiceBehaviour,
  type SloConfig,
  serviceBehaviour,
  type TrafficConfig,
  type TrafficFidelity,
  type WorkloadConfig,
} from '../../model/traffic.js';
import type { Service } from '../../model/workloads.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import {
  fidelitySchema,
  kubeProxyConfigurationSchema,
  sloSchema,
  trafficServiceSchema,
  workloadSchema,
} from '../schemas/traffic.js';
import type { Path } from '../source.js';
import { convertDurationDistribution } from './distribution.js';

// User-facing text of the traffic fields (kept here, beside their only user).
const msg = {
  expectRate: 'expected a rate >= 0 such as "300/s", "50/min", "1000/h" or a number per second',
  arrivalKind: (v: unknown) =>
    m.expectedGot(`an arrival process: a mapping with one of ${ARRIVAL_KINDS.join(', ')}`, v),
  targetUnknown: (name: string, known: readonly string[]) =>
    `the workload targets nothing: no Service named ${JSON.stringify(name)}${knownList(known)}`,
  callUnknown: (name: string, known: readonly string[]) =>
    `calls a Service that does not exist: no Service named ${JSON.stringify(name)}${knownList(known)}`,
  noServiceTime: (name: string) =>
    `Service ${JSON.stringify(name)} receives requests but spec.services.${name}.serviceTime is missing (a distribution such as {exponential: {mean: 20ms}})`,
  cycle: (names: readonly string[]) => `the call graph has a cycle: ${names.join(' → ')}`,
  stepsOrder: 'expected steps in increasing order of `at`',
  traceUnreadable: (file: string, problem: string) =>
    `Cannot read trace "${file}": ${problem} (paths are relative to the Scenario's file)`,
  traceColumns:
    'expected exactly one of `rate` and `count` (the column holding the rate per second or the count per interval)',
  traceHeader: (file: string, column: string, header: readonly string[]) =>
    `${file}:1: no column ${JSON.stringify(column)} in the header (columns: ${header.join(', ')})`,
  traceRow: (file: string, line: number, detail: string) => `${file}:${line}: ${detail}`,
  traceShort: (file: string) => `${file}: expected a header and at least two rows`,
  fluidVariance: (name: string) =>
    `fidelity fluid needs a service time with a finite mean and variance for Service ${name} (its queueing formulas read them): use a Pareto shape above 2, or fidelity request`,
};

function knownList(known: readonly string[]): string {
  return known.length === 0 ? ' (there are no Services)' : ` (Services: ${known.join(', ')})`;
}

const ARRIVAL_KINDS = ['poisson', 'steps', 'diurnal', 'flashCrowd', 'trace'] as const;

/** What the Services of the input say, by the name the Scenario uses for them. */
export interface TrafficServiceFacts {
  /** "namespace/name": the key the model and setEndpoints use. */
  key: string;
  /** spec.sessionAffinity ClientIP: sessionAffinityConfig.clientIP.timeoutSeconds in µs; null: None. */
  sessionAffinityTimeout: Micros | null;
  /** spec.trafficDistribution is PreferClose. */
  preferClose: boolean;
}

/**
 * The facts of a converted Service object: its key, and its ClientIP affinity timeout (core/v1
 * defaults already applied by convert/workloads.ts). `preferClose`: spec.trafficDistribution is
 * PreferClose, which the Service model does not carry yet.
 */
export function serviceFacts(service: Service, preferClose = false): TrafficServiceFacts {
  return {
    key: `${service.namespace}/${service.name}`,
    sessionAffinityTimeout:
      service.sessionAffinity === 'ClientIP'
        ? service.sessionAffinityTimeoutSeconds * MICROS_PER_SECOND
        : null,
    preferClose,
  };
}

export interface TrafficReferences {
  services: ReadonlyMap<string, TrafficServiceFacts>;
  /** From the KubeProxyConfiguration document, or the default (iptables). */
  proxy: ProxyConfig;
  warmup: Micros;
  /** A file named relative to the Scenario (as samples files are read), or why it cannot be read. */
  readSamples(file: string): { text: string; path: string } | { problem: string };
}

/** kube-proxy's defaults: iptables on Linux, and rr when IPVS has no scheduler. */
export const DEFAULT_PROXY: ProxyConfig = { mode: 'iptables', ipvsScheduler: 'rr' };

/** A KubeProxyConfiguration document (its value as parsed, at `site`) → the proxy settings kubesim reads. */
export function convertKubeProxyConfiguration(
  value: Record<string, unknown>,
  site: Site,
  reporter: Reporter,
): ProxyConfig | undefined {
  const r = kubeProxyConfigurationSchema.safeParse(value, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, value, reporter);
    return undefined;
  }
  return {
    mode: (r.data.mode || DEFAULT_PROXY.mode) as ProxyMode,
    ipvsScheduler: (r.data.ipvs?.scheduler || DEFAULT_PROXY.ipvsScheduler) as IpvsScheduler,
  };
}

/**
 * Converts the traffic fields of a Scenario spec (spec.workload, spec.services, spec.slo,
 * spec.fidelity) into a TrafficConfig. Reports every problem; returns undefined when there was an
 * error. `site` is the Scenario document; paths are from its root.
 */
export function convertTraffic(
  spec: Record<string, unknown>,
  site: Site,
  refs: TrafficReferences,
  reporter: Reporter,
): TrafficConfig | undefined {
  const before = reporter.errorCount;
  const ctx: Ctx = { site, refs, reporter };
  const knownServices = [...refs.services.keys()];
  const rawServices = isRecord(spec.services) ? spec.services : {};

  const workloads = convertWorkloads(ctx, spec.workload, knownServices);
  // Which Services receive requests: the workloads' targets and, transitively, what they call.
  const behaviours = new Map<string, ServiceBehaviour | undefined>();
  for (const [name, raw] of Object.entries(rawServices)) {
    behaviours.set(name, convertBehaviour(ctx, name, raw, knownServices));
  }
  const receiving = new Set<string>();
  const visit = (name: string): void => {
    if (receiving.has(name) || !refs.services.has(name)) return;
    receiving.add(name);
    for (const c of behaviours.get(name)?.calls ?? []) visit(c.service);
  };
  for (const w of workloads) visit(w.target);
  for (const name of receiving) {
    if (!isRecord(rawServices[name]) || rawServices[name].serviceTime === undefined) {
      reporter.error(
        site,
        rawServices[name] === undefined ? ['spec', 'workload'] : ['spec', 'services', name],
        msg.noServiceTime(name),
      );
    }
  }
  reportCycles(ctx, rawServices);
  const slo = convertSlo(ctx, spec.slo);
  let fidelity: TrafficFidelity = 'request';
  if (spec.fidelity !== undefined) {
    const f = fidelitySchema.safeParse(spec.fidelity, PARSE_OPTIONS);
    if (!f.success) reportIssues(f.error.issues, site, spec.fidelity, reporter, ['spec', 'fidelity']);
    else fidelity = f.data;
  }
  if (fidelity === 'fluid')
    for (const name of receiving) {
      const b = behaviours.get(name);
      if (b !== undefined && !Number.isFinite(b.serviceTime.variance))
        reporter.error(site, ['spec', 'services', name, 'serviceTime'], msg.fluidVariance(name));
    }
  if (reporter.errorCount > before) return undefined;

  const services: Record<string, ServiceBehaviour> = {};
  for (const name of receiving) {
    const b = behaviours.get(name) as ServiceBehaviour;
    const facts = refs.services.get(name) as TrafficServiceFacts;
    services[facts.key] = {
      ...b,
      calls: b.calls.map((c) => ({
        ...c,
        service: (refs.services.get(c.service) as TrafficServiceFacts).key,
      })),
      sessionAffinityTimeout: facts.sessionAffinityTimeout,
      preferClose: facts.preferClose,
    };
  }
  return {
    workloads: workloads.map((w) => ({
      ...w,
      target: (refs.services.get(w.target) as TrafficServiceFacts).key,
    })),
    services,
    proxy: refs.proxy,
    endpointPropagationDelay: DEFAULT_ENDPOINT_PROPAGATION_DELAY,
    warmup: refs.warmup,
    slo,
    fidelity,
  };
}

interface Ctx {
  site: Site;
  refs: TrafficReferences;
  reporter: Reporter;
}

function error(ctx: Ctx, path: Path, message: string): void {
  ctx.reporter.error(ctx.site, path, message);
}

// ── spec.services.<name> ─────────────────────────────────────────────────────────────────────────

function convertBehaviour(
  ctx: Ctx,
  name: string,
  raw: unknown,
  known: readonly string[],
): ServiceBehaviour | undefined {
  const at = ['spec', 'services', name];
  const r = trafficServiceSchema.safeParse(raw, PARSE_OPTIONS);
  if (!r.success) reportIssues(r.error.issues, ctx.site, raw, ctx.reporter, at);
  const rec = isRecord(raw) ? raw : {};
  const serviceTime =
    rec.serviceTime === undefined
      ? undefined
      : durationDistribution(ctx, rec.serviceTime, [...at, 'serviceTime']);
  const calls = Array.isArray(rec.calls) ? rec.calls : [];
  calls.forEach((c: unknown, i) => {
    if (isRecord(c) && typeof c.service === 'string' && !ctx.refs.services.has(c.service)) {
      error(ctx, [...at, 'calls', i, 'service'], msg.callUnknown(c.service, known));
    }
  });
  if (!r.success || (rec.serviceTime !== undefined && serviceTime === undefined)) return undefined;
  const d = r.data;
  const retries = d.retries && {
    attempts: d.retries.attempts,
    backoff: d.retries.backoff ?? DEFAULT_RETRY_BACKOFF,
    budget: d.retries.budget ?? DEFAULT_RETRY_BUDGET,
  };
  const fields: Partial<ServiceBehaviour> = {
    calls: (d.calls ?? []).map(
      (c): CallSpec => ({
        service: c.service,
        count: c.count ?? 1,
        probability: c.probability ?? 1,
        parallel: c.parallel ?? false,
      }),
    ),
    keepAlive: {
      connectionsPerClient: d.keepAlive?.connectionsPerClient ?? DEFAULT_KEEP_ALIVE.connectionsPerClient,
      maxRequestsPerConnection:
        d.keepAlive?.maxRequestsPerConnection ?? DEFAULT_KEEP_ALIVE.maxRequestsPerConnection,
      idleTimeout: d.keepAlive?.idleTimeout ?? DEFAULT_KEEP_ALIVE.idleTimeout,
    },
    retries: retries ?? null,
    cache: d.cache ?? null,
  };
  if (d.concurrency !== undefined) fields.concurrency = d.concurrency;
  if (d.queueLimit !== undefined) fields.queueLimit = d.queueLimit;
  if (d.timeout !== undefined) fields.timeout = d.timeout;
  if (d.cpuPerRequest !== undefined) fields.cpuPerRequest = d.cpuPerRequest;
  if (d.idleCpu !== undefined) fields.idleCpu = d.idleCpu;
  if (d.loadBalancing !== undefined) fields.loadBalancing = d.loadBalancing;
  // A Service only ever called with a serviceTime missing is reported by the caller's check.
  return serviceBehaviour(serviceTime ?? constant(0), fields);
}

function durationDistribution(ctx: Ctx, v: unknown, path: Path): Distribution | undefined {
  return convertDurationDistribution(
    {
      error: (p, message) => error(ctx, p, message),
      readSamples: (f) => ctx.refs.readSamples(f),
      warnAt: (file, line, message) => ctx.reporter.fileWarning(file, message, line, 1),
    },
    v,
    path,
  );
}

/** Reports each cycle of the call graph once, at the call that closes it. */
function reportCycles(ctx: Ctx, rawServices: Record<string, unknown>): void {
  const edges = (name: string): { to: string; index: number }[] => {
    const raw = rawServices[name];
    const calls = isRecord(raw) && Array.isArray(raw.calls) ? raw.calls : [];
    return calls.flatMap((c: unknown, index) =>
      isRecord(c) && typeof c.service === 'string' ? [{ to: c.service, index }] : [],
    );
  };
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const dfs = (name: string): void => {
    state.set(name, 'open');
    stack.push(name);
    for (const { to, index } of edges(name)) {
      if (state.get(to) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(to)), to];
        error(ctx, ['spec', 'services', name, 'calls', index, 'service'], msg.cycle(cycle));
      } else if (state.get(to) === undefined && rawServices[to] !== undefined) dfs(to);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(rawServices).sort()) if (state.get(name) === undefined) dfs(name);
}

// ── spec.workload[] ──────────────────────────────────────────────────────────────────────────────

function convertWorkloads(ctx: Ctx, raw: unknown, known: readonly string[]): WorkloadConfig[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    error(ctx, ['spec', 'workload'], m.expectedGot('a list of workloads', raw));
    return [];
  }
  const out: WorkloadConfig[] = [];
  raw.forEach((w: unknown, i) => {
    const at = ['spec', 'workload', i];
    const r = workloadSchema.safeParse(w, PARSE_OPTIONS);
    if (!r.success) reportIssues(r.error.issues, ctx.site, w, ctx.reporter, at);
    const rec = isRecord(w) ? w : {};
    if (typeof rec.target === 'string' && !ctx.refs.services.has(rec.target)) {
      error(ctx, [...at, 'target'], msg.targetUnknown(rec.target, known));
    }
    const arrivals =
      rec.arrivals === undefined ? undefined : convertArrivals(ctx, rec.arrivals, [...at, 'arrivals']);
    if (rec.arrivals === undefined && r.success)
      error(ctx, [...at, 'arrivals'], m.requiredField(msg.arrivalKind(undefined)));
    const clients = isRecord(rec.clients) ? convertClients(ctx, rec.clients, [...at, 'clients']) : null;
    if (!r.success || arrivals === undefined || clients === undefined) return;
    out.push({ name: r.data.name, target: r.data.target, arrivals, clients });
  });
  return out;
}

function convertClients(ctx: Ctx, raw: Record<string, unknown>, at: Path): ClientsConfig | undefined {
  const sessionLength =
    raw.sessionLength === undefined
      ? constant(1)
      : countDistribution(ctx, raw.sessionLength, [...at, 'sessionLength']);
  const thinkTime =
    raw.thinkTime === undefined
      ? constant(0)
      : durationDistribution(ctx, raw.thinkTime, [...at, 'thinkTime']);
  const count = raw.count;
  if (sessionLength === undefined || thinkTime === undefined || typeof count !== 'number') return undefined;
  const sourceIps = typeof raw.sourceIps === 'number' ? raw.sourceIps : count;
  return { count, sessionLength, thinkTime, skew: typeof raw.skew === 'number' ? raw.skew : 0, sourceIps };
}

/** A distribution over counts: a number, or {constant|exponential|uniform|lognormal|pareto} of numbers. */
function countDistribution(ctx: Ctx, v: unknown, path: Path): Distribution | undefined {
  const bad = (): undefined => {
    error(
      ctx,
      path,
      m.expectedGot(
        'a count or a distribution of counts such as 20, {exponential: {mean: 20}} or {uniform: {min: 5, max: 50}}',
        v,
      ),
    );
    return undefined;
  };
  if (typeof v === 'number') return v >= 1 ? constant(v) : bad();
  if (!isRecord(v) || Object.keys(v).length !== 1) return bad();
  const [kind, body] = Object.entries(v)[0] as [string, unknown];
  const f = isRecord(body) ? body : {};
  const n = (k: string): number => (typeof f[k] === 'number' ? (f[k] as number) : Number.NaN);
  switch (kind) {
    case 'constant':
      return typeof body === 'number' && body >= 1 ? constant(body) : bad();
    case 'exponential':
      return n('mean') > 0 ? exponential(n('mean')) : bad();
    case 'uniform':
      return n('min') >= 0 && n('max') >= n('min') ? uniform(n('min'), n('max')) : bad();
    case 'lognormal':
      return n('median') > 0 && n('p99') >= n('median') ? lognormal(n('median'), n('p99')) : bad();
    case 'pareto':
      return n('scale') > 0 && n('shape') > 0 ? pareto(n('scale'), n('shape')) : bad();
    default:
      return bad();
  }
}

// ── Rates and arrival processes ──────────────────────────────────────────────────────────────────

const RATE_UNITS: Record<string, number> = { s: 1, min: 60, h: 3600 };

/** "300/s", "50/min", "1000/h" or a bare number per second → per second; undefined when invalid or negative. */
export function parseRate(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*\/\s*(s|min|h)\s*$/.exec(v);
  if (!match) return undefined;
  return Number(match[1]) / (RATE_UNITS[match[2] as string] as number);
}

function rate(ctx: Ctx, v: unknown, path: Path): number | undefined {
  const r = parseRate(v);
  if (r === undefined)
    error(ctx, path, v === undefined ? m.requiredField(msg.expectRate) : m.expectedGot(msg.expectRate, v));
  return r;
}

function durationAt(ctx: Ctx, v: unknown, path: Path, positive = false): Micros | undefined {
  const us = typeof v === 'string' ? parseDuration(v) : v === 0 ? 0 : undefined;
  if (us === undefined || us < 0 || (positive && us === 0)) {
    const e = positive ? m.expectPositiveDuration : m.expectDuration;
    error(ctx, path, v === undefined ? m.requiredField(e) : m.expectedGot(e, v));
    return undefined;
  }
  return us;
}

/** Checks that `body` is a mapping with only `names`; reports unknown fields. */
function fieldsOf(
  ctx: Ctx,
  body: unknown,
  path: Path,
  names: readonly string[],
): Record<string, unknown> | undefined {
  if (!isRecord(body)) {
    error(ctx, path, m.expectedGot(`a mapping with ${names.join(', ')}`, body));
    return undefined;
  }
  let ok = true;
  for (const k of Object.keys(body)) {
    if (!names.includes(k)) {
      ctx.reporter.error(ctx.site, [...path, k], m.unknownField(k), true);
      ok = false;
    }
  }
  return ok ? body : undefined;
}

function convertArrivals(ctx: Ctx, v: unknown, at: Path): ArrivalProcess | undefined {
  const keys = isRecord(v) ? Object.keys(v) : [];
  const kind = keys[0] as (typeof ARRIVAL_KINDS)[number];
  if (!isRecord(v) || keys.length !== 1 || !ARRIVAL_KINDS.includes(kind)) {
    error(ctx, at, msg.arrivalKind(v));
    return undefined;
  }
  const body = v[kind];
  const p = [...at, kind];
  switch (kind) {
    case 'poisson': {
      const f = fieldsOf(ctx, body, p, ['rate']);
      const r = f && rate(ctx, f.rate, [...p, 'rate']);
      return r === undefined ? undefined : { kind, rate: r };
    }
    case 'steps':
      return convertSteps(ctx, body, p);
    case 'diurnal': {
      const f = fieldsOf(ctx, body, p, ['mean', 'amplitude', 'period', 'peakAt']);
      if (!f) return undefined;
      const mean = rate(ctx, f.mean, [...p, 'mean']);
      const amplitude = f.amplitude ?? 0.5;
      if (typeof amplitude !== 'number' || !(amplitude >= 0 && amplitude <= 1)) {
        error(ctx, [...p, 'amplitude'], m.expectedGot('a number from 0 to 1', amplitude));
      }
      const period =
        f.period === undefined
          ? 86_400 * MICROS_PER_SECOND
          : durationAt(ctx, f.period, [...p, 'period'], true);
      const peakAt = f.peakAt === undefined ? 0 : durationAt(ctx, f.peakAt, [...p, 'peakAt']);
      if (mean === undefined || typeof amplitude !== 'number' || !(amplitude >= 0 && amplitude <= 1))
        return undefined;
      if (period === undefined || peakAt === undefined) return undefined;
      return { kind, mean, amplitude, period, peakAt };
    }
    case 'flashCrowd': {
      const f = fieldsOf(ctx, body, p, ['from', 'to', 'at', 'rampUp', 'hold']);
      if (!f) return undefined;
      const from = rate(ctx, f.from, [...p, 'from']);
      const to = rate(ctx, f.to, [...p, 'to']);
      const start = durationAt(ctx, f.at, [...p, 'at']);
      const rampUp =
        f.rampUp === undefined ? MICROS_PER_SECOND : durationAt(ctx, f.rampUp, [...p, 'rampUp'], true);
      const hold = f.hold === undefined ? 0 : durationAt(ctx, f.hold, [...p, 'hold']);
      if (
        from === undefined ||
        to === undefined ||
        start === undefined ||
        rampUp === undefined ||
        hold === undefined
      )
        return undefined;
      return { kind, from, to, at: start, rampUp, hold };
    }
    case 'trace':
      return convertTrace(ctx, body, p);
  }
}

function convertSteps(ctx: Ctx, body: unknown, p: Path): ArrivalProcess | undefined {
  if (!Array.isArray(body) || body.length === 0) {
    error(
      ctx,
      p,
      m.expectedGot('a list of steps such as [{at: 0s, rate: 100/s}, {at: 1h, rate: 1000/s}]', body),
    );
    return undefined;
  }
  const steps: RateStep[] = [];
  let ok = true;
  body.forEach((s: unknown, i) => {
    const f = fieldsOf(ctx, s, [...p, i], ['at', 'rate']);
    const at = f && durationAt(ctx, f.at, [...p, i, 'at']);
    const r = f && rate(ctx, f.rate, [...p, i, 'rate']);
    if (at === undefined || r === undefined) {
      ok = false;
      return;
    }
    const last = steps[steps.length - 1];
    if (last !== undefined && at <= last.at) {
      error(ctx, [...p, i, 'at'], msg.stepsOrder);
      ok = false;
    }
    steps.push({ at, rate: r });
  });
  return ok ? { kind: 'steps', steps } : undefined;
}

// ── Traces ───────────────────────────────────────────────────────────────────────────────────────

/** A trace time cell: seconds from the start, or an ISO-8601 / "YYYY-MM-DD hh:mm:ss" timestamp (UTC unless it says). */
function parseTraceTime(cell: string): { seconds: number } | { epochMs: number } | undefined {
  if (/^\d+(\.\d+)?$/.test(cell)) return { seconds: Number(cell) };
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(cell))
    return undefined;
  const iso = cell.replace(' ', 'T');
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? undefined : { epochMs: ms };
}

function convertTrace(ctx: Ctx, body: unknown, p: Path): ArrivalProcess | undefined {
  const f = fieldsOf(ctx, body, p, ['file', 'time', 'rate', 'count', 'scale', 'timeScale', 'loop']);
  if (!f) return undefined;
  let ok = true;
  const fail = (path: Path, message: string): undefined => {
    error(ctx, path, message);
    ok = false;
    return undefined;
  };
  const file =
    typeof f.file === 'string' && f.file !== ''
      ? f.file
      : fail([...p, 'file'], m.expectedGot('a CSV file path', f.file));
  const timeColumn =
    f.time === undefined
      ? 'time'
      : typeof f.time === 'string'
        ? f.time
        : fail([...p, 'time'], m.expectedGot('a column name', f.time));
  if ((f.rate === undefined) === (f.count === undefined)) fail(p, msg.traceColumns);
  const valueColumn = f.rate ?? f.count;
  if (valueColumn !== undefined && typeof valueColumn !== 'string') {
    fail([...p, f.rate !== undefined ? 'rate' : 'count'], m.expectedGot('a column name', valueColumn));
  }
  const positive = (k: string): number => {
    const v = f[k] ?? 1;
    if (typeof v !== 'number' || !(v > 0)) fail([...p, k], m.expectedGot('a number > 0', v));
    return typeof v === 'number' ? v : 1;
  };
  const scale = positive('scale');
  const timeScale = positive('timeScale');
  const loop = f.loop ?? false;
  if (typeof loop !== 'boolean') fail([...p, 'loop'], m.expectedGot('true or false', loop));
  if (!ok || file === undefined || timeColumn === undefined) return undefined;
  const read = ctx.refs.readSamples(file);
  if ('problem' in read) return fail([...p, 'file'], msg.traceUnreadable(file, read.problem));
  const text = read.text;

  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const ti = header.indexOf(timeColumn);
  const vi = header.indexOf(valueColumn as string);
  if (ti < 0) return fail([...p, 'time'], msg.traceHeader(file, timeColumn, header));
  if (vi < 0)
    return fail(
      [...p, f.rate !== undefined ? 'rate' : 'count'],
      msg.traceHeader(file, valueColumn as string, header),
    );
  const times: number[] = [];
  const values: number[] = [];
  let origin: number | undefined;
  let firstForm: 'seconds' | 'timestamps' | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim());
    const t = parseTraceTime(cells[ti] ?? '');
    const value = Number(cells[vi]);
    if (t === undefined) {
      return fail(
        [...p, 'file'],
        msg.traceRow(
          file,
          i + 1,
          m.expectedGot('a time in seconds or a timestamp such as 2024-11-29T10:00:00Z', cells[ti] ?? ''),
        ),
      );
    }
    if (cells[vi] === undefined || cells[vi] === '' || !Number.isFinite(value) || value < 0) {
      return fail(
        [...p, 'file'],
        msg.traceRow(
          file,
          i + 1,
          m.expectedGot(`a number >= 0 in column ${JSON.stringify(valueColumn)}`, cells[vi] ?? ''),
        ),
      );
    }
    const form = 'seconds' in t ? 'seconds' : 'timestamps';
    if (firstForm !== undefined && form !== firstForm) {
      return fail(
        [...p, 'file'],
        msg.traceRow(file, i + 1, 'expected every time in the same form (all seconds or all timestamps)'),
      );
    }
    firstForm = form;
    if ('epochMs' in t && origin === undefined) origin = t.epochMs;
    const s = 'seconds' in t ? t.seconds : (t.epochMs - (origin as number)) / 1000;
    if (times.length > 0 && s <= (times[times.length - 1] as number)) {
      return fail([...p, 'file'], msg.traceRow(file, i + 1, 'expected times in increasing order'));
    }
    times.push(s);
    values.push(value);
  }
  if (times.length < 2) return fail([...p, 'file'], msg.traceShort(file));
  const start = times[0] as number;
  const lastInterval = (times[times.length - 1] as number) - (times[times.length - 2] as number);
  const steps: RateStep[] = times.map((t, i) => {
    const next = i + 1 < times.length ? (times[i + 1] as number) : t + lastInterval;
    const perSecond =
      f.count !== undefined ? (values[i] as number) / ((next - t) * timeScale) : (values[i] as number);
    return { at: Math.round((t - start) * timeScale * MICROS_PER_SECOND), rate: perSecond * scale };
  });
  const end = Math.round(
    ((times[times.length - 1] as number) + lastInterval - start) * timeScale * MICROS_PER_SECOND,
  );
  return { kind: 'trace', steps, end, loop: loop === true };
}

// ── spec.slo ─────────────────────────────────────────────────────────────────────────────────────

function convertSlo(ctx: Ctx, raw: unknown): SloConfig {
  const none: SloConfig = { availability: null, latency: {} };
  if (raw === undefined) return none;
  const r = sloSchema.safeParse(raw, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, ctx.site, raw, ctx.reporter, ['spec', 'slo']);
    return none;
  }
  const latency: SloConfig['latency'] = {};
  for (const [k, v] of Object.entries(r.data.latency ?? {}))
    if (v !== undefined) Object.assign(latency, { [k]: v });
  return { availability: r.data.availability ?? null, latency };
}
