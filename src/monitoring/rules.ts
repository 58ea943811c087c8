import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { Reporter, Site } from '../manifests/report.js';
import { parsePromDuration } from './promql/duration.js';
import { unsupportedFunctions } from './promql/evaluate.js';
import { type Expr, PromqlError, parsePromql } from './promql/parse.js';

/**
 * Prometheus rule files (rulefmt): `groups: - name, interval, rules: - alert|record, expr, for,
 * keep_firing_for, labels, annotations`, alone or as the `spec` of a PrometheusRule
 * (monitoring.coreos.com/v1, the Prometheus Operator's). Problems are diagnostics with file:line,
 * worded as promtool 2.42 words them; a rule whose PromQL uses a function kubesim does not evaluate
 * is left out with a warning naming it, and the others still run.
 */

/** Prometheus' global evaluation_interval default. */
export const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

interface RuleBase {
  /** `expr` as written. */
  exprText: string;
  expr: Expr;
  labels: Record<string, string>;
}
export interface AlertingRule extends RuleBase {
  kind: 'alert';
  name: string;
  forMs: number;
  keepFiringForMs: number;
  annotations: Record<string, string>;
}
export interface RecordingRule extends RuleBase {
  kind: 'record';
  name: string;
}
export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup {
  name: string;
  file: string;
  intervalMs: number;
  rules: Rule[];
}

export interface RuleFileResult {
  groups: RuleGroup[];
  diagnostics: Diagnostic[];
}

