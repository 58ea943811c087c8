/**
 * The API server's checks of names, label keys and values, in its words
 * (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go). Each returns the list of
 * problems, empty when the value is valid, as upstream's Is* functions do.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';

const whole = (format: string) => new RegExp(`^${format}$`);
const dns1123Label = whole(DNS1123_LABEL);
const dns1123Subdomain = whole(DNS1123_SUBDOMAIN);
const dns1035Label = whole(DNS1035_LABEL);
const qualifiedName = whole(QUALIFIED_NAME);
const labelValue = whole(LABEL_VALUE);

/** upstream RegexError: the message, examples and the regular expression. */
function regexError(message: string, format: string, ...examples: string[]): string {
  const e = examples.map((x) => `'${x}'`).join(',  or ');
  return `${message} (e.g. ${e}, regex used for validation is '${format}')`;
}

const maxLen = (n: number) => `must be no more than ${n} characters`;

/** Object names of most kinds (Pod, Deployment, Node, PriorityClass…): IsDNS1123Subdomain. */
export function isDns1123Subdomain(v: string): string[] {
  const errs = v.length > 253 ? [maxLen(253)] : [];
  if (!dns1123Subdomain.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

/** Namespaces: IsDNS1123Label. */
export function isDns1123Label(v: string): string[] {
  const errs = v.length > 63 ? [maxLen(63)] : [];
  if (!dns1123Label.test(v)) {
    errs.push(
      dns1123Subdomain.test(v)
        ? 'must not contain dots'
        : regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            DNS1123_LABEL,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errs;
}

/** Service names: IsDNS1035Label (a Service's name becomes a DNS label, which starts with a letter). */
export function isDns1035Label(v: string): string[] {
  const errs = v.length > 63 ? [maxLen(63)] : [];
  if (!dns1035Label.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** Label and annotation keys: IsQualifiedName (an optional DNS subdomain prefix, "/", a name). */
export function isQualifiedName(v: string): string[] {
  const parts = v.split('/');
  let name = v;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix = '', rest = ''] = parts;
    name = rest;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...isDns1123Subdomain(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return [
      `${regexError(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        'MyName',
        'my.name',
        '123-abc',
      )} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (name !== '' && !qualifiedName.test(name)) {
    errs.push(
      `name part ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** Label values: IsValidLabelValue (at most 63 characters, possibly empty). */
export function isValidLabelValue(v: string): string[] {
  const errs = v.length > 63 ? [maxLen(63)] : [];
  if (!labelValue.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** apimachinery's TotalAnnotationSizeLimitB: the annotations of one object, keys and values, in bytes. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** upstream field.Invalid's wording: `Invalid value: "x": problem; problem`. */
export function invalidValue(v: unknown, errs: readonly string[]): string {
  return `Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`;
}
