/**
 * Diagnostics: every problem the manifests layer finds, as a value with its position. The loader never
 * throws for bad input; it collects all of these so that `kubesim validate` can print them at once
 * (as Prometheus' rulefmt returns `[]error` rather than the first error).
 */

/** One problem found in the input, with the position of the YAML node it concerns. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** The file as given (or as resolved for an include). */
  file: string;
  /** 1-based line of the offending node (its key for unknown fields); 0 when the file has no position. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Which object and field, e.g. `Deployment "web": spec.replicas`; "" for whole-file problems. */
  path: string;
  /** What is wrong, written as an expectation where one applies: `expected an integer >= 0, got "three"`. */
  message: string;
}

/**
 * Formats a diagnostic the way compilers do, so editors can jump to it:
 * `models/x.yaml:12:15: Deployment "web": spec.replicas: expected an integer >= 0, got "three"`.
 * The severity is not printed: callers that mix errors and warnings prefix it as they see fit.
 * A diagnostic without a position (missing file, size limit) prints as `file: message`.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path === '' ? '' : `${d.path}: `;
  return `${where}: ${path}${d.message}`;
}

/**
 * Orders diagnostics by file (in `files` order, the order they were loaded; others after, in order of
 * appearance), then position, then discovery order.
 */
export function sortDiagnostics(list: readonly Diagnostic[], files: readonly string[] = []): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const f of files) if (!fileOrder.has(f)) fileOrder.set(f, fileOrder.size);
  for (const d of list) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const fa = fileOrder.get(a.d.file) as number;
      const fb = fileOrder.get(b.d.file) as number;
      return fa - fb || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i;
    })
    .map((x) => x.d);
}
