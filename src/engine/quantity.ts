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
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = m;
  if (whole === '' && fraction === '') return undefined;
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-') mantissa = -mantissa;
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix in BINARY_SUFFIX) exp2 = BINARY_SUFFIX[suffix] as number;
  else if (suffix in DECIMAL_SUFFIX) exp10 += DECIMAL_SUFFIX[suffix] as number;
  else {
    const e = Number(suffix.slice(1));
    if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return undefined;
    exp10 += e;
  }
  return { mantissa, exp10, exp2 };
}

/** value × 10^scale rounded up (towards +∞), as Quantity.ScaledValue / MilliValue / Value round. */
function scaledCeil(q: ExactQuantity, scale: number): bigint {
  let num = q.mantissa * 2n ** BigInt(q.exp2);
  let den = 1n;
  const e = q.exp10 + scale;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den = 10n ** BigInt(-e);
  const quotient = num / den;
  return num % den !== 0n && num > 0n ? quotient + 1n : quotient;
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
  const v = scaledCeil(q, scale);
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
