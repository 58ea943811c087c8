/** One sample line of an OpenMetrics text, parsed. */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Unix seconds. */
  timestamp: number;
}

/** A family as the text declares it. */
export interface ParsedFamily {
  name: string;
  type: string;
  unit?: string;
  help?: string;
  samples: ParsedSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+) (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;

/**
 * A strict reader of the OpenMetrics text kubesim writes, written from the specification (not from
 * the writer): metadata before samples, families not interleaved, every sample of a declared family
 * with an allowed suffix, `# EOF` as the last line. Throws on anything else.
 */
export function parseOpenMetrics(text: string): ParsedFamily[] {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('the text must end with a newline');
  if (lines[lines.length - 1] !== '# EOF') throw new Error('the last line must be # EOF');
  lines.pop();
  const families: ParsedFamily[] = [];
  const seen = new Set<string>();
  let current: ParsedFamily | undefined;
  for (const [i, line] of lines.entries()) {
    const where = `line ${i + 1}`;
    if (line.startsWith('# ')) {
      const [, kind, name, ...rest] = line.split(' ');
      if (name === undefined) throw new Error(`${where}: metadata without a name`);
      if (current?.name !== name) {
        if (seen.has(name)) throw new Error(`${where}: family ${name} interleaved`);
        if (current && current.samples.length === 0)
          throw new Error(`${where}: family ${current.name} has no samples`);
        current = { name, type: 'unknown', samples: [] };
        seen.add(name);
        families.push(current);
      } else if (current.samples.length > 0) throw new Error(`${where}: metadata after samples`);
      const value = rest.join(' ');
      if (kind === 'TYPE') current.type = value;
      else if (kind === 'UNIT') current.unit = value;
      else if (kind === 'HELP')
        current.help = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      else throw new Error(`${where}: unknown metadata ${kind}`);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m || !current) throw new Error(`${where}: not a sample: ${line}`);
    const [, name, labelText, valueText, tsText] = m as unknown as [
      string,
      string,
      string | undefined,
      string,
      string,
    ];
    const suffix = name.slice(current.name.length);
    const allowed: Record<string, string[]> = {
      gauge: [''],
      counter: ['_total'],
      histogram: ['_bucket', '_count', '_sum'],
    };
    if (!name.startsWith(current.name) || !(allowed[current.type] ?? []).includes(suffix))
      throw new Error(`${where}: sample ${name} does not belong to ${current.type} ${current.name}`);
    const labels: Record<string, string> = {};
    if (labelText !== undefined) {
      const inner = labelText.slice(1, -1);
      LABEL.lastIndex = 0;
      let pos = 0;
      while (pos < inner.length) {
        LABEL.lastIndex = pos;
        const l = LABEL.exec(inner);
        if (!l) throw new Error(`${where}: bad labels ${labelText}`);
        labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
        pos = LABEL.lastIndex;
      }
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    if (valueText !== 'NaN' && Number.isNaN(value)) throw new Error(`${where}: bad value ${valueText}`);
    const timestamp = Number(tsText);
    if (!Number.isFinite(timestamp)) throw new Error(`${where}: bad timestamp ${tsText}`);
    current.samples.push({ name, labels, value, timestamp });
  }
  return families;
}

/** A series' identity in parsed text: name and labels in a fixed order. */
export function seriesId(s: { name: string; labels: Record<string, string> }): string {
  const keys = Object.keys(s.labels).sort();
  return `${s.name}{${keys.map((k) => `${k}=${JSON.stringify(s.labels[k])}`).join(',')}}`;
}
