import { describe, expect, it } from 'vitest';
import { type Expr, PromqlError, parsePromql } from '../../src/monitoring/promql/parse.js';

/** The expression back as text with explicit parentheses, to check structure and precedence. */
function show(e: Expr): string {
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'paren':
      return show(e.expr);
    case 'unary':
      return `(-${show(e.expr)})`;
    case 'selector': {
      const m = e.matchers.map((x) => `${x.name}${x.op}${JSON.stringify(x.value)}`).join(',');
      return `${e.name ?? ''}${m ? `{${m}}` : ''}${e.rangeMs !== undefined ? `[${e.rangeMs}]` : ''}${e.offsetMs ? ` offset ${e.offsetMs}` : ''}`;
    }
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'aggregate':
      return `${e.op}${e.grouping ? ` ${e.grouping.mode}(${e.grouping.labels.join(',')})` : ''}(${e.param ? `${show(e.param)}, ` : ''}${show(e.expr)})`;
    case 'binary':
      return `(${show(e.lhs)} ${e.op}${e.bool ? ' bool' : ''}${e.matching ? ` ${e.matching.mode}(${e.matching.labels.join(',')})` : ''} ${show(e.rhs)})`;
  }
}

describe('parsePromql', () => {
  it.each([
    ['up', 'up'],
    ['up{job="a",instance!~"x.*"}', 'up{job="a",instance!~"x.*"}'],
    ['{__name__="up"}', '{__name__="up"}'],
    ['rate(http_requests_total[5m] offset 1h)', 'rate(http_requests_total[300000] offset 3600000)'],
    ['x[1h30m]', 'x[5400000]'],
    ['x[1d]', 'x[86400000]'],
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['-2 ^ 2', '(-(2 ^ 2))'],
    ['-a * b', '((-a) * b)'],
    ['a > bool 1', '(a > bool 1)'],
    ['a or b and c', '(a or (b and c))'],
    ['a unless b', '(a unless b)'],
    ['a / on(x, y) b', '(a / on(x,y) b)'],
    ['a == bool ignoring(le) b', '(a == bool ignoring(le) b)'],
    ['a + b > c', '((a + b) > c)'],
    ['sum by (ns) (rate(x[5m]))', 'sum by(ns)(rate(x[300000]))'],
    ['sum(rate(x[5m])) by (ns)', 'sum by(ns)(rate(x[300000]))'],
    ['sum without(pod) (x)', 'sum without(pod)(x)'],
    ['topk(3, x)', 'topk(3, x)'],
    [
      'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))',
      'histogram_quantile(0.99, sum by(le)(rate(h_bucket[300000])))',
    ],
    ['x{a="b\\\\.c"}', 'x{a="b\\\\.c"}'],
    ['x{a=`raw\\d`}', 'x{a="raw\\\\d"}'],
    ['1.5e3', '1500'],
    ['x > 0.5', '(x > 0.5)'],
    ['x # a comment\n > 1', '(x > 1)'],
    ['SUM BY (a) (x)', 'sum by(a)(x)'],
    ['max_over_time(x[10m])', 'max_over_time(x[600000])'],
  ])('%s', (src, want) => {
    expect(show(parsePromql(src))).toBe(want);
  });

  it.each([
    ['rate(x[5m]', 'expected "," or ")" in the arguments of rate()', 10],
    ['x{a=1}', 'expected a quoted label value', 4],
    ['x[5m:1m]', 'subqueries are not supported', 1],
    ['x @ 100', 'the @ modifier is not supported', 2],
    ['a * on(x) group_left b', 'group_left (many-to-one matching) is not supported', 10],
    ['a + bool b', 'bool applies only to comparisons', 4],
    ['(a + b)[5m]', 'a range needs a vector selector before it', 7],
    ['x y', 'unexpected "y"', 2],
    ['x{a="b}', 'unterminated string', 4],
    ['x $ 1', 'unexpected character "$"', 2],
    ['x[5]', 'bad duration "5"', 2],
  ])('rejects %s', (src, message, column) => {
    let error: unknown;
    try {
      parsePromql(src);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PromqlError);
    expect((error as PromqlError).message).toContain(message);
    expect((error as PromqlError).column).toBe(column);
  });
});
