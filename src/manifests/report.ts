import type { Diagnostic } from './diagnostics.js';
import { formatPath, locate, type Path, type SourceDoc } from './source.js';

/**
 * Where an object lives: its document, the path of the object inside it (`["items", 3]` for an
 * item of a `kind: List`), and how messages name it (`Deployment "web"`).
 */
export interface Site {
  src: SourceDoc;
  base: Path;
  label: string;
}

/** Collects diagnostics; positions are resolved from YAML paths as they are added. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  /**
   * A problem with the field at `path` of the object at `site` (`key`: point at the field's name).
   * `shown` is the path printed in the message when it differs from the one located (a kind warning
   * points at `kind:` but names only the object).
   */
  at(
    site: Site,
    severity: Diagnostic['severity'],
    path: Path,
    message: string,
    key = false,
    shown = path,
  ): void {
    const pos = locate(site.src, [...site.base, ...path], key);
    const where = formatPath(shown);
    this.diagnostics.push({
      severity,
      file: site.src.file,
      line: pos.line,
      column: pos.column,
      path: where === '' ? site.label : site.label === '' ? where : `${site.label}: ${where}`,
      message,
    });
  }

  error(site: Site, path: Path, message: string, key = false): void {
    this.at(site, 'error', path, message, key);
  }

  warning(site: Site, path: Path, message: string, key = false): void {
    this.at(site, 'warning', path, message, key);
  }

  /** A problem with a whole file, which has no position (missing, too large, unreadable). */
  fileError(file: string, message: string, line = 0, column = 0): void {
    this.diagnostics.push({ severity: 'error', file, line, column, path: '', message });
  }

  /** A warning about a whole file (its encoding, its line endings). */
  fileWarning(file: string, message: string, line = 0, column = 0): void {
    this.diagnostics.push({ severity: 'warning', file, line, column, path: '', message });
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}

/** The value at `path` inside a plain (toJS) value, or undefined. */
export function valueAt(value: unknown, path: Path): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
