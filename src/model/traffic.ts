import type { Distribution } from '../engine/distributions.js';
import { type Micros, seconds } from '../engine/time.js';

/**
 * The resolved traffic configuration the TrafficModel reads (built by manifests/convert/traffic.ts from
 * the Scenario, with every default filled in). Rates are per second of simulated time; durations are µs.
 */
export interface TrafficConfig {
  workloads: readonly WorkloadConfig[];
  /** Behaviour of each Service that receives traffic, by Service key ("namespace/name"). */
  services: Readonly<Record<string, ServiceBehaviour>>;
  proxy: ProxyConfig;
  /**
   * Time from an EndpointSlice change to the proxies acting on it. The cluster side applies it before
   * calling `setEndpoints`; the model only carries the value. @default 1 s
   */
  endpointPropagationDelay: Micros;
  /** Statistics ignore requests that arrive in [0, warmup). @default 0 */
  warmup: Micros;
  slo: SloConfig;
  /** `request`: requests one by one (TrafficModel); `fluid`: rates per step (FluidTrafficModel). @default request */
  fidelity: TrafficFidelity;
}

export const TRAFFIC_FIDELITIES = ['request', 'fluid'] as const;
export type TrafficFidelity = (typeof TRAFFIC_FIDELITIES)[number];

/** How requests arrive over time: a (possibly time-varying) Poisson process. */
export type ArrivalProcess =
  | { kind: 'poisson'; rate: number }
  | { kind: 'steps'; steps: readonly RateStep[] }
  | { kind: 'diurnal'; mean: number; amplitude: number; period: Micros; peakAt: Micros }
  | { kind: 'flashCrowd'; from: number; to: number; at: Micros; rampUp: Micros; hold: Micros }
  | { kind: 'trace'; steps: readonly RateStep[]; end: Micros; loop: boolean };

/** A piecewise-constant rate: `rate` per second from `at` until the next step. */
export interface RateStep {
  at: Micros;
  rate: number;
}

/**
 * A client population (the partly-open model of Schroeder, Wierman and Harchol-Balter, "Open versus
 * closed: a cautionary tale", NSDI 2006): sessions arrive by the workload's arrival process; each is
 * run by one of `count` clients (chosen with Zipf weights) and sends `sessionLength` requests one
 * after another, each `thinkTime` after the previous response.
 */
export interface ClientsConfig {
  count: number;
  /** Requests per session (a distribution over counts; rounded, at least 1). */
  sessionLength: Distribution;
  /** Pause between a response and the session's next request, µs. */
  thinkTime: Distribution;
  /** Zipf exponent of client activity: client k (1-based) starts sessions in proportion to k^−skew. */
  skew: number;
  /** Distinct source IPs the clients share (client k uses IP k mod sourceIps). @default count */
  sourceIps: number;
}

export interface WorkloadConfig {
  name: string;
  /** The Service key requests go to. */
  target: string;
  arrivals: ArrivalProcess;
  /** Closed-loop sessions; null: open loop, every request on a new connection from its own source. */
  clients: ClientsConfig | null;
}

/** Per-request load-balancing policies a mesh or ingress adds in front of a Service. */
export const L7_POLICIES = [
  'random',
  'round-robin',
  'least-connection',
  'least-request',
  'source-hash',
  'ring-hash',
  'maglev',
] as const;
export type L7Policy = (typeof L7_POLICIES)[number];
/** `kube-proxy`: connections are balanced by the cluster's proxy mode (the default). */
export const LOAD_BALANCING_POLICIES = ['kube-proxy', ...L7_POLICIES] as const;
export type LoadBalancing = (typeof LOAD_BALANCING_POLICIES)[number];

/** KubeProxyConfiguration.mode values (kubeproxy.config.k8s.io/v1alpha1); "" means iptables on Linux. */
export const PROXY_MODES = ['iptables', 'nftables', 'ipvs'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];
/** IPVS schedulers kube-proxy accepts (pkg/proxy/ipvs/proxier.go; "" means rr). */
export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'sed', 'nq', 'dh', 'sh'] as const;
export type IpvsScheduler = (typeof IPVS_SCHEDULERS)[number];

export interface ProxyConfig {
  mode: ProxyMode;
  /** Only read in ipvs mode. @default rr */
  ipvsScheduler: IpvsScheduler;
}

/** Client-side keep-alive connections to a Service (connections are what kube-proxy balances). */
export interface KeepAliveConfig {
  connectionsPerClient: number;
  /** A connection is closed after this many requests; Infinity: never. */
  maxRequestsPerConnection: number;
  /** A connection idle this long is closed. */
  idleTimeout: Micros;
}

