import {
  Composer,
  type CST,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  visit,
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

/**
 * Collections may nest this deep. The yaml library composes documents recursively and runs out of
 * stack near 800 levels; Kubernetes objects nest a few dozen levels at most (CRD schemas included),
 * so 256 refuses only hostile or generated input, with this limit named, before composing.
 */
export const MAX_NESTING_DEPTH = 256;

/** The children of a CST token that are themselves nodes (keys and values of collection items). */
function childTokens(token: CST.Token): CST.Token[] {
  if (token.type === 'document') return token.value ? [token.value] : [];
  if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
    const out: CST.Token[] = [];
    for (const item of token.items) {
      if ('key' in item && item.key) out.push(item.key);
      if (item.value) out.push(item.value);
    }
    return out;
  }
  return [];
}

/**
 * The source offset of the first collection nested deeper than MAX_NESTING_DEPTH, or undefined. The
 * CST comes from the yaml library's Parser, which is iterative; this walk is too (an explicit stack).
 */
function tooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    const isCollection =
      token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
    const d = isCollection ? depth + 1 : depth;
    if (d > MAX_NESTING_DEPTH) return token.offset;
    for (const child of childTokens(token)) stack.push([child, d]);
  }
  return undefined;
}

/**
 * The offset of the first flow bracket (`[`, `{`) nested deeper than MAX_NESTING_DEPTH, found by a
 * plain scan of the text that skips comments and quoted scalars. It runs before the parser, which
 * needs about 9 µs per character of deeply nested flow collections (minutes for a 16 MiB file of
 * brackets); block nesting costs indentation, so the CST check after parsing (tooDeep) suffices there.
 */
function flowTooDeep(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING_DEPTH) return i;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if ((c === '#' || c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1] as string))) {
      // A comment or a quoted scalar starts here (not inside a plain word such as "it's" or "a#b").
      if (c === '#') {
        const end = text.indexOf('\n', i);
        if (end < 0) return undefined;
        i = end;
      } else {
        // Skip to the closing quote ('' escapes ' in single quotes, \ escapes in double quotes).
        for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
      }
    }
  }
  return undefined;
}

/**
 * Where a document whose toJS failed is wrong, and in which words: an alias with no anchor before it
 * (the yaml library says only "Unresolved alias"), or a merge key (`<<`) whose value is not a mapping
 * or a list of mappings. Undefined when neither is found.
 */
function toJsFailure(doc: Document.Parsed): { offset: number; message: string } | undefined {
  let found: { offset: number; message: string } | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (found || alias.resolve(doc) !== undefined) return;
      found = { offset: alias.range?.[0] ?? 0, message: m.unknownAnchor(alias.source) };
      return visit.BREAK;
    },
    Pair(_, pair) {
      if (found || !isScalar(pair.key) || typeof pair.key.value !== 'symbol') return;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const resolved = isAlias(source) ? source.resolve(doc) : source;
        if (resolved !== undefined && !isMap(resolved)) {
          const value = isScalar(resolved) ? resolved.value : resolved;
          found = {
            offset: (source as YamlNode).range?.[0] ?? 0,
            message: m.badMergeKey(isSeq(value) ? [] : value),
          };
          return visit.BREAK;
        }
      }
    },
  });
  return found;
}

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
  // YAML allows a byte-order mark at the start of every document of a stream (YAML 1.2 §9.1.1), as
  // in files joined with cat; the parser takes only the first one, so the others are dropped here.
  const diagnostics: Diagnostic[] = [];
  const docs: SourceDoc[] = [];
  const source = text.replace(/(^|\n)\uFEFF/g, '$1');
  const flowDeep = flowTooDeep(source);
  const tokens = flowDeep === undefined ? Array.from(new Parser(lineCounter.addNewLine).parse(source)) : [];
  const deep = flowDeep ?? tooDeep(tokens);
  if (deep !== undefined) {
    // Without a parse (flowDeep), lineCounter knows no line yet: count them here.
    const before = source.slice(0, deep).split('\n');
    const line = before.length;
    const col = (before[before.length - 1] as string).length + 1;
    const message = m.nestingTooDeep(MAX_NESTING_DEPTH);
    return {
      docs,
      diagnostics: [{ severity: 'error', file, line, column: col, path: '', message }],
      empty: false,
    };
  }
  const all = Array.from(new Composer({ merge: true }).compose(tokens));
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
    for (const w of doc.warnings) {
      const { line, col } = lineCounter.linePos(w.pos[0]);
      const tag = w.code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(w.message)?.[1] : undefined;
      const message = tag ? m.customTagIgnored(tag) : m.yamlWarning(w.message);
      diagnostics.push({ severity: 'warning', file, line, column: col, path: '', message });
    }
    if (isEmpty) return;
    empty = false;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      // The yaml library refuses an alias bomb with "Excessive alias count …"; other failures are an
      // alias or a merge key, located here at their token (the library's error has no position).
      const failure = /excessive alias count/i.test(text) ? undefined : toJsFailure(doc);
      const { line, col } = lineCounter.linePos(failure?.offset ?? contents?.range?.[0] ?? 0);
      diagnostics.push({
        severity: 'error',
        file,
        line,
        column: col,
        path: '',
        message:
          failure?.message ??
          (/excessive alias count/i.test(text) ? m.aliasBomb(MAX_ALIAS_COUNT) : m.yamlSyntax(text)),
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