const GROUP_FIELDS = new Set(['name', 'interval', 'rules', 'limit']);
const RULE_FIELDS = new Set(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Reads one rule file's text. `defaultIntervalMs` is the Scenario's evaluationInterval. */
export function parseRuleFile(
  text: string,
  file: string,
  defaultIntervalMs = DEFAULT_EVALUATION_INTERVAL_MS,
): RuleFileResult {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const groups: RuleGroup[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const yamlError = doc.errors[0];
    if (yamlError) {
      const at = lines.linePos(yamlError.pos[0]);
      diagnostics.push({
        severity: 'error',
        file,
        line: at.line,
        column: at.col,
        path: '',
        message: `yaml: ${yamlError.message.split('\n')[0]}`,
      });
      continue;
    }
    const r = readRuleDocument(doc.contents, file, lines, defaultIntervalMs);
    groups.push(...r.groups);
    diagnostics.push(...r.diagnostics);
  }
  return { groups, diagnostics };
}

/** One parsed YAML document of rules (`groups:` or a PrometheusRule), such as one the manifests loader read. */
export function readRuleDocument(
  root: Node | null,
  file: string,
  lines: LineCounter,
  defaultIntervalMs = DEFAULT_EVALUATION_INTERVAL_MS,
): RuleFileResult {
  const diagnostics: Diagnostic[] = [];
  const groups: RuleGroup[] = [];
  const pos = (node: Node | null | undefined, offset = 0) => {
    const at = node?.range ? lines.linePos(node.range[0] + offset) : { line: 0, col: 0 };
    return { line: at.line, column: at.col };
  };
  const report = (
    severity: Diagnostic['severity'],
    node: Node | null | undefined,
    message: string,
    path = '',
  ) => diagnostics.push({ severity, file, ...pos(node), path, message });

  readRoot();
  return { groups, diagnostics };

  function readRoot(): void {
    if (root === null) return;
    if (!isMap(root)) {
      report('error', root, 'yaml: expected a mapping with "groups:" (or a PrometheusRule object)');
      return;
    }
    let groupsNode = root.get('groups', true) as Node | undefined;
    if (root.has('kind')) {
      const kind = String(root.get('kind'));
      const apiVersion = String(root.get('apiVersion'));
      if (kind !== 'PrometheusRule' || !apiVersion.startsWith('monitoring.coreos.com/')) {
        report(
          'error',
          root,
          `expected a rule file or a PrometheusRule (monitoring.coreos.com/v1), got kind ${kind} (apiVersion ${apiVersion})`,
        );
        return;
      }
      const spec = root.get('spec', true);
      groupsNode = isMap(spec) ? (spec.get('groups', true) as Node | undefined) : undefined;
    } else {
      for (const item of root.items) {
        const key = isScalar(item.key) ? String(item.key.value) : '';
        if (key !== 'groups')
          report(
            'error',
            item.key as Node,
            `yaml: unmarshal errors: field ${key} not found in type rulefmt.RuleGroups`,
          );
      }
    }
    if (groupsNode === undefined) return;
    if (!isSeq(groupsNode)) {
      report('error', groupsNode, 'yaml: groups must be a list');
      return;
    }
    const seen = new Set<string>();
    for (const g of groupsNode.items) {
      const group = readGroup(g as Node, seen);
      if (group) groups.push(group);
    }
  }

  function readGroup(node: Node, seen: Set<string>): RuleGroup | undefined {
    if (!isMap(node)) {
      report('error', node, 'yaml: a group must be a mapping');
      return undefined;
    }
    unknownFields(node, GROUP_FIELDS, 'rulefmt.RuleGroup');
    const name = scalarText(node, 'name');
    if (!name) {
      report('error', node, 'Groupname must not be empty');
      return undefined;
    }
    if (seen.has(name))
      report('error', node.get('name', true) as Node, `groupname: "${name}" is repeated in the same file`);
    seen.add(name);
    let intervalMs = defaultIntervalMs;
    const intervalText = scalarText(node, 'interval');
    if (intervalText !== undefined) {
      const ms = parsePromDuration(intervalText);
      if (ms === undefined || ms <= 0)
        report('error', node.get('interval', true) as Node, `not a valid duration string: "${intervalText}"`);
      else intervalMs = ms;
    }
    const rulesNode = node.get('rules', true) as Node | undefined;
    const rules: Rule[] = [];
    if (rulesNode !== undefined && !isSeq(rulesNode))
      report('error', rulesNode, 'yaml: rules must be a list');
    else if (rulesNode)
      rulesNode.items.forEach((r, i) => {
        const rule = readRule(r as Node, name, i + 1);
        if (rule) rules.push(rule);
      });
    return { name, file, intervalMs, rules };
  }

  function readRule(node: Node, group: string, index: number): Rule | undefined {
    if (!isMap(node)) {
      report('error', node, `group "${group}", rule ${index}: a rule must be a mapping`);
      return undefined;
    }
    unknownFields(node, RULE_FIELDS, 'rulefmt.RuleNode');
    const alert = scalarText(node, 'alert');
    const record = scalarText(node, 'record');
    const name = alert ?? record ?? '';
    const where = `group "${group}", rule ${index}, "${name}"`;
    const fail = (at: Node | null | undefined, message: string) => {
      report('error', at ?? node, `${where}: ${message}`);
      return undefined;
    };
    if (alert !== undefined && record !== undefined)
      return fail(node, "only one of 'record' and 'alert' must be set");
    if (alert === undefined && record === undefined)
      return fail(node, "one of 'record' or 'alert' must be set");
    const exprNode = node.get('expr', true) as Node | undefined;
    const exprText = scalarText(node, 'expr');
    if (!exprText) return fail(node, "field 'expr' must be set in rule");
    if (record !== undefined && !METRIC_NAME.test(record))
      return fail(node.get('record', true) as Node, `invalid recording rule name: ${record}`);
    let expr: Expr;
    try {
      expr = parsePromql(exprText);
    } catch (e) {
      if (!(e instanceof PromqlError)) throw e;
      // promtool: `5:15: group "g", rule 1, "A": could not parse expression: 1:11: parse error: …`
      const before = exprText.slice(0, e.column);
      const line = before.split('\n').length;
      const col = e.column - before.lastIndexOf('\n');
      return fail(exprNode, `could not parse expression: ${line}:${col}: parse error: ${e.message}`);
    }
    const labels = stringMap(node, 'labels', where);
    // Prometheus expands Go templates in alert labels; kubesim uses the text as written, and says so.
    for (const [k, v] of Object.entries(labels))
      if (v.includes('{{'))
        report(
          'warning',
          (node.get('labels', true) as unknown as YAMLMap).get(k, true) as Node,
          `${where}: label ${k}: templates are not expanded, the text is used as written`,
        );
    const annotations = stringMap(node, 'annotations', where);
    const duration = (field: string): number => {
      const text = scalarText(node, field);
      if (text === undefined) return 0;
      const ms = parsePromDuration(text);
      if (ms === undefined) {
        report('error', node.get(field, true) as Node, `not a valid duration string: "${text}"`);
        return 0;
      }
      return ms;
    };
    const forMs = duration('for');
    const keepFiringForMs = duration('keep_firing_for');
    if (record !== undefined) {
      for (const field of ['for', 'keep_firing_for', 'annotations'])
        if (node.has(field))
          return fail(node.get(field, true) as Node, `invalid field '${field}' in recording rule`);
    }
    const unsupported = unsupportedFunctions(expr);
    if (unsupported.length > 0) {
      report(
        'warning',
        exprNode,
        `${where}: ${unsupported.map((f) => `${f}()`).join(', ')} not supported by kubesim's PromQL, rule not evaluated`,
      );
      return undefined;
    }
    if (record !== undefined) return { kind: 'record', name: record, exprText, expr, labels };
    return { kind: 'alert', name: name, exprText, expr, labels, annotations, forMs, keepFiringForMs };
  }

  function unknownFields(node: YAMLMap, known: Set<string>, type: string): void {
    for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : '';
      if (!known.has(key))
        report('error', item.key as Node, `yaml: unmarshal errors: field ${key} not found in type ${type}`);
    }
  }

  function scalarText(node: YAMLMap, key: string): string | undefined {
    const v = node.get(key, true);
    if (v === undefined || v === null) return undefined;
    if (!isScalar(v)) {
      report('error', v as Node, `yaml: ${key} must be a string`);
      return undefined;
    }
    return v.value === null ? undefined : String(v.value);
  }

  function stringMap(node: YAMLMap, key: string, where: string): Record<string, string> {
    const v = node.get(key, true);
    const out: Record<string, string> = {};
    if (v === undefined || v === null) return out;
    if (!isMap(v)) {
      report('error', v as Node, `${where}: ${key} must be a mapping of strings`);
      return out;
    }
    for (const item of v.items) {
      const k = isScalar(item.key) ? String(item.key.value) : '';
      if (key === 'labels' && !LABEL_NAME.test(k))
        report('error', item.key as Node, `${where}: invalid label name: ${k}`);
      out[k] = isScalar(item.value) ? String(item.value.value ?? '') : '';
    }
    return out;
  }
}

