/** `kubesim plan` as a library: load a catalogue, parse objectives, plan, and report. */
export { type Candidate, candidateLabel, nodeCount } from './candidate.js';
export { type Catalog, CatalogError, type InstanceType, loadCatalog, parseCatalog } from './catalog.js';
export { type CostModel, nodeCostPerHour, parseHorizonHours } from './cost.js';
export type { Evaluation, ObjectiveEstimate, ReplicationPolicy, Verdict } from './evaluate.js';
export { type Failures, FailuresError, parseFailures } from './failures.js';
export { planInputProblem } from './preconditions.js';
export { renderPlanMarkdown, renderPlanText } from './render.js';
export { buildPlanReport } from './report.js';
export { allocatableFrom, type Reservations } from './reservations.js';
export { type PlanReport, planReportSchema } from './schema.js';
export { type PlanOptions, type PlanResult, plan } from './search.js';
export { type Objective, objectivesFromScenario, parseSlo, SloError } from './slo.js';
