/**
 * The HorizontalPodAutoscaler's two calculations as pure functions (upstream
 * pkg/controller/podautoscaler): the replicas one metric proposes, and what the controller makes of a
 * proposal (stabilisation, bounds, scale rate). The controller loop that runs them every 15 s lives
 * elsewhere; these are for tests, teaching and `kubesim hpa explain`.
 */
export type { HpaBehavior, HpaScalingPolicy, HpaScalingRules } from './defaults.js';
export { explainDesiredReplicas, explainNormalizeReplicas } from './explain.js';
export {
  type HpaDesiredReplicasInput,
  HpaInputError,
  type HpaNormalizeReplicasInput,
  type HpaPod,
  type HpaRecommendation,
  type HpaScaleEvent,
} from './input.js';
export {
  type HpaCondition,
  type HpaNormalizeReplicasResult,
  hpaNormalizeReplicas,
} from './normalize-replicas.js';
export { type HpaDesiredReplicasResult, hpaDesiredReplicas } from './replica-calculator.js';
