import type { z } from 'zod';
import * as m from './messages.js';
import { type Reporter, type Site, valueAt } from './report.js';
import type { Path } from './source.js';

/**
 * Default wording for zod issues that a schema did not word itself (schema-level messages win over
 * this per-parse map, which is zod's precedence order).
 */
function defaultMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${m.typeName(String(issue.expected))}`;
    case 'invalid_value':
      return m.expectOneOf(issue.values as unknown[]);
    case 'too_small':
      if (issue.origin === 'array') return m.expectAtLeastItems(Number(issue.minimum));
      if (issue.origin === 'string') return m.expectNonEmptyString;
      return m.expectNumber(Number(issue.minimum));
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return `expected ${String(issue.format)}`;
    default:
      return m.invalidValue;
  }
}

/** Parse options that word zod's built-in issues as kubesim's messages. */
export const PARSE_OPTIONS = { error: (issue: z.core.$ZodRawIssue) => defaultMessage(issue) };

/** What to do with fields a schema does not know (zod's unrecognized_keys). */
export type UnknownFields = 'error' | 'warning';

/**
 * Reports zod issues as diagnostics of the object at `site`. `value` is the object as parsed from
 * YAML (to show what was found); `prefix` is the path of the validated subtree inside the object.
 * Expectation messages get ", got <value>" appended; a missing value reads "required field is missing".
 */
export function reportIssues(
  issues: readonly z.core.$ZodIssue[],
  site: Site,
  value: unknown,
  reporter: Reporter,
  prefix: Path = [],
  unknownFields: UnknownFields = 'error',
): void {
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        if (unknownFields === 'error') reporter.error(site, [...path, key], m.unknownField(key), true);
        else reporter.warning(site, [...path, key], m.unknownFieldWarning(key), true);
      }
      continue;
    }
    const found = valueAt(value, issue.path as (string | number)[]);
    let message = issue.message;
    if (message.startsWith('expected ') && !message.includes(', got ')) {
      message = found === undefined ? m.requiredField(message) : `${message}, got ${m.describeValue(found)}`;
    }
    reporter.error(site, path, message);
  }
}