/** A PrometheusRule document the manifests loader read. */
export interface ManifestRules {
  node: Node | null;
  file: string;
  lines: LineCounter;
}

/** spec.monitoring of a Scenario, resolved. */
export interface MonitoringSpec {
  /** The groups of every rule file, in file order. */
  ruleGroups: RuleGroup[];
  evaluationIntervalMs: number;
  /** spec.monitoring.scrapeInterval in ms; undefined: the collector's default. */
  scrapeIntervalMs?: number;
}

/**
 * Reads spec.monitoring (`ruleFiles` relative to the Scenario, `evaluationInterval`, `scrapeInterval`,
 * both Prometheus durations) and the rule files it names. Reports into `reporter`; undefined when
 * the field is absent.
 */
export function convertMonitoringSpec(
  raw: unknown,
  site: Site,
  readFile: (file: string) => { text: string; path: string } | { problem: string },
  reporter: Reporter,
  manifestRules: readonly ManifestRules[] = [],
): MonitoringSpec | undefined {
  if (raw === undefined && manifestRules.length === 0) return undefined;
  const spec = raw ?? {};
  const at = (path: (string | number)[]) => ['spec', 'monitoring', ...path];
  if (!isRecordValue(spec)) {
    reporter.error(site, at([]), 'expected a mapping with ruleFiles, evaluationInterval, scrapeInterval');
    return undefined;
  }
  for (const key of Object.keys(spec))
    if (!['ruleFiles', 'evaluationInterval', 'scrapeInterval'].includes(key))
      reporter.error(site, at([key]), `unknown field "${key}"`, true);
  const duration = (key: string): number | undefined => {
    const v = spec[key];
    if (v === undefined) return undefined;
    const ms = typeof v === 'string' ? parsePromDuration(v) : undefined;
    if (ms === undefined || ms <= 0) {
      reporter.error(
        site,
        at([key]),
        `expected a Prometheus duration > 0 such as 30s or 1m, got ${JSON.stringify(v)}`,
      );
      return undefined;
    }
    return ms;
  };
  const evaluationIntervalMs = duration('evaluationInterval') ?? DEFAULT_EVALUATION_INTERVAL_MS;
  const scrapeIntervalMs = duration('scrapeInterval');
  const ruleGroups: RuleGroup[] = [];
  const files = spec.ruleFiles ?? [];
  if (!Array.isArray(files)) reporter.error(site, at(['ruleFiles']), 'expected a list of rule file paths');
  else
    files.forEach((f, i) => {
      if (typeof f !== 'string' || f === '') {
        reporter.error(site, at(['ruleFiles', i]), 'expected a file path');
        return;
      }
      const read = readFile(f);
      if ('problem' in read) {
        reporter.error(site, at(['ruleFiles', i]), read.problem);
        return;
      }
      const r = parseRuleFile(read.text, read.path, evaluationIntervalMs);
      reporter.diagnostics.push(...r.diagnostics);
      ruleGroups.push(...r.groups);
    });
  // PrometheusRule objects among the manifests come after the rule files.
  for (const m of manifestRules) {
    const r = readRuleDocument(m.node, m.file, m.lines, evaluationIntervalMs);
    reporter.diagnostics.push(...r.diagnostics);
    ruleGroups.push(...r.groups);
  }
  return {
    ruleGroups,
    evaluationIntervalMs,
    ...(scrapeIntervalMs === undefined ? {} : { scrapeIntervalMs }),
  };
}

function isRecordValue(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
