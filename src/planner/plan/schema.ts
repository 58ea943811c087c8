import { z } from 'zod';
import { generatorSchema } from '../../report/schema-fields.js';

// `kubesim plan --format json`: the plan report's declared shape, every field with its meaning.
// docs/planning.md's field table is generated from it (a test keeps them in step).

const ratio = (what: string) => z.number().min(0).describe(what);

const pool = z
  .object({
    name: z.string().describe("the node pool's name (the Scenario's pool, replaced)"),
    instanceType: z.string().describe('instance type from the catalogue'),
    count: z.number().int().describe('nodes in all'),
    perZone: z.number().int().describe('nodes in each zone (all of them without zones)'),
    zones: z.array(z.string()).describe('zones the nodes are spread over'),
    allocatable: z
      .object({
        cpu: z.string().describe('per node, after the reservations (Kubernetes quantity)'),
        memory: z.string().describe('per node, after the reservations and the eviction threshold'),
        pods: z.number().int().describe('per node'),
      })
      .strict(),
  })
  .strict();

const objectiveEstimate = z
  .object({
    objective: z.string().describe('`availability`, `latency.p99`, `podsAvailable(web,3)`, …'),
    target: z.number().describe('availability as a fraction, latency in ms'),
    n: z.number().int().describe('replications'),
    mean: z.number().describe('mean over the replications'),
    stdev: z.number().describe('sample standard deviation (0 with one replication)'),
    bound: z
      .number()
      .describe(
        'pessimistic one-sided Student-t bound at the confidence (lower for availability, upper for latency)',
      ),
    met: z.boolean().describe('the bound is on the good side of the target'),
  })
  .strict();

const candidate = z
  .object({
    pools: z.array(pool).describe('the node pools of the candidate (one)'),
    nodes: z.number().int().describe('nodes in all'),
    costPerHour: ratio('cost of all its nodes per hour under the cost model'),
    costPer30Days: ratio('costPerHour × 720'),
    verdict: z
      .enum(['feasible', 'infeasible', 'undecided'])
      .describe(
        'meets every objective with the confidence; misses one; still unclear after the most replications (counted as not meeting)',
      ),
    runs: z.number().int().describe('simulation runs spent on it'),
    slo: z.array(objectiveEstimate).describe('per objective'),
  })
  .strict();

export const planReportSchema = z
  .object({
    kind: z.literal('plan').describe('`plan`'),
    schemaVersion: z.literal(1).describe('1; bumped on any incompatible change'),
    generator: generatorSchema,
    scenario: z
      .object({
        name: z.string().describe('`metadata.name` of the Scenario'),
        seed: z.number().int().describe('seed of the first replication; replication i uses seed + i'),
        duration: z.string().describe('simulated time per run (Go duration text, e.g. "20m0s")'),
        durationSeconds: z.number().describe('the same in seconds'),
        warmupSeconds: z.number().describe('statistics ignore the first this many seconds'),
      })
      .strict(),
    catalog: z
      .object({
        file: z.string().describe('the catalogue file as given'),
        instanceTypes: z.number().int().describe('instance types in it'),
        reservations: z.enum(['gke', 'eks', 'none']).describe('how capacity became allocatable'),
        reservationsRule: z.string().describe('the formula, in words'),
      })
      .strict(),
    costModel: z.string().describe('the cost model, in words'),
    failures: z.string().describe('what every candidate had to survive'),
    confidence: z.number().describe('one-sided confidence each objective must be met with'),
    objectives: z.array(z.string()).describe('the objectives as written'),
    demand: z
      .object({
        pods: z.number().int().describe('pods of the workloads at their replicas'),
        cpu: z.string().describe('their cpu requests, summed'),
        memory: z.string().describe('their memory requests, summed'),
      })
      .strict(),
    plan: z
      .object({
        chosen: candidate
          .nullable()
          .describe('the cheapest candidate meeting every objective; null when none did'),
        frontier: z
          .array(candidate)
          .describe(
            'evaluated candidates no other beats on cost and every objective at once, cheapest first',
          ),
        why: z.array(z.string()).describe('why the chosen plan wins, one sentence each'),
        families: z
          .array(
            z
              .object({
                instanceType: z.string().describe('instance type'),
                zones: z.number().int().describe('zones used'),
                lowerBound: z
                  .number()
                  .int()
                  .nullable()
                  .describe('packing lower bound, nodes per zone; null: type unusable'),
                feasibleAt: z
                  .number()
                  .int()
                  .nullable()
                  .describe('fewest nodes per zone meeting the objectives, or null'),
                outcome: z.string().describe('where its search ended and why'),
              })
              .strict(),
          )
          .describe('every (instance type, zone count) family, in search order'),
        candidates: z.number().int().describe('candidates simulated'),
        runs: z.number().int().describe('simulation runs in all'),
      })
      .strict(),
  })
  .strict();

export type PlanReport = z.infer<typeof planReportSchema>;
