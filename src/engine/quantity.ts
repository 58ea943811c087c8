/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource/quantity.go): a signed decimal
 * number followed by a binary-SI suffix (Ki Mi Gi Ti Pi Ei), a decimal-SI suffix (n u m "" k M G T P E)
 * or a decimal exponent (e3, E-2). Arithmetic is exact (BigInt) so "0.1" + rounding behaves like the
 * apimachinery inf.Dec code rather than like binary floating point.
 */

const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

// quantity.go: splitting a string into sign, digits, fraction and suffix.
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** An exact quantity: value = mantissa × 10^exp10 × 2^exp2. */
interface ExactQuantity {
  mantissa: bigint;
  exp10: number;
  exp2: number;
}

function parseExact(text: string): ExactQuantity | undefined {
  // Upstream rejects only the empty string up front; a sign or a dot without digits ("+", ".", "-.")
  // scans as the number 0 in parseQuantityString, so Kubernetes accepts it as zero, and so do we.
  if (text === '') return undefined;
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = m;
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-') mantissa = -mantissa;
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix in BINARY_SUFFIX) exp2 = BINARY_SUFFIX[suffix] as number;
  else if (suffix in DECIMAL_SUFFIX) exp10 += DECIMAL_SUFFIX[suffix] as number;
  else {
    // suffix.go interpret: the exponent must fit an int32 scale (|e| <= 2^31 - 1); larger is an error.
    const e = Number(suffix.slice(1));
    if (!Number.isSafeInteger(e) || Math.abs(e) > MAX_INT32) return undefined;
    exp10 += e;
  }
  return { mantissa, exp10, exp2 };
}

const MAX_INT32 = 2 ** 31 - 1;

/**
 * value × 10^scale rounded away from zero, as Quantity.ScaledValue / MilliValue / Value round
 * (int64Amount.AsScaledInt64; TestQuantityRoundUp: "-9.01" at scale 0 is -10).
 */
function scaledRoundUp(q: ExactQuantity, scale: number): bigint {
  if (q.mantissa === 0n) return 0n;
  const negative = q.mantissa < 0n;
  const magnitude = negative ? -q.mantissa : q.mantissa;
  let num = magnitude * 2n ** BigInt(q.exp2);
  let e = q.exp10 + scale;
  // Huge exponents ("1e999999999") would make 10^e astronomically large. Past 10^400 the result is
  // beyond 2^53 anyway; below 10^-(digits+1) the magnitude is < 1 and rounds up to 1 all the same.
  if (e > 400) e = 400;
  const digits = num.toString().length;
  if (e < -(digits + 1)) e = -(digits + 1);
  let den = 1n;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den = 10n ** BigInt(-e);
  const rounded = num % den === 0n ? num / den : num / den + 1n;
  return negative ? -rounded : rounded;
}

export interface QuantityParse {
  ok: boolean;
  /** Present when ok: the quantity scaled by 10^scale, rounded up like apimachinery does. */
  value: number;
}

/**
 * Parses `text` (or a YAML number) and returns it multiplied by 10^scale, rounded up: scale 3 gives
 * milli-units (Quantity.MilliValue, how cpu is counted), scale 0 gives whole units (Quantity.Value, how
 * memory bytes are counted). Returns undefined for text Kubernetes rejects or for a result beyond 2^53.
 */
export function parseQuantity(input: string | number, scale = 0): number | undefined {
  const text = typeof input === 'number' ? numberToQuantityText(input) : input;
  if (text === undefined) return undefined;
  const q = parseExact(text);
  if (!q) return undefined;
  const v = scaledRoundUp(q, scale);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(v);
}

function numberToQuantityText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // YAML numbers: 2, 0.5, 2e3. JS prints large or tiny ones with an exponent, which the grammar takes.
  return String(n).replace('e+', 'e');
}

/** CPU in millicores ("250m" → 250, "1.5" → 1500), rounded up as MilliValue does. */
export function parseCpuMillis(input: string | number): number | undefined {
  return parseQuantity(input, 3);
}

/** Memory (or any count-like resource) in whole units ("1.5Gi" → 1610612736), rounded up as Value does. */
export function parseBytes(input: string | number): number | undefined {
  return parseQuantity(input, 0);
}

/** Formats millicores the way kubectl shows them: whole cores when exact, otherwise "250m". */
export function formatCpuMillis(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Formats bytes with the largest binary suffix that divides them exactly ("1536Mi", "4Gi"). */
export function formatBytes(bytes: number): string {
  const suffixes = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'];
  for (let i = 0; i < suffixes.length; i++) {
    const unit = 2 ** (10 * (6 - i));
    if (bytes !== 0 && bytes % unit === 0) return `${bytes / unit}${suffixes[i]}`;
  }
  return String(bytes);
}
