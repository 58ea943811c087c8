import { escapeHtml, slug } from './escape.js';

/**
 * HTML from the Markdown report (src/report/markdown.ts), so the page shows the very same tables
 * without a second copy of them. Only the subset that renderer writes is read: `#`…`###` headings,
 * pipe tables (cells escaped as `\|`), `- ` lists and paragraphs, with `**bold**` and `` `code` ``
 * inline. Every piece of text is HTML-escaped before the inline marks are applied, so nothing from
 * the input can become markup.
 */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  const usedIds = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) {
      const level = (heading[1] as string).length;
      const text = heading[2] as string;
      out.push(`<h${level} id="${uniqueId(`section-${slug(text)}`, usedIds)}">${inline(text)}</h${level}>`);
      i++;
    } else if (line.startsWith('|')) {
      const block: string[] = [];
      while (i < lines.length && (lines[i] as string).startsWith('|')) block.push(lines[i++] as string);
      out.push(table(block));
    } else if (line.startsWith('- ')) {
      const items: string[] = [];
      while (i < lines.length && (lines[i] as string).startsWith('- '))
        items.push(`<li>${inline((lines[i++] as string).slice(2))}</li>`);
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (line.trim() === '') {
      i++;
    } else {
      const paragraph: string[] = [];
      while (i < lines.length && isParagraphLine(lines[i] as string)) paragraph.push(lines[i++] as string);
      out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    }
  }
  return out.join('\n');
}

function isParagraphLine(line: string): boolean {
  return line.trim() !== '' && !/^(#{1,3} |\||- )/.test(line);
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** A pipe table: header row, the `|---|` row, body rows. */
function table(rows: string[]): string {
  const [header, , ...body] = rows.map(cells);
  const head = (header ?? []).map((c) => `<th>${inline(c)}</th>`).join('');
  const bodyRows = body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`);
  return `<div class="table"><table><thead><tr>${head}</tr></thead><tbody>${bodyRows.join('')}</tbody></table></div>`;
}

/** The cells of `| a | b \| c |`: split on unescaped pipes, `\|` read back as `|`. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Escapes `text`, then turns `**x**` into <strong> and `` `x` `` into <code>. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}
