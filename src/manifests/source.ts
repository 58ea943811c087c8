import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Node as YamlNode,
} from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import * as m from './messages.js';

/** A path into a parsed YAML value: map keys and sequence indexes. */
export type Path = readonly (string | number)[];

/**
 * An alias expansion limit well above what real manifests use (a handful of anchors) and far below a
 * "billion laughs" document, which the yaml library then refuses with a ReferenceError.
 */
export const MAX_ALIAS_COUNT = 1000;

/** One YAML document of a file, with what is needed to turn a path back into a line and column. */
export interface SourceDoc {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain value (doc.toJS), undefined for an empty document. */
  value: unknown;
}

/** The documents of one file, and the diagnostics parsing produced (syntax errors, alias limit). */
export interface ParsedFile {
  docs: SourceDoc[];
  diagnostics: Diagnostic[];
  /** Whether every document was empty (only comments or nothing). */
  empty: boolean;
}

/**
 * Parses multi-document YAML (or JSON, a subset) keeping node ranges. Empty documents (a stray `---`,
 * comment-only documents from `helm template`) are dropped silently. YAML 1.2 core schema, with merge
 * keys (`<<`) which kubectl's decoder accepts; duplicate keys are errors, as with kubectl.
 */
export function parseYaml(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const docs: SourceDoc[] = [];
  // YAML allows a byte-order mark at the start of every document of a stream (YAML 1.2 §9.1.1), as
  // in files joined with cat; the parser takes only the first one.
  const parsed = parseAllDocuments(text.replace(/(^|\n)\uFEFF/g, '$1'), {
    lineCounter,
    merge: true,
    prettyErrors: false,
  });
  const all = Array.isArray(parsed) ? parsed : [];
  let empty = true;
  all.forEach((doc, index) => {
    const contents = doc.contents;
    const isEmpty = contents === null || (isScalar(contents) && contents.value === null);
    for (const e of doc.errors) {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      diagnostics.push({
        severity: 'error',
        file,
        line,
        column: col,
        path: '',
        message: m.yamlSyntax(e.message),
      });
    }
    if (doc.errors.length > 0) {
      empty = false;
      return;
    }
    if (isEmpty) return;
    empty = false;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const start = contents?.range?.[0] ?? 0;
      const { line, col } = lineCounter.linePos(start);
      const text = e instanceof Error ? e.message : String(e);
      diagnostics.push({
        severity: 'error',
        file,
        line,
        column: col,
        path: '',
        // The yaml library refuses an alias bomb with "Excessive alias count …"; other failures here
        // (an alias to an anchor of another document) are reported with its own words.
        message: /excessive alias count/i.test(text) ? m.aliasBomb(MAX_ALIAS_COUNT) : m.yamlSyntax(text),
      });
      return;
    }
    docs.push({ file, index, doc, lineCounter, value });
  });
  return { docs, diagnostics, empty };
}

/** Line and column (1-based) of a source offset. */
export interface Position {
  line: number;
  column: number;
}

/**
 * The position of the node at `path` in `src`: the value's start, or with `key` the start of its key
 * (where an unknown field is named). A path that does not exist (a missing field) resolves to the key
 * of its deepest existing ancestor, so "spec.selector is required" points at `spec:`.
 */
export function locate(src: SourceDoc, path: Path, key = false): Position {
  const doc = src.doc;
  let node: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  let best: number = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  let bestKey: number | undefined;
  let complete = true;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let nextKey: YamlNode | undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = pair.key;
        const kv = isScalar(k) ? k.value : k;
        if (kv !== null && kv !== undefined && String(kv) === String(seg)) {
          next = pair.value ?? k;
          nextKey = isScalar(k) ? k : undefined;
          break;
        }
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (next === undefined || next === null) {
      complete = false;
      break;
    }
    node = next;
    keyNode = nextKey;
    bestKey = nextKey?.range?.[0];
    const r = (next as YamlNode).range;
    if (r) best = r[0];
  }
  let offset = best;
  if ((key || !complete) && bestKey !== undefined) offset = bestKey;
  if (key && keyNode?.range) offset = keyNode.range[0];
  const { line, col } = src.lineCounter.linePos(offset);
  return { line, column: col };
}

/** `spec.template.spec.containers[0].resources.requests.cpu`; keys with dots or slashes are bracketed. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
