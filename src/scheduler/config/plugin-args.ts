import { z } from 'zod';

/** A path inside a plugin's args (`["scoringStrategy", "resources", 0, "weight"]`). */
export type ArgsPath = readonly (string | number)[];

/** One problem found by a plugin's args validation, at a path relative to the args. */
export interface ArgsIssue {
  readonly path: ArgsPath;
  readonly message: string;
}

/**
 * How every plugin takes its arguments (one convention for all): `schema` decodes the args as written
 * (strictly: an unknown field is an error, as kube-scheduler's strict decoding) and fills every unset
 * field with its default, as upstream's SetDefaults_<Plugin>Args (apis/config/v1/defaults.go); then
 * `validate` checks the defaulted args as upstream's Validate<Plugin>Args
 * (apis/config/validation/validation_pluginargs.go) and words its findings the same way. The plugin's
 * factory receives the result, typed, and never sees args as written.
 */
export interface PluginArgsDefinition<A> {
  /** Decodes and defaults; `{}` must decode to the defaults. */
  readonly schema: z.ZodType<A>;
  /** Issues of the defaulted args (empty when valid). */
  readonly validate: (args: A) => ArgsIssue[];
}

// The wording of upstream's field errors (apimachinery/pkg/util/validation/field/errors.go), so a
// message reads as kube-scheduler's would for the same field.

function goValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** field.Invalid. */
export function invalid(path: ArgsPath, value: unknown, detail: string): ArgsIssue {
  return { path, message: `Invalid value: ${goValue(value)}: ${detail}` };
}

/** field.NotSupported. */
export function notSupported(path: ArgsPath, value: unknown, supported: readonly string[]): ArgsIssue {
  return {
    path,
    message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  };
}

/** field.Required. */
export function required(path: ArgsPath, detail: string): ArgsIssue {
  return { path, message: `Required value: ${detail}` };
}

/** field.Forbidden. */
export function forbidden(path: ArgsPath, detail: string): ArgsIssue {
  return { path, message: `Forbidden: ${detail}` };
}

/** field.Duplicate. */
export function duplicate(path: ArgsPath, value: unknown): ArgsIssue {
  return { path, message: `Duplicate value: ${goValue(value)}` };
}

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * metav1validation.ValidateLabelName (IsQualifiedName): an optional DNS-subdomain prefix and "/", then
 * a name of at most 63 alphanumerics with "-", "_", "." inside.
 */
export function validateLabelName(path: ArgsPath, v: string): ArgsIssue[] {
  const parts = v.split('/');
  const name = parts.length === 2 ? (parts[1] as string) : parts.length === 1 ? v : undefined;
  const prefix = parts.length === 2 ? (parts[0] as string) : undefined;
  const ok =
    name !== undefined &&
    name.length <= 63 &&
    QUALIFIED_NAME_PART.test(name) &&
    (prefix === undefined || (prefix.length > 0 && prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
  if (ok) return [];
  return [
    invalid(
      path,
      v,
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ),
  ];
}

/**
 * A string field with a fixed set of values, decoded to their union type; anything else (an omitted
 * field reads as "", as Go's zero value) is field.NotSupported, or field.Required when `requiredDetail`
 * is given and the field is empty.
 */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, requiredDetail?: string) {
  return z.enum(values, {
    error: (issue) => {
      const v = issue.input ?? '';
      if (requiredDetail !== undefined && v === '') return required([], requiredDetail).message;
      return notSupported([], v, values).message;
    },
  });
}
