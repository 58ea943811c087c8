import { autoscalingFlashCrowd } from './autoscaling-flash-crowd.js';
import { backups } from './backups.js';
import { batchTrace } from './batch-trace.js';
import { clusterSize } from './cluster-size.js';
import { engineMm1 } from './engine-mm1.js';
import { engineRandom } from './engine-random.js';
import { engineTimers } from './engine-timers.js';
import type { Benchmark } from './harness.js';
import { horizon } from './horizon.js';
import { monitoringMetricsOut } from './monitoring-metrics-out.js';
import { planSearch } from './plan.js';
import { replicas } from './replicas.js';
import { scheduler150k } from './scheduler-150k.js';
import { schedulerPodAntiAffinity } from './scheduler-anti-affinity.js';
import { schedulerBasic } from './scheduler-basic.js';
import { schedulerScaling } from './scheduler-scaling.js';
import { schedulerTopologySpreading } from './scheduler-spreading.js';
import { schedulingWorkloads } from './scheduling-workloads.js';
import { sweep } from './sweep.js';
import { trafficFluid } from './traffic-fluid.js';
import { trafficRequests } from './traffic-requests.js';
import { trafficShop } from './traffic-shop.js';

/**
 * Every benchmark `npm run bench` knows, in the order they run. To add one, export a `Benchmark`
 * from its own module in bench/ and list it here; `npm run bench -- <filter>` selects by name.
 */
export const benchmarks: readonly Benchmark[] = [
  engineMm1,
  engineTimers,
  engineRandom,
  schedulerBasic,
  schedulerTopologySpreading,
  schedulerPodAntiAffinity,
  scheduler150k,
  schedulerScaling,
  schedulingWorkloads,
  trafficRequests,
  trafficShop,
  trafficFluid,
  horizon,
  autoscalingFlashCrowd,
  clusterSize,
  replicas,
  backups,
  sweep,
  batchTrace,
  monitoringMetricsOut,
  planSearch,
];
