import { z } from 'zod';
import {
  IPVS_SCHEDULERS,
  LATENCY_PERCENTILES,
  LOAD_BALANCING_POLICIES,
  PROXY_MODES,
  TRAFFIC_FIDELITIES,
} from '../../model/traffic.js';
import { bool, duration, int, nonEmpty, num, quantity } from './common.js';

// The traffic fields of the Scenario (docs/traffic.md): spec.services.<name>, spec.workload[],
// spec.slo, spec.fidelity, and the KubeProxyConfiguration document. Objects are strict, as in
// scenario.ts. Distributions, rates and arrival processes are left opaque here and converted by
// convert/traffic.ts, which reports each problem at its own path.

const opaque = z.unknown().optional();

/** A fraction written as "20%" or as a number in [0, 1]. */
export const fraction = z.unknown().transform((v, ctx): number => {
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v)
        ? Number(`${v.slice(0, -1)}e-2`) // the decimal 99.9e-2: exactly the double nearest 0.999
        : Number.NaN;
  if (!(n >= 0 && n <= 1)) {
    ctx.issues.push({
      code: 'custom',
      message: 'expected a percentage such as "20%" or a number from 0 to 1',
      input: v,
    });
    return z.NEVER;
  }
  return n;
});

/** spec.services.<name>.calls[] */
export const callSchema = z.strictObject({
  service: nonEmpty,
  count: int(0).optional(),
  probability: num(0).max(1, { error: 'expected a probability from 0 to 1' }).optional(),
  parallel: bool.optional(),
});

const concurrency = z
  .number({ error: 'expected an integer >= 1' })
  .int({ error: 'expected an integer >= 1' })
  .min(1, { error: 'expected an integer >= 1 (concurrency 0 would be a pod that serves nothing)' });

/** spec.services.<name>: startupTime belongs to the Scenario's own converter. */
export const trafficServiceSchema = z.strictObject({
  startupTime: opaque,
  serviceTime: opaque,
  concurrency: concurrency.optional(),
  queueLimit: int(0).optional(),
  timeout: duration(true).optional(),
  cpuPerRequest: duration().optional(),
  idleCpu: quantity('cpu').optional(),
  cache: z.strictObject({ entries: int(1), missFactor: num(1) }).optional(),
  calls: z.array(callSchema, { error: 'expected a list of calls' }).optional(),
  loadBalancing: z
    .enum(LOAD_BALANCING_POLICIES, {
      error: `expected a load-balancing policy: one of ${LOAD_BALANCING_POLICIES.join(', ')}`,
    })
    .optional(),
  keepAlive: z
    .strictObject({
      connectionsPerClient: int(1).optional(),
      maxRequestsPerConnection: int(1).optional(),
      idleTimeout: duration(true).optional(),
    })
    .optional(),
  retries: z
    .strictObject({ attempts: int(0), backoff: duration(true).optional(), budget: fraction.optional() })
    .optional(),
});

/** spec.workload[].clients */
export const clientsSchema = z.strictObject({
  count: int(1),
  sessionLength: opaque,
  thinkTime: opaque,
  skew: num(0).optional(),
  sourceIps: int(1).optional(),
});

/** spec.workload[]: the arrival process is converted on its own. */
export const workloadSchema = z.strictObject({
  name: nonEmpty,
  target: nonEmpty,
  arrivals: z.unknown(),
  clients: clientsSchema.optional(),
});

/** spec.slo */
export const sloSchema = z.strictObject({
  availability: fraction.optional(),
  latency: z
    .strictObject(Object.fromEntries(LATENCY_PERCENTILES.map((p) => [p, duration(true).optional()])))
    .optional(),
  // Recovery objectives, read by convert/backup.ts.
  rpo: z.unknown().optional(),
  rto: z.unknown().optional(),
});

/** spec.fidelity */
export const fidelitySchema = z.enum(TRAFFIC_FIDELITIES, {
  error: `expected one of ${TRAFFIC_FIDELITIES.join(', ')}`,
});

/**
 * KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1): only the fields kubesim reads are
 * checked; the many others (bindAddress, conntrack, …) are accepted as kube-proxy accepts them.
 * "" means the platform default, iptables on Linux (pkg/proxy/apis/config/types.go), and rr for IPVS.
 */
export const kubeProxyConfigurationSchema = z.looseObject({
  mode: z
    .enum(['', ...PROXY_MODES], { error: `expected a proxy mode: one of ${PROXY_MODES.join(', ')} (or "")` })
    .optional(),
  ipvs: z
    .looseObject({
      scheduler: z
        .enum(['', ...IPVS_SCHEDULERS], {
          error: `expected an IPVS scheduler: one of ${IPVS_SCHEDULERS.join(', ')} (or "")`,
        })
        .optional(),
    })
    .optional(),
});
