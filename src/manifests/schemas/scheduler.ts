import { z } from 'zod';
import { int, nonEmpty, str } from './common.js';

// kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration. kube-scheduler decodes its config
// strictly, so unknown fields are reported; upstream fields kubesim does not simulate are accepted
// with a "not simulated" warning (see IGNORED_SCHEDULER_FIELDS).

const pluginSet = z.strictObject({
  enabled: z.array(z.strictObject({ name: nonEmpty, weight: int(0).optional() })).optional(),
  disabled: z.array(z.strictObject({ name: nonEmpty, weight: int(0).optional() })).optional(),
});

const plugins = z.strictObject({
  preEnqueue: pluginSet.optional(),
  queueSort: pluginSet.optional(),
  preFilter: pluginSet.optional(),
  filter: pluginSet.optional(),
  postFilter: pluginSet.optional(),
  preScore: pluginSet.optional(),
  score: pluginSet.optional(),
  reserve: pluginSet.optional(),
  permit: pluginSet.optional(),
  preBind: pluginSet.optional(),
  bind: pluginSet.optional(),
  postBind: pluginSet.optional(),
  multiPoint: pluginSet.optional(),
});

const profile = z.strictObject({
  schedulerName: str.optional(),
  percentageOfNodesToScore: int(0, 100).optional(),
  plugins: plugins.optional(),
  pluginConfig: z
    .array(
      z.strictObject({
        name: nonEmpty,
        args: z
          .record(z.string(), z.unknown(), { error: 'expected a mapping of plugin arguments' })
          .optional(),
      }),
    )
    .optional(),
});

/** Upstream top-level fields that kubesim accepts but does not simulate. */
export const IGNORED_SCHEDULER_FIELDS = [
  'parallelism',
  'leaderElection',
  'clientConnection',
  'healthzBindAddress',
  'metricsBindAddress',
  'enableProfiling',
  'enableContentionProfiling',
  'extenders',
  'delayCacheUntilActive',
] as const;

/** The KubeSchedulerConfiguration document, strict like kube-scheduler's own decoding. */
export const kubeSchedulerConfiguration = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  percentageOfNodesToScore: int(0, 100).optional(),
  // upstream validation: podInitialBackoffSeconds > 0, podMaxBackoffSeconds >= podInitialBackoffSeconds.
  podInitialBackoffSeconds: int(1).optional(),
  podMaxBackoffSeconds: int(1).optional(),
  profiles: z.array(profile).optional(),
  ...Object.fromEntries(IGNORED_SCHEDULER_FIELDS.map((f) => [f, z.unknown().optional()])),
});
