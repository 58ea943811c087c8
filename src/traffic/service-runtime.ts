import type { RandomStream, RandomStreams } from '../engine/random.js';
import type { Micros } from '../engine/time.js';
import type { ProxyConfig, ServiceBehaviour } from '../model/traffic.js';
import { type Balancer, type HashBalancer, l7Balancer, proxyBalancer } from './balancing/index.js';
import { DeadlineList } from './deadline-list.js';
import type { TrafficEndpoint } from './endpoints.js';
import type { PodServer } from './pod-server.js';
import { MinuteSeries, RequestStats } from './stats.js';

/** The endpoints one group of callers may use, and the policy that picks among them. */
export interface EndpointView {
  pods: PodServer[];
  balancer: Balancer<PodServer>;
}

/** A ClientIP affinity entry: kube-proxy's `recent` list (iptables) or IPVS persistence. */
interface AffinityEntry {
  pod: PodServer;
  /** Time of the source's last new connection. */
  last: Micros;
}

/** The key-space share a hash policy moved when the endpoints changed. */
export interface RemapEvent {
  /** Seconds since the start. */
  at: number;
  share: number;
}

/**
 * Everything kept per Service: its behaviour, the proxies' current view of its endpoints, the
 * balancing state, ClientIP affinity, the deadlines of its attempts, and its statistics.
 */
export class ServiceRuntime {
  readonly stats = new RequestStats();
  readonly series = new MinuteSeries();
  readonly serviceRng: RandomStream;
  readonly lbRng: RandomStream;
  readonly retryRng: RandomStream;
  readonly callRng: RandomStream;
  /** Pods taking new connections or requests: the ready endpoints, else the serving terminating ones. */
  eligible: PodServer[] = [];
  private eligibleSet = new Set<PodServer>();
  /** Ready condition of each pod in the last endpoint list, to see a restarted pod become ready. */
  lastReady = new Map<string, boolean>();
  /** Views by caller zone ("" = all endpoints). PreferClose gives each zone its own. */
  private readonly views = new Map<string, EndpointView>();
  /** views.get(''), cached: the lookup every request of a Service without PreferClose makes. */
  private allView: EndpointView | null = null;
  private readonly affinity = new Map<number, AffinityEntry>();
  /** Attempts in progress with a deadline, in deadline order, and whether a timer for the head is set. */
  readonly deadlines = new DeadlineList();
  deadlineTimerArmed = false;
  /** The Services of `behaviour.calls`, entry by entry (the model resolves them once all exist). */
  callTargets: ServiceRuntime[] = [];
  /** Logical requests in flight, and those of them in a retry (the retry budget's two counts). */
  active = 0;
  activeRetries = 0;
  /** Sessions whose request went to another pod than their previous one (sessions only). */
  sessionsRemapped = 0;
  readonly lastPodOfSession = new Map<number, PodServer>();
  readonly remapEvents: RemapEvent[] = [];
  /** True when requests are balanced per request by a mesh policy rather than per connection by kube-proxy. */
  readonly perRequest: boolean;

  constructor(
    readonly key: string,
    readonly behaviour: ServiceBehaviour,
    private readonly proxy: ProxyConfig,
    random: RandomStreams,
  ) {
    this.serviceRng = random.get(`traffic/service/${key}`);
    this.lbRng = random.get(`traffic/balancing/${key}`);
    this.retryRng = random.get(`traffic/retries/${key}`);
    this.callRng = random.get(`traffic/calls/${key}`);
    this.perRequest = behaviour.loadBalancing !== 'kube-proxy';
  }

  /**
   * Applies the proxies' new view of the endpoints (`pods[i]` is the server of `endpoints[i]`).
   * kube-proxy ≥ 1.28 (KEP-1669, ProxyTerminatingEndpoints GA): only ready endpoints get new
   * connections; when none is ready, serving terminating ones do.
   */
  setEndpoints(
    endpoints: readonly TrafficEndpoint[],
    pods: readonly PodServer[],
    now: Micros,
    inWindow: boolean,
  ): void {
    let eligible = pods.filter((_, i) => (endpoints[i] as TrafficEndpoint).ready);
    if (eligible.length === 0) {
      eligible = pods.filter((_, i) => {
        const e = endpoints[i] as TrafficEndpoint;
        return e.serving && e.terminating;
      });
    }
    this.eligible = eligible;
    this.eligibleSet = new Set(eligible);
    if (inWindow) for (const p of eligible) p.everEligible = true;
    this.lastReady = new Map(endpoints.map((e) => [e.pod, e.ready]));
    for (const [zone, view] of this.views) {
      view.pods = this.podsForZone(zone);
      view.balancer.setEndpoints(view.pods);
      if (zone === '' && 'lastMovedShare' in view.balancer) {
        const share = (view.balancer as HashBalancer<PodServer>).lastMovedShare;
        if (share > 0) this.remapEvents.push({ at: now / 1_000_000, share });
      }
    }
  }

  isEligible(pod: PodServer): boolean {
    return this.eligibleSet.has(pod);
  }

  /** The view for callers in `zone`: with PreferClose, the same-zone endpoints when there are any. */
  view(zone: string): EndpointView {
    // The all-endpoints view is cached apart: it is the lookup every request of a Service without
    // PreferClose makes, and keeping this small lets the JIT inline it into the request's path.
    const key = this.behaviour.preferClose ? zone : '';
    if (key === '' && this.allView !== null) return this.allView;
    return this.zoneView(key);
  }

  private zoneView(key: string): EndpointView {
    let v = this.views.get(key);
    if (v === undefined) {
      const balancer = this.perRequest
        ? l7Balancer<PodServer>(
            this.behaviour.loadBalancing as Exclude<typeof this.behaviour.loadBalancing, 'kube-proxy'>,
            this.lbRng,
          )
        : proxyBalancer<PodServer>(this.proxy, this.key, this.lbRng);
      v = { pods: this.podsForZone(key), balancer };
      balancer.setEndpoints(v.pods);
      this.views.set(key, v);
      if (key === '') this.allView = v;
    }
    return v;
  }

  /**
   * Picks the pod for a new connection from `sourceIp` (kube-proxy): the affinity entry when the
   * Service has ClientIP affinity, the entry's pod is still eligible and the source made a new
   * connection within the timeout; otherwise the proxy mode's choice, remembered for the source.
   */
  pickForConnection(
    view: EndpointView,
    requestKey: number,
    sourceIp: number,
    now: Micros,
  ): PodServer | undefined {
    if (this.behaviour.sessionAffinityTimeout === null || sourceIp < 0)
      return view.balancer.chooseEndpoint(requestKey, sourceIp);
    return this.pickWithAffinity(view, requestKey, sourceIp, now);
  }

  private pickWithAffinity(
    view: EndpointView,
    requestKey: number,
    sourceIp: number,
    now: Micros,
  ): PodServer | undefined {
    const timeout = this.behaviour.sessionAffinityTimeout as Micros;
    const entry = this.affinity.get(sourceIp);
    if (entry !== undefined && now - entry.last <= timeout && this.eligibleSet.has(entry.pod)) {
      entry.last = now;
      return entry.pod;
    }
    const pod = view.balancer.chooseEndpoint(requestKey, sourceIp);
    if (pod !== undefined) {
      if (entry === undefined) this.affinity.set(sourceIp, { pod, last: now });
      else {
        entry.pod = pod;
        entry.last = now;
      }
    }
    return pod;
  }

  private podsForZone(zone: string): PodServer[] {
    if (zone === '') return this.eligible;
    const near = this.eligible.filter((p) => p.zone === zone);
    return near.length > 0 ? near : this.eligible;
  }
}
