import { z } from 'zod';
import { INCIDENT_STEPS } from '../metrics/incidents.js';
import { alertDetectionSchema, alertsSchema } from './alerts-schema.js';
import { batchReportSchema } from './batch-schema.js';
import { disasterRecoverySchema } from './disaster-recovery.js';
import { generatorSchema, goDuration, ratio, seconds } from './schema-fields.js';

// The JSON report's declared shape: every field with its meaning. docs/report.md's field table is
// generated from it (`npm run docs:report`; a test keeps them in step), and buildRunReport is typed by
// it, so a new measure touches its tracker, this schema and the line that fills it.

const distribution = z
  .object({
    count: z.number().int().describe('samples'),
    mean: seconds('mean'),
    p50: seconds('median'),
    p95: seconds('95th percentile'),
    p99: seconds('99th percentile'),
    max: seconds('largest'),
  })
  .strict();

const meanMax = (what: string) =>
  z
    .object({ mean: ratio(`time-weighted mean of ${what}`), max: ratio(`largest ${what}`) })
    .strict()
    .describe(what);

export const runReportSchema = z
  .object({
    schemaVersion: z.literal(2).describe('2; bumped on any incompatible change'),
    generator: generatorSchema,
    scenario: z
      .object({
        name: z.string().describe('`metadata.name` of the Scenario'),
        seed: z.number().int().describe('seed used (after `--seed`)'),
        duration: goDuration('simulated time'),
        durationSeconds: seconds('simulated time in seconds'),
        warmupSeconds: seconds('statistics ignore [0, warmup)'),
        kubernetesVersion: z.string().describe('version whose defaults were simulated'),
      })
      .strict(),
    warnings: z
      .array(
        z
          .object({
            file: z.string().describe("the file, relative to the Scenario's folder"),
            line: z.number().int().describe('1-based line (0: the whole file)'),
            column: z.number().int().describe('1-based column'),
            path: z.string().describe('which object and field'),
            message: z.string().describe('what was not simulated or looks like a mistake'),
          })
          .strict(),
      )
      .describe(
        'what the loader warned about: fields and fault kinds accepted but not simulated, and likely mistakes',
      ),
    cluster: z
      .object({
        nodesInitial: z.number().int().describe('nodes at the start'),
        nodesAtEnd: z.number().int().describe('nodes at the end'),
        zones: z.array(z.string()).describe("the Scenario's zones"),
        nodePools: z
          .array(
            z
              .object({
                name: z.string().describe('pool name'),
                instanceType: z.string().describe('instance type'),
                count: z.number().int().describe('nodes at the start'),
                zones: z.array(z.string()).describe('zones its nodes are spread over'),
                cpu: z.string().describe('allocatable cpu per node (Kubernetes quantity)'),
                memory: z.string().describe('allocatable memory per node (Kubernetes quantity)'),
                pricePerHour: z.number().describe('USD per node-hour, as given'),
              })
              .strict(),
          )
          .describe('the node pools'),
      })
      .strict(),
    scheduling: z
      .object({
        podsCreated: z.number().int().describe('pod objects created during the whole run (warm-up included)'),
        podsScheduled: z.number().int().describe('pods bound during the whole run'),
        podsDeleted: z.number().int().describe('pod objects removed during the whole run'),
        attempts: z.number().int().describe('scheduling cycles run'),
        failedAttempts: z.number().int().describe('cycles that found no node'),
        preemptions: z.number().int().describe('preemptions made'),
        pendingSeconds: distribution.describe(
          'creation → binding time of the pods bound during the run, in seconds',
        ),
        pendingAtEnd: z
          .array(
            z
              .object({
                pod: z.string().describe('"namespace/name"'),
                pendingSeconds: seconds('how long it has waited'),
                reason: z.string().describe("kube-scheduler's last message, or `not yet attempted`"),
              })
              .strict(),
          )
          .describe('pods unbound at the end (not counted in `pendingSeconds`)'),
      })
      .strict(),
    utilisation: z
      .object({
        cpuRequested: meanMax('cluster Σ cpu requests ÷ Σ allocatable'),
        memoryRequested: meanMax('cluster Σ memory requests ÷ Σ allocatable'),
        nodes: z
          .array(
            z
              .object({
                node: z.string().describe('node name'),
                pool: z.string().describe('its pool ("" for a manifest Node)'),
                zone: z.string().describe('its zone ("" when unlabelled)'),
                cpuRequested: ratio('time-weighted mean of requested ÷ allocatable cpu'),
                memoryRequested: ratio('time-weighted mean of requested ÷ allocatable memory'),
                maxCpuRequested: ratio('largest requested ÷ allocatable cpu'),
                maxMemoryRequested: ratio('largest requested ÷ allocatable memory'),
              })
              .strict(),
          )
          .describe('per node'),
      })
      .strict(),
    cost: z
      .object({
        currency: z.literal('USD').describe('`USD`'),
        total: z.number().describe('node cost over the window (after the warm-up)'),
        perHour: z.number().describe('cost per hour of window'),
        nodeHours: z.number().describe('node-hours in the window'),
        byPool: z
          .record(
            z.string(),
            z
              .object({ nodeHours: z.number().describe('node-hours'), cost: z.number().describe('cost') })
              .strict(),
          )
          .describe('per pool, by pool name'),
      })
      .strict(),
    availability: z
      .object({
        pods: ratio('overall pod availability: Σ∫min(available, replicas) ÷ Σ∫replicas (docs/simulation.md)'),
        workloads: z
          .array(
            z
              .object({
                workload: z.string().describe('"namespace/name"'),
                kind: z.enum(['Deployment', 'StatefulSet']).describe('its kind'),
                replicas: z.number().int().describe('desired replicas at the end'),
                availability: ratio('time-average of min(available, replicas) ÷ replicas'),
                anyAvailable: ratio('time fraction with ≥ 1 available pod'),
                fullyAvailable: ratio('time fraction with every replica available'),
                minAvailablePods: z
                  .number()
                  .int()
                  .describe('fewest available pods at any time in the window'),
                availablePodsTimeFraction: z
                  .array(ratio('fraction'))
                  .optional()
                  .describe(
                    'element i: fraction of the window with exactly i available pods, i = 0 … max(replicas, most available); they sum to 1, so any k-of-n question is a sum',
                  ),
                downtimePer30Days: goDuration(
                  'time with no available pod, scaled to 30 days: (1 − anyAvailable) × 30 days',
                ).optional(),
                downtimePer30DaysSeconds: seconds('the same in seconds').optional(),
              })
              .strict(),
          )
          .describe('per Deployment or StatefulSet'),
        downtime: z
          .object({
            timeBased: z
              .object({
                availability: ratio('time fraction with every workload having ≥ 1 available pod'),
                per30Days: goDuration('the downtime that implies per 30 days'),
                per30DaysSeconds: seconds('the same in seconds'),
              })
              .strict()
              .describe('from the pods (docs/incidents.md)'),
            requestBased: z
              .object({
                availability: ratio('Σ served ÷ Σ (offered − inFlightAtEnd) over the Services'),
                per30Days: goDuration('the downtime that implies per 30 days'),
                per30DaysSeconds: seconds('the same in seconds'),
                services: z
                  .array(
                    z
                      .object({
                        service: z.string().describe('"namespace/name"'),
                        availability: ratio('served ÷ (offered − inFlightAtEnd)'),
                        per30Days: goDuration('the downtime that implies per 30 days'),
                        per30DaysSeconds: seconds('the same in seconds'),
                      })
                      .strict(),
                  )
                  .describe('per Service that received requests'),
              })
              .strict()
              .nullable()
              .describe('from the requests, or null when the Scenario has no traffic'),
          })
          .strict()
          .optional()
          .describe('downtime per 30 days implied by the measured availability'),
      })
      .strict(),
    traffic: z
      .object({
        services: z
          .array(
            z
              .object({
                service: z.string().describe('"namespace/name"'),
                offered: z.number().int().describe('requests that arrived in the window'),
                served: z.number().int().describe('requests answered'),
                failed: z.number().int().describe('requests that failed (after retries)'),
                failedByReason: z
                  .record(z.string(), z.number().int())
                  .describe(
                    'failures by reason: timeout, rejected (full queue), noEndpoints, podLost, dependency',
                  ),
                inFlightAtEnd: z
                  .number()
                  .int()
                  .describe('offered but not ended at the end: offered = served + failed + inFlightAtEnd'),
                availability: ratio('served ÷ (offered − inFlightAtEnd)'),
                latencyMs: z
                  .object({
                    mean: z.number().describe('mean'),
                    p50: z.number().describe('median'),
                    p90: z.number().describe('90th percentile'),
                    p95: z.number().describe('95th percentile'),
                    p99: z.number().describe('99th percentile'),
                    p999: z.number().describe('99.9th percentile'),
                    max: z.number().describe('largest'),
                  })
                  .strict()
                  .describe('end-to-end latency of served requests, ms (HDR histogram)'),
                pods: z
                  .array(
                    z
                      .object({
                        pod: z.string().describe('"namespace/name"'),
                        node: z.string().describe('its node'),
                        zone: z.string().describe('its zone'),
                        served: z.number().int().describe('requests whose own work it finished'),
                        busy: ratio('time-average fraction of its workers busy'),
                        cpuSeconds: z.number().describe('CPU seconds its requests burned'),
                      })
                      .strict(),
                  )
                  .describe('per pod that was an endpoint'),
                imbalance: z
                  .object({
                    maxOverMean: z.number().describe('most requests served by one pod ÷ the mean'),
                    cv: z.number().describe('coefficient of variation of requests served per pod'),
                  })
                  .strict()
                  .describe('over every pod that was a ready endpoint, including those that served nothing'),
                cache: z
                  .object({
                    hits: z.number().int().describe("requests whose session was in the pod's cache"),
                    misses: z.number().int().describe('requests whose session was not'),
                    hitRate: ratio('hits ÷ (hits + misses)'),
                  })
                  .strict()
                  .nullable()
                  .describe('session cache, or null when the Service has none'),
                sessionsRemapped: z
                  .number()
                  .int()
                  .describe('sessions whose request reached another pod than their previous one'),
                keySpaceMoved: z
                  .array(
                    z
                      .object({
                        atSeconds: seconds('when'),
                        share: ratio('share of the key space that moved'),
                      })
                      .strict(),
                  )
                  .describe('hash policies: the share of sessions each endpoint change moved'),
              })
              .strict(),
          )
          .describe('per Service that received requests'),
        slo: z
          .array(
            z
              .object({
                objective: z.string().describe('`availability` or `latency.p99` (…)'),
                target: z.number().describe('the target: a fraction, or ms'),
                value: z.number().describe('the measured value'),
                met: z.boolean().describe('whether it was met'),
              })
              .strict(),
          )
          .describe("the Scenario's SLOs over the workloads' requests"),
        series: z
          .array(
            z
              .object({
                service: z.string().describe('"namespace/name"'),
                atSeconds: z.array(seconds('start')).describe('start of each step, s (warm-up included)'),
                offered: z.array(z.number().int()).describe('requests that arrived in the step'),
                served: z.array(z.number().int()).describe('requests answered in the step'),
                failed: z.array(z.number().int()).describe('requests that failed in the step'),
                p99Ms: z
                  .array(z.number().nullable())
                  .describe(
                    "p99 latency of the step's served requests, ms (null: none served); over a step of several minutes, the largest minute p99",
                  ),
                readyPods: z
                  .array(z.number().int())
                  .describe('endpoints taking new traffic at the end of the step'),
              })
              .strict(),
          )
          .optional()
          .describe(
            'per Service that received requests, its requests at the step of `series.step`, for charts',
          ),
      })
      .strict()
      .nullable()
      .describe('requests through Services (docs/traffic.md), or null when the Scenario has no workload'),
    faults: z
      .array(
        z
          .object({
            kind: z.string().describe('fault kind'),
            at: goDuration('when it struck'),
            atSeconds: seconds('when it struck, in seconds'),
            nodes: z.array(z.string()).describe('nodes hit'),
            recoversAt: goDuration('when it ends').nullable(),
            recoversAtSeconds: seconds('when it ends, in seconds (null: never)').nullable(),
            note: z.string().nullable().describe('why fewer nodes were hit than asked, or null'),
          })
          .strict(),
      )
      .describe('faults as they struck'),
    incidentStatistics: z
      .object({
        count: z.number().int().describe('incidents (faults, or groups of overlapping faults)'),
        per30Days: z.number().describe('incidents per 30 days of simulated time'),
        recovered: z.number().int().describe('incidents whose workloads were all back by the end'),
        notRecovered: z.number().int().describe('incidents not recovered by the end'),
        meanTimeToRecover: goDuration('mean time to recover over the recovered incidents').nullable(),
        meanTimeToRecoverSeconds: seconds('the same in seconds (null: none recovered)').nullable(),
        p95TimeToRecover: goDuration('95th percentile of the time to recover').nullable(),
        p95TimeToRecoverSeconds: seconds('the same in seconds').nullable(),
        maxTimeToRecover: goDuration('longest time to recover').nullable(),
        maxTimeToRecoverSeconds: seconds('the same in seconds').nullable(),
        podsLost: z.number().int().describe('pods lost over all incidents'),
      })
      .strict()
      .optional()
      .describe(
        'the long-run figures of the incidents, for random faults where one incident says little (docs/incidents.md); absent without faults',
      ),
    incidents: z
      .array(
        z
          .object({
            at: goDuration('when its first fault struck'),
            atSeconds: seconds('the same in seconds'),
            faults: z
              .array(
                z
                  .object({
                    kind: z.string().describe('fault kind'),
                    at: goDuration('when it struck'),
                    atSeconds: seconds('the same in seconds'),
                  })
                  .strict(),
              )
              .describe('its faults: one, or several that struck while it was open'),
            nodes: z.array(z.string()).describe('nodes the faults hit'),
            workloads: z
              .array(z.string())
              .describe(
                '"namespace/name" of workloads that lost a pod or fell below their replicas during the incident',
              ),
            milestones: z
              .array(
                z
                  .object({
                    step: z.enum(INCIDENT_STEPS).describe('the step'),
                    after: goDuration('first reached, after the incident began'),
                    afterSeconds: seconds('the same in seconds'),
                  })
                  .strict(),
              )
              .describe(
                'the first time each step was reached, in repair order (steps never reached are left out)',
              ),
            timeToRecover: goDuration(
              'until every workload that fell below its replicas had them all available again (0s: none fell)',
            ).nullable(),
            timeToRecoverSeconds: seconds('the same in seconds (null: not recovered by the end)').nullable(),
            podsLost: z
              .number()
              .int()
              .describe('distinct pods that stopped serving (killed, marked not Ready, evicted)'),
            timeline: z
              .array(
                z
                  .object({
                    at: goDuration('when'),
                    atSeconds: seconds('the same in seconds'),
                    step: z.enum(INCIDENT_STEPS).describe('which step'),
                    object: z.string().describe('on what: "node/NAME", "pod/NAMESPACE/NAME"'),
                    detail: z.string().nullable().describe('the value or reason, or null'),
                  })
                  .strict(),
              )
              .describe('every step in time order, at most 200; empty after the first 100 incidents'),
            timelineDropped: z.number().int().describe('steps beyond the 200 listed'),
          })
          .strict(),
      )
      .optional()
      .describe(
        'each fault, or group of overlapping faults, and how the cluster healed (docs/incidents.md); absent without faults',
      ),
    alerts: alertsSchema.optional(),
    alertDetection: alertDetectionSchema.optional(),
    operations: z
      .object({
        operations: z
          .array(
            z
              .object({
                kind: z.string().describe('operation kind (`drain`, `upgradeNodePool`, …)'),
                target: z
                  .string()
                  .describe(
                    'what it acted on: "node/NAME", "deployment/NAMESPACE/NAME", "pool/NAME", "file PATH"',
                  ),
                at: goDuration('when it started'),
                atSeconds: seconds('when it started, in seconds'),
                finishedAt: goDuration('when it finished').nullable(),
                finishedAtSeconds: seconds(
                  'when it finished, in seconds (null: still running at the end)',
                ).nullable(),
                outcome: z
                  .enum(['done', 'failed', 'running'])
                  .describe("`done`, `failed` (kubectl's error in `message`), or `running` at the end"),
                message: z.string().describe('what it did, or why it failed'),
                evictions: z.number().int().describe('evictions the API server accepted'),
                evictionsRefused: z
                  .number()
                  .int()
                  .describe('evictions refused (429) by a PodDisruptionBudget, each retried 5 s later'),
              })
              .strict(),
          )
          .describe('each operation of `spec.operations`, in start order (docs/operations.md)'),
        disruptionBudgets: z
          .array(
            z
              .object({
                name: z.string().describe('"NAMESPACE/NAME"'),
                expectedPods: z.number().int().describe('status.expectedPods'),
                currentHealthy: z.number().int().describe('status.currentHealthy'),
                desiredHealthy: z.number().int().describe('status.desiredHealthy'),
                disruptionsAllowed: z.number().int().describe('status.disruptionsAllowed'),
              })
              .strict(),
          )
          .describe("each PodDisruptionBudget's status at the end, as the disruption controller wrote it"),
      })
      .strict()
      .optional()
      .describe('day-2 operations; absent when the Scenario has none'),
    autoscaling: z
      .object({
        events: z
          .array(
            z
              .object({
                at: goDuration('when the controller wrote the new count'),
                atSeconds: seconds('when, in seconds'),
                kind: z
                  .enum(['hpa', 'clusterAutoscaler'])
                  .describe('which autoscaler: `hpa` or `clusterAutoscaler`'),
                hpa: z
                  .string()
                  .nullable()
                  .describe('the HorizontalPodAutoscaler, "NAMESPACE/NAME"; null for the cluster-autoscaler'),
                target: z
                  .string()
                  .describe(
                    'what it scaled: "deployment/NAMESPACE/NAME" or "statefulset/NAMESPACE/NAME" (hpa), "nodegroup/POOL" (clusterAutoscaler)',
                  ),
                from: z
                  .number()
                  .int()
                  .describe("replicas (hpa) or the node group's target size (clusterAutoscaler) before"),
                to: z.number().int().describe('replicas or target size after'),
                reason: z
                  .string()
                  .describe(
                    'hpa: upstream\'s rescale reason ("cpu resource utilization (percentage of request) above target", "All metrics below target", or a bound), then in parentheses the limit or stabilisation that decided, if any; clusterAutoscaler: its event reason (TriggeredScaleUp, ScaleDown, ScaleDownEmpty, ScaleDownFailed, FailedToScaleUp) and what happened',
                  ),
              })
              .strict(),
          )
          .describe('every rescale, in time order (docs/autoscaling.md)'),
        withoutAutoscaling: z
          .object({
            cost: z
              .object({
                total: z
                  .number()
                  .describe('USD over the window with the HPAs and the cluster-autoscaler off'),
                perHour: z.number().describe('USD per hour of the window'),
                nodeHours: z.number().describe('node-hours'),
              })
              .strict(),
            costSaved: z
              .number()
              .describe('USD the autoscaled run saved over the window (negative: it cost more)'),
            podAvailability: z.number().describe('availability.pods of the fixed run'),
            sloMet: z
              .boolean()
              .nullable()
              .describe('whether the fixed run met every SLO of traffic.slo; null without a workload or SLO'),
          })
          .strict()
          .optional()
          .describe(
            'the same scenario and seed with autoscaling off (`kubesim run --compare-fixed`); absent unless asked',
          ),
        series: z
          .object({
            workloads: z
              .array(
                z
                  .object({
                    hpa: z.string().describe('the HorizontalPodAutoscaler, "NAMESPACE/NAME"'),
                    workload: z.string().describe('its target, "NAMESPACE/NAME"'),
                    replicas: z
                      .array(z.number())
                      .describe("the target's spec.replicas (series `kubesim_workload_replicas`)"),
                    desiredReplicas: z
                      .array(z.number())
                      .describe(
                        "the HPA's status.desiredReplicas after its last sync (`kube_horizontalpodautoscaler_status_desired_replicas`)",
                      ),
                    metricDesiredReplicas: z
                      .array(z.number())
                      .describe(
                        "what the HPA's metrics proposed at its last sync, before stabilisation, bounds and rate limits (`kubesim_hpa_metric_desired_replicas`)",
                      ),
                    readyPods: z
                      .array(z.number())
                      .describe(
                        "the target's pods running, Ready and not terminating (`kubesim_workload_pods_available`)",
                      ),
                    pendingPods: z
                      .array(z.number())
                      .describe("the target's Pending pods (`kubesim_workload_pods_pending`)"),
                  })
                  .strict(),
              )
              .describe('one per HPA, in input order'),
            pendingPods: z
              .array(z.number())
              .describe('Pending pods of the whole cluster (`kube_pod_status_phase{phase="Pending"}`)'),
            nodePools: z
              .array(
                z
                  .object({
                    pool: z.string().describe('the node pool (a node group of the cluster-autoscaler)'),
                    registered: z
                      .array(z.number())
                      .describe('its Node objects (`kubesim_node_pool_nodes{state="registered"}`)'),
                    provisioning: z
                      .array(z.number())
                      .describe(
                        'its machines paid for, not registered yet (`kubesim_node_pool_nodes{state="provisioning"}`)',
                      ),
                  })
                  .strict(),
              )
              .describe('one per pool with `max`; empty when the cluster-autoscaler did not run'),
            costPerHour: z
              .array(z.number())
              .nullable()
              .describe(
                'USD per hour of every machine paid for (`kubesim_cost_per_hour`); null when the cluster-autoscaler did not run (the rate is then `cost.perHour` but for faults)',
              ),
          })
          .strict()
          .optional()
          .describe(
            'per-minute series of the autoscalers, sampled as `series` is (at 0, `series.step`, 2·`series.step`, …): the values of the named series of `series.series`, picked out for charts',
          ),
        scaleUps: z
          .array(
            z
              .object({
                hpa: z.string().describe('the HorizontalPodAutoscaler, "NAMESPACE/NAME"'),
                workload: z.string().describe('its target, "NAMESPACE/NAME"'),
                service: z
                  .string()
                  .nullable()
                  .describe(
                    "the Service selecting the target's pods whose requests are counted (the first by name with requests); null when none",
                  ),
                start: goDuration('the HPA rescale that opened the episode'),
                startSeconds: seconds('start, in seconds'),
                end: z
                  .string()
                  .nullable()
                  .describe(
                    "when the target's available pods first reached its spec.replicas (Go duration text); null: not by the end of the run",
                  ),
                endSeconds: z.number().nullable().describe('end, in seconds'),
                readySeconds: z.number().nullable().describe('end − start, seconds; null when not reached'),
                from: z.number().int().describe('replicas before the episode'),
                to: z.number().int().describe('the highest replicas the HPA set during it'),
                minutes: z
                  .object({
                    first: seconds("start of the first minute of the Service's per-minute series counted"),
                    last: seconds('start of the last one'),
                  })
                  .strict()
                  .nullable()
                  .describe(
                    'the whole minutes the window [start, end or the end of the run] overlaps; null without a Service',
                  ),
                offered: z.number().describe('requests that arrived at the Service in those minutes'),
                served: z.number().describe('requests served (ended) in them'),
                failed: z.number().describe('requests failed (ended) in them'),
                availability: z
                  .number()
                  .nullable()
                  .describe('served ÷ (served + failed); null when no request ended'),
                p99Ms: z
                  .number()
                  .nullable()
                  .describe(
                    "the worst minute's p99 latency, ms: an upper bound on the window's p99; null when none was served",
                  ),
                availabilityMet: z
                  .boolean()
                  .nullable()
                  .describe('availability ≥ `slo.availability`; null without that SLO or without requests'),
                p99Met: z
                  .boolean()
                  .nullable()
                  .describe('p99Ms ≤ `slo.latency.p99`; null without that SLO or without served requests'),
              })
              .strict(),
          )
          .optional()
          .describe(
            "each HPA scale-up, from the rescale to the moment the target's pods were all available, with its Service's requests against the SLO (docs/autoscaling.md)",
          ),
      })
      .strict()
      .optional()
      .describe(
        'the autoscalers; absent when neither a HorizontalPodAutoscaler nor the cluster-autoscaler (a pool with `max`) ran',
      ),
    disasterRecovery: disasterRecoverySchema
      .optional()
      .describe(
        'backups, etcd snapshots, disasters with RPO and RTO; absent when the input has no Schedule, spec.backup or disaster',
      ),
    rollouts: z
      .array(
        z
          .object({
            deployment: z.string().describe('"namespace/name"'),
            revision: z.number().int().describe('the newest revision (deployment.kubernetes.io/revision)'),
            replicas: z.number().int().describe('status.replicas: active pods of all its ReplicaSets'),
            updatedReplicas: z.number().int().describe('active pods of the newest ReplicaSet'),
            readyReplicas: z.number().int().describe('ready pods'),
            availableReplicas: z.number().int().describe('pods ready for at least minReadySeconds'),
            unavailableReplicas: z.number().int().describe('Σ ReplicaSet replicas − available, at least 0'),
            conditions: z
              .array(
                z
                  .object({
                    type: z.enum(['Available', 'Progressing']).describe('the condition'),
                    status: z.enum(['True', 'False', 'Unknown']).describe('its status'),
                    reason: z
                      .string()
                      .describe("upstream's reason: NewReplicaSetAvailable, ProgressDeadlineExceeded, …"),
                    message: z.string().describe("upstream's message"),
                    lastUpdate: goDuration('lastUpdateTime'),
                    lastUpdateSeconds: seconds('lastUpdateTime, in seconds'),
                    lastTransition: goDuration('lastTransitionTime'),
                    lastTransitionSeconds: seconds('lastTransitionTime, in seconds'),
                  })
                  .strict(),
              )
              .describe('the Deployment conditions at the end'),
            replicaSets: z
              .array(
                z
                  .object({
                    name: z.string().describe('"<deployment>-<pod-template-hash>"'),
                    revision: z.number().int().describe('its revision'),
                    replicas: z.number().int().describe('spec.replicas at the end'),
                    availableReplicas: z.number().int().describe('status.availableReplicas at the end'),
                  })
                  .strict(),
              )
              .describe('its ReplicaSets, oldest first'),
          })
          .strict(),
      )
      .optional()
      .describe(
        'Deployments that rolled out, at the end of the run (docs/deployments.md); absent when none did',
      ),
    batch: batchReportSchema
      .optional()
      .describe('Jobs and the pod arrival trace (docs/batch.md); absent when the run has neither'),
    timeline: z
      .array(
        z
          .object({
            at: goDuration('when'),
            atSeconds: seconds('when, in seconds'),
            kind: z
              .enum([
                'Fault',
                'MachineDown',
                'MachineUp',
                'NodeReady',
                'NodeTainted',
                'NodeUntainted',
                'Operation',
                'PodEvicted',
                'PodScheduled',
                'ReplicaSetScaled',
                'DeploymentProgressing',
              ])
              .describe('what changed'),
            object: z
              .string()
              .describe(
                'on what: "node/NAME", "pod/NAMESPACE/NAME", "replicaset/NAMESPACE/NAME", "deployment/NAMESPACE/NAME"',
              ),
            from: z
              .string()
              .nullable()
              .describe(
                'the value before (a Ready status, a taint, a node, a replica count, a Progressing reason), or null',
              ),
            to: z.string().nullable().describe('the value after, or null'),
            reason: z.string().nullable().describe('why, where it is not obvious, or null'),
          })
          .strict(),
      )
      .describe(
        `notable changes in time order, at most 500 (the Markdown report turns each into a sentence)`,
      ),
    timelineDropped: z.number().int().describe('changes beyond the 500 listed'),
    series: z
      .object({
        step: goDuration('sampling step: 1 minute, coarser for long runs so a series has at most 500 points'),
        stepSeconds: seconds('sampling step in seconds'),
        points: z.number().int().describe('samples per series, at 0, step, 2·step, … ≤ duration'),
        series: z
          .array(
            z
              .object({
                metric: z.string().describe('metric name (kube-state-metrics names where one exists)'),
                type: z.enum(['gauge', 'counter']).describe('gauge or counter'),
                labels: z.record(z.string(), z.string()).describe('label values'),
                values: z.array(z.number()).describe('the value at each sample time'),
              })
              .strict(),
          )
          .describe(
            'one per metric and label set: nodes by Ready status, machines down, pods by phase, available pods per workload; with autoscaling also replicas, HPA desired replicas and Pending pods per HPA target, nodes per pool and the cost rate (`autoscaling.series` names them)',
          ),
      })
      .strict(),
    engine: z
      .object({
        eventsFired: z
          .number()
          .int()
          .describe('events the engine processed (a measure of work, identical across machines)'),
      })
      .strict(),
    replications: z
      .object({
        count: z.number().int().describe('runs, one per seed'),
        seeds: z
          .array(z.number().int())
          .describe('the seeds: seed, seed + 1, …; the report above is the first'),
        warnings: z
          .array(z.string())
          .describe(
            'intervals too wide for their question (an SLO target inside its interval), with the runs that would do',
          ),
      })
      .strict()
      .optional()
      .describe('`kubesim run --replications N` (docs/experiments.md); absent for a single run'),
    statistics: z
      .record(
        z.string(),
        z
          .object({
            n: z.number().int().describe('runs that have the figure'),
            mean: z.number().describe('mean over those runs'),
            stdev: z.number().describe('sample standard deviation'),
            ci95Low: z.number().describe('lower end of the 95 % Student-t interval of the mean'),
            ci95High: z.number().describe('upper end'),
          })
          .strict(),
      )
      .optional()
      .describe(
        'with `replications`: each numeric figure of the report by dotted path (`traffic.services[default/cart].latencyMs.p99`, `availability.pods`, `cost.total`)',
      ),
  })
  .strict();