/** Retries by the caller of a Service (Envoy's retry policy and retry budget). */
export interface RetryPolicy {
  /** Retries after the first attempt (Istio's `attempts`, Envoy's `num_retries`). */
  attempts: number;
  /** Envoy's base_interval: the k-th retry waits U[0, min((2^k − 1) base, 10 base)). */
  backoff: Micros;
  /** Retries in flight may be at most this fraction of the Service's active requests (Envoy budget_percent). */
  budget: number;
}

/** A call a request makes to another Service while it holds its worker. */
export interface CallSpec {
  service: string;
  /** Calls made by this entry (when `probability` is 1). */
  count: number;
  /** Probability that the entry makes its calls at all. */
  probability: number;
  /** The entry's calls are issued together and awaited together; otherwise one after another. */
  parallel: boolean;
}

export interface CacheConfig {
  /** Sessions a pod keeps warm (LRU). */
  entries: number;
  /** A request whose session is not warm takes this many times longer. */
  missFactor: number;
}

/** How the pods behind one Service serve requests, and how callers treat the Service. */
export interface ServiceBehaviour {
  /** µs of work per request (before cache misses and slowdown). */
  serviceTime: Distribution;
  /** Requests served at once per pod. */
  concurrency: number;
  /** Requests waiting per pod; an arrival beyond it is rejected. Infinity: unbounded. */
  queueLimit: number;
  /** Per-attempt timeout applied by callers; Infinity: none. */
  timeout: Micros;
  /** CPU µs a request burns; null: its service time (a CPU-bound server). */
  cpuPerRequest: Micros | null;
  /** CPU each pod uses when idle (runtime, GC, health checks), millicores, added to its requests' CPU by the metrics pipeline. @default 0 */
  idleCpu: number;
  cache: CacheConfig | null;
  calls: readonly CallSpec[];
  loadBalancing: LoadBalancing;
  keepAlive: KeepAliveConfig;
  retries: RetryPolicy | null;
  /** Service.spec.sessionAffinity ClientIP: the affinity timeout; null: None. */
  sessionAffinityTimeout: Micros | null;
  /** Service.spec.trafficDistribution PreferClose: callers prefer endpoints in their own zone. */
  preferClose: boolean;
}

/** Request SLOs over the requests the workloads send (the entry Services). */
export interface SloConfig {
  /** Target fraction of requests served, e.g. 0.999; null: none. */
  availability: number | null;
  /** Latency targets by percentile name. */
  latency: Readonly<Partial<Record<LatencyPercentile, Micros>>>;
}

export const LATENCY_PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;
export type LatencyPercentile = (typeof LATENCY_PERCENTILES)[number];

/** Endpoint changes reach the proxies after about a second (K8S_BEHAVIOUR.md, kube-proxy). */
export const DEFAULT_ENDPOINT_PROPAGATION_DELAY = seconds(1);
/** core/v1 SetDefaults_Service: sessionAffinityConfig.clientIP.timeoutSeconds 10800. */
export const DEFAULT_AFFINITY_TIMEOUT = seconds(10_800);
/** Go net/http DefaultTransport IdleConnTimeout (src/net/http/transport.go): 90 s. */
export const DEFAULT_IDLE_TIMEOUT = seconds(90);
/** Envoy RetryPolicy retry_back_off.base_interval default: 25 ms. */
export const DEFAULT_RETRY_BACKOFF = 25_000;
/** Envoy RetryBudget budget_percent default: 20 %. */
export const DEFAULT_RETRY_BUDGET = 0.2;
/** Envoy RetryBudget min_retry_concurrency default: 3. */
export const MIN_RETRY_CONCURRENCY = 3;

/** The keep-alive defaults: one connection per client, reused until idle for 90 s. */
export const DEFAULT_KEEP_ALIVE: KeepAliveConfig = {
  connectionsPerClient: 1,
  maxRequestsPerConnection: Number.POSITIVE_INFINITY,
  idleTimeout: DEFAULT_IDLE_TIMEOUT,
};

/** A ServiceBehaviour with the defaults for every field but `serviceTime`. */
export function serviceBehaviour(
  serviceTime: Distribution,
  fields: Partial<ServiceBehaviour> = {},
): ServiceBehaviour {
  return {
    serviceTime,
    concurrency: 1,
    queueLimit: Number.POSITIVE_INFINITY,
    timeout: Number.POSITIVE_INFINITY,
    cpuPerRequest: null,
    idleCpu: 0,
    cache: null,
    calls: [],
    loadBalancing: 'kube-proxy',
    keepAlive: DEFAULT_KEEP_ALIVE,
    retries: null,
    sessionAffinityTimeout: null,
    preferClose: false,
    ...fields,
  };
}
