import type { LabelMatcher } from '../series-store.js';
import { parsePromDuration } from './duration.js';

/**
 * A parser for the PromQL that alerting and recording rules use (docs/alerting.md lists it): vector
 * selectors with matchers, range selectors, `offset`, function calls, aggregations with `by` and
 * `without`, arithmetic, comparisons (with `bool`), `and`/`or`/`unless`, `on`/`ignoring` matching,
 * numbers and durations. Operator precedence is Prometheus': `^` (right-associative), then unary
 * minus, `* / %`, `+ -`, comparisons, `and unless`, `or`.
 */

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | {
      type: 'selector';
      name: string | undefined;
      matchers: LabelMatcher[];
      offsetMs: number;
      rangeMs?: number;
    }
  | { type: 'call'; name: string; args: Expr[]; at: number }
  | {
      type: 'aggregate';
      op: string;
      expr: Expr;
      param?: Expr;
      grouping: { mode: 'by' | 'without'; labels: string[] } | undefined;
    }
  | {
      type: 'binary';
      op: string;
      lhs: Expr;
      rhs: Expr;
      bool: boolean;
      matching: { mode: 'on' | 'ignoring'; labels: string[] } | undefined;
    }
  | { type: 'unary'; expr: Expr }
  | { type: 'paren'; expr: Expr };

/** Why an expression could not be read, with the 0-based column where the problem is. */
export class PromqlError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

export const AGGREGATIONS = new Set([
  'sum',
  'avg',
  'max',
  'min',
  'count',
  'topk',
  'bottomk',
  'quantile',
  'stddev',
  'stdvar',
  'count_values',
  'group',
]);
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);

type Token = { kind: 'ident' | 'number' | 'string' | 'duration' | 'op' | 'eof'; text: string; pos: number };

