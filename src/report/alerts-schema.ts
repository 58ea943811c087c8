import { z } from 'zod';

// The report's alerting sections (docs/alerting.md): present only when the Scenario has spec.monitoring.
const seconds = (what: string) => z.number().describe(what);
const goDuration = (what: string) => z.string().describe(`${what} (Go duration text, e.g. "2h0m0s")`);

export const alertsSchema = z
  .array(
    z
      .object({
        alert: z.string().describe('the alerting rule'),
        labels: z
          .record(z.string(), z.string())
          .describe("the alert's labels (the series' and the rule's, without alertname)"),
        firedAt: goDuration('when it started firing (the evaluation at which t − activeAt ≥ for)'),
        firedAtSeconds: seconds('the same in seconds'),
        resolvedAt: goDuration('the evaluation that found it resolved').nullable(),
        resolvedAtSeconds: seconds('the same in seconds (null: still firing at the end)').nullable(),
      })
      .strict(),
  )
  .describe('every firing interval of every alert, in time order; absent without spec.monitoring');

export const alertDetectionSchema = z
  .object({
    rules: z.number().int().describe('rules evaluated (alerting and recording)'),
    incidents: z
      .array(
        z
          .object({
            incident: z.number().int().describe('the incident, 1-based, in report.incidents order'),
            alert: z.string().nullable().describe('the first alert that fired for it (null: none)'),
            timeToDetect: goDuration('from its first fault to that alert firing').nullable(),
            timeToDetectSeconds: seconds('the same in seconds').nullable(),
          })
          .strict(),
      )
      .describe('per incident, the time to detect'),
    undetected: z.array(z.number().int()).describe('incidents (1-based) no alert fired for'),
    withoutIncident: z
      .array(z.number().int())
      .describe('alerts (0-based indices into report.alerts) that fired outside every incident'),
    failures: z
      .array(
        z
          .object({
            group: z.string().describe('its group'),
            rule: z.string().describe('the rule (alert or record name)'),
            at: goDuration('the first evaluation that failed'),
            atSeconds: seconds('the same in seconds'),
            message: z.string().describe('why it failed'),
          })
          .strict(),
      )
      .describe('rules whose evaluation failed (the first failure of each); the other rules still ran'),
  })
  .strict()
  .describe('how quickly the alerts caught the incidents (docs/alerting.md); absent without spec.monitoring');