export type RunReportShape = z.infer<typeof runReportSchema>;

/** The field table of docs/report.md: one row per field, by dotted path ([] for array elements). */
export function reportFieldTable(schema: z.ZodType = runReportSchema): string {
  const rows: string[] = ['| field | type | meaning |', '|---|---|---|'];
  const visit = (s: z.ZodType, path: string, description: string | undefined): void => {
    const def = s.def as { type: string };
    const desc = description ?? s.description;
    switch (def.type) {
      case 'object': {
        if (path) rows.push(`| \`${path}\` | object | ${desc ?? ''} |`);
        const shape = (s as z.ZodObject).shape;
        for (const [k, v] of Object.entries(shape))
          visit(v as z.ZodType, path ? `${path}.${k}` : k, undefined);
        return;
      }
      case 'array': {
        const element = (s as z.ZodArray<z.ZodType>).element;
        if ((element.def as { type: string }).type === 'object') {
          rows.push(`| \`${path}[]\` | array | ${desc ?? ''} |`);
          for (const [k, v] of Object.entries((element as z.ZodObject).shape))
            visit(v as z.ZodType, `${path}[].${k}`, undefined);
        } else rows.push(`| \`${path}[]\` | ${typeName(element)}[] | ${desc ?? ''} |`);
        return;
      }
      case 'record': {
        const value = (s.def as unknown as { valueType: z.ZodType }).valueType;
        if ((value.def as { type: string }).type === 'object') {
          rows.push(`| \`${path}.<key>\` | map | ${desc ?? ''} |`);
          for (const [k, v] of Object.entries((value as z.ZodObject).shape))
            visit(v as z.ZodType, `${path}.<key>.${k}`, undefined);
        } else rows.push(`| \`${path}\` | map of ${typeName(value)} | ${desc ?? ''} |`);
        return;
      }
      case 'optional': {
        visit((s as z.ZodOptional<z.ZodType>).unwrap(), path, desc);
        return;
      }
      case 'nullable': {
        const inner = (s as z.ZodNullable<z.ZodType>).unwrap();
        rows.push(`| \`${path}\` | ${typeName(inner)} or null | ${desc ?? inner.description ?? ''} |`);
        return;
      }
      default:
        rows.push(`| \`${path}\` | ${typeName(s)} | ${desc ?? ''} |`);
    }
  };
  visit(schema, '', undefined);
  return `${rows.join('\n')}\n`;
}

function typeName(s: z.ZodType): string {
  const def = s.def as { type: string; values?: unknown[] };
  if (def.type === 'literal' || def.type === 'enum') {
    const values =
      def.type === 'enum' ? Object.values((s as z.ZodEnum).enum) : [...((s as z.ZodLiteral).values ?? [])];
    return values.map((v) => JSON.stringify(v)).join(' \\| ');
  }
  if (def.type === 'number') return (s as z.ZodNumber).isInt ? 'integer' : 'number';
  return def.type;
}