const DURATION = /^(\d+(ms|[smhdwy]))+/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const rest = src.slice(i);
    const dur = DURATION.exec(rest);
    if (dur && !/^[\w.]/.test(rest.slice(dur[0].length))) {
      // A duration only where one can be: after `[`, `offset` or `:` (the parser checks); here it is a token.
      out.push({ kind: 'duration', text: dur[0], pos: i });
      i += dur[0].length;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(rest);
    if (num) {
      out.push({ kind: 'number', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    // Not starting with ':': that is the subquery separator in `[5m:1m]`.
    const ident = /^[A-Za-z_][\w:]*/.exec(rest);
    if (ident) {
      out.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && c !== '`') {
          const n = src[j + 1];
          value += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
          j += 2;
        } else value += src[j++];
      }
      if (j >= src.length) throw new PromqlError('unterminated string', i);
      out.push({ kind: 'string', text: value, pos: i });
      i = j + 1;
      continue;
    }
    const op = /^(==|!=|>=|<=|=~|!~|[-+*/%^<>=(){}[\],:@])/.exec(rest);
    if (!op) throw new PromqlError(`unexpected character ${JSON.stringify(c)}`, i);
    out.push({ kind: 'op', text: op[0], pos: i });
    i += op[0].length;
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}

function durationMs(t: Token): number {
  const ms = parsePromDuration(t.text);
  if (ms === undefined) throw new PromqlError(`bad duration ${JSON.stringify(t.text)}`, t.pos);
  return ms;
}

/** Reads one PromQL expression. */
export function parsePromql(src: string): Expr {
  const tokens = tokenize(src);
  let p = 0;
  const peek = (o = 0) => tokens[p + o] as Token;
  const next = () => tokens[p++] as Token;
  const isOp = (text: string, o = 0) => peek(o).kind === 'op' && peek(o).text === text;
  const isWord = (text: string, o = 0) => peek(o).kind === 'ident' && peek(o).text.toLowerCase() === text;
  const expect = (text: string): Token => {
    const t = next();
    if (t.kind !== 'op' || t.text !== text)
      throw new PromqlError(
        `expected ${JSON.stringify(text)}, found ${t.kind === 'eof' ? 'the end' : JSON.stringify(t.text)}`,
        t.pos,
      );
    return t;
  };

  const labelList = (): string[] => {
    expect('(');
    const labels: string[] = [];
    while (!isOp(')')) {
      const t = next();
      if (t.kind !== 'ident')
        throw new PromqlError(`expected a label name, found ${JSON.stringify(t.text)}`, t.pos);
      labels.push(t.text);
      if (!isOp(')')) expect(',');
    }
    expect(')');
    return labels;
  };

  const matchers = (): LabelMatcher[] => {
    expect('{');
    const out: LabelMatcher[] = [];
    while (!isOp('}')) {
      const name = next();
      if (name.kind !== 'ident')
        throw new PromqlError(`expected a label name, found ${JSON.stringify(name.text)}`, name.pos);
      const op = next();
      if (op.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(op.text))
        throw new PromqlError(`expected =, !=, =~ or !~ after ${name.text}`, op.pos);
      const value = next();
      if (value.kind !== 'string') throw new PromqlError(`expected a quoted label value`, value.pos);
      out.push({ name: name.text, op: op.text as LabelMatcher['op'], value: value.text });
      if (!isOp('}')) expect(',');
    }
    expect('}');
    return out;
  };

  /** `[5m]`, `offset 5m` after a selector or subexpression. */
  const postfix = (e: Expr): Expr => {
    let out = e;
    for (;;) {
      if (isOp('[')) {
        const open = next();
        const d = next();
        if (d.kind !== 'duration' && d.kind !== 'number')
          throw new PromqlError('expected a duration such as 5m', d.pos);
        if (isOp(':')) throw new PromqlError('subqueries are not supported', open.pos);
        expect(']');
        if (out.type !== 'selector')
          throw new PromqlError('a range needs a vector selector before it', open.pos);
        out = { ...out, rangeMs: durationMs(d) };
      } else if (isWord('offset')) {
        const t = next();
        const neg = isOp('-') ? -1 : 1;
        if (neg < 0) next();
        const d = next();
        if (d.kind !== 'duration') throw new PromqlError('expected a duration after offset', d.pos);
        if (out.type !== 'selector') throw new PromqlError('offset applies to a selector', t.pos);
        out = { ...out, offsetMs: neg * durationMs(d) };
      } else if (isOp('@')) {
        throw new PromqlError('the @ modifier is not supported', peek().pos);
      } else return out;
    }
  };

  const primary = (): Expr => {
    const t = peek();
    if (isOp('(')) {
      next();
      const e = expr(0);
      expect(')');
      return postfix({ type: 'paren', expr: e });
    }
    if (isOp('-') || isOp('+')) {
      const sign = next().text;
      const e = binary(POWER_LEVEL);
      return sign === '-' ? { type: 'unary', expr: e } : e;
    }
    if (t.kind === 'number') {
      next();
      return { type: 'number', value: Number(t.text) };
    }
    if (t.kind === 'duration') throw new PromqlError(`unexpected duration ${t.text}`, t.pos);
    if (t.kind === 'string') {
      next();
      return { type: 'string', value: t.text };
    }
    if (isOp('{')) return postfix({ type: 'selector', name: undefined, matchers: matchers(), offsetMs: 0 });
    if (t.kind !== 'ident')
      throw new PromqlError(
        `unexpected ${t.kind === 'eof' ? 'end of expression' : JSON.stringify(t.text)}`,
        t.pos,
      );
    next();
    const word = t.text;
    if (AGGREGATIONS.has(word.toLowerCase()) && (isOp('(') || isWord('by') || isWord('without'))) {
      let grouping: { mode: 'by' | 'without'; labels: string[] } | undefined;
      if (isWord('by') || isWord('without'))
        grouping = { mode: next().text.toLowerCase() as 'by' | 'without', labels: labelList() };
      expect('(');
      const first = expr(0);
      let param: Expr | undefined;
      let arg = first;
      if (isOp(',')) {
        next();
        param = first;
        arg = expr(0);
      }
      expect(')');
      if (!grouping && (isWord('by') || isWord('without')))
        grouping = { mode: next().text.toLowerCase() as 'by' | 'without', labels: labelList() };
      return { type: 'aggregate', op: word.toLowerCase(), expr: arg, ...(param ? { param } : {}), grouping };
    }
    if (isOp('(')) {
      next();
      const args: Expr[] = [];
      while (!isOp(')')) {
        args.push(expr(0));
        if (!isOp(')') && !isOp(','))
          throw new PromqlError(`expected "," or ")" in the arguments of ${word}()`, peek().pos);
        if (isOp(',')) next();
      }
      expect(')');
      return postfix({ type: 'call', name: word, args, at: t.pos });
    }
    if (word === 'Inf' || word === 'NaN') return { type: 'number', value: Number(word) };
    const ms = isOp('{') ? matchers() : [];
    return postfix({ type: 'selector', name: word, matchers: ms, offsetMs: 0 });
  };

  const LEVELS: string[][] = [
    ['or'],
    ['and', 'unless'],
    ['==', '!=', '>', '<', '>=', '<='],
    ['+', '-'],
    ['*', '/', '%'],
    ['^'],
  ];
  const POWER_LEVEL = 5;

  const opAt = (level: number): string | undefined => {
    const t = peek();
    const text = t.kind === 'ident' ? t.text.toLowerCase() : t.kind === 'op' ? t.text : undefined;
    return text !== undefined && (LEVELS[level] as string[]).includes(text) ? text : undefined;
  };

  function binary(level: number): Expr {
    if (level >= LEVELS.length) return primary();
    let lhs = binary(level + 1);
    for (;;) {
      const op = opAt(level);
      if (op === undefined) return lhs;
      next();
      let bool = false;
      if (isWord('bool')) {
        if (!COMPARISONS.has(op)) throw new PromqlError('bool applies only to comparisons', peek().pos);
        next();
        bool = true;
      }
      let matching: { mode: 'on' | 'ignoring'; labels: string[] } | undefined;
      if (isWord('on') || isWord('ignoring'))
        matching = { mode: next().text.toLowerCase() as 'on' | 'ignoring', labels: labelList() };
      if (isWord('group_left') || isWord('group_right'))
        throw new PromqlError(`${peek().text} (many-to-one matching) is not supported`, peek().pos);
      // ^ is right-associative: its right side parses at its own level.
      const rhs = op === '^' ? binary(level) : binary(level + 1);
      lhs = { type: 'binary', op, lhs, rhs, bool, matching };
      if (op === '^') return lhs;
    }
  }

  function expr(level: number): Expr {
    return binary(level);
  }

  const e = expr(0);
  if (peek().kind !== 'eof') throw new PromqlError(`unexpected ${JSON.stringify(peek().text)}`, peek().pos);
  return e;
}
