import type { BlockNode, ListItem } from './ast';
import { parseInline } from './inline';
import type { ParseBudget } from './limits';

/**
 * Block structure, line by line: fenced code, block quotes, lists, paragraphs. Each container level
 * strips its markers once and parses its lines again one level down, and levels stop at the depth
 * cap (deeper markers are text), so the work is at most (cap + 1) × the length of the text.
 *
 * Chat rather than documents: a list or a quote may start right under a line of text, a line after a
 * list item that is not indented starts a new paragraph (no "lazy" continuation), and line breaks
 * inside a paragraph are kept.
 */

interface ListMarker {
  ordered: boolean;
  start: number;
  /** Columns before the marker. */
  indent: number;
  /** Columns from the line's start to the item's text. */
  contentColumn: number;
  /** Index in the line where the item's text begins. */
  contentIndex: number;
  empty: boolean;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Leading white space in columns (a tab reaches the next multiple of 4). */
function indentOf(line: string): number {
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) col++;
    else if (c === 0x09) col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** The line without up to `columns` columns of leading white space. */
function dedent(line: string, columns: number): string {
  let col = 0;
  let i = 0;
  while (i < line.length && col < columns) {
    const c = line.charCodeAt(i);
    if (c === 0x20) col++;
    else if (c === 0x09) col += 4 - (col % 4);
    else break;
    i++;
  }
  return line.slice(i);
}

function listMarker(line: string): ListMarker | null {
  const indent = indentOf(line);
  if (indent > 3) return null;
  let i = 0;
  while (line[i] === ' ' || line[i] === '\t') i++;
  let ordered = false;
  let start = 1;
  const c = line[i];
  if (c === '-' || c === '*' || c === '+') {
    i++;
  } else {
    const digitsFrom = i;
    while (i < line.length && i - digitsFrom < 10 && line.charCodeAt(i) >= 0x30 && line.charCodeAt(i) <= 0x39) i++;
    const digits = i - digitsFrom;
    if (digits === 0 || digits > 9 || (line[i] !== '.' && line[i] !== ')')) return null;
    start = Number(line.slice(digitsFrom, i));
    ordered = true;
    i++;
  }
  const markerEnd = i;
  if (i < line.length && line[i] !== ' ' && line[i] !== '\t') return null;
  let spaces = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t') && spaces < 5) {
    i++;
    spaces++;
  }
  const empty = line.slice(i).trim() === '';
  // Five spaces or more after the marker: one separates, the rest belong to the text (as in CommonMark).
  const gap = empty || spaces > 4 ? 1 : spaces;
  return {
    ordered,
    start,
    indent,
    contentColumn: indent + (markerEnd - indentSkip(line)) + gap,
    contentIndex: empty ? line.length : markerEnd + gap,
    empty,
  };
}

/** Index of the first character after the leading white space. */
function indentSkip(line: string): number {
  let i = 0;
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i;
}

function fenceOpen(line: string): { indent: number; length: number; info: string } | null {
  const indent = indentOf(line);
  if (indent > 3) return null;
  const from = indentSkip(line);
  let j = from;
  while (line.charCodeAt(j) === 0x60) j++;
  const length = j - from;
  if (length < 3) return null;
  const info = line.slice(j);
  if (info.includes('`')) return null;
  return { indent, length, info: info.trim() };
}

function isFenceClose(line: string, length: number): boolean {
  if (indentOf(line) > 3) return false;
  const from = indentSkip(line);
  let j = from;
  while (line.charCodeAt(j) === 0x60) j++;
  return j - from >= length && line.slice(j).trim() === '';
}

function isQuoteLine(line: string): boolean {
  return indentOf(line) <= 3 && line[indentSkip(line)] === '>';
}

function stripQuote(line: string): string {
  const at = indentSkip(line) + 1;
  return line[at] === ' ' || line[at] === '\t' ? line.slice(at + 1) : line.slice(at);
}

export function parseBlocks(lines: string[], depth: number, budget: ParseBudget): BlockNode[] {
  const out: BlockNode[] = [];
  const maxDepth = budget.limits.maxBlockDepth;
  const nest = depth < maxDepth;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (budget.full) {
      // Past the node cap: the rest stays, as the text it is, in one paragraph.
      budget.exceed('nodes', budget.limits.maxNodes);
      out.push({ type: 'paragraph', children: [{ type: 'text', text: lines.slice(i).join('\n').trimEnd() }] });
      break;
    }
    const fence = fenceOpen(line);
    if (fence) {
      budget.take();
      const body: string[] = [];
      i++;
      while (i < lines.length && !isFenceClose(lines[i]!, fence.length)) body.push(dedent(lines[i++]!, fence.indent));
      i++;
      out.push({ type: 'codeBlock', info: fence.info, text: body.join('\n') });
      continue;
    }
    if (isQuoteLine(line)) {
      if (nest) {
        budget.take();
        const inner: string[] = [];
        while (i < lines.length && isQuoteLine(lines[i]!)) inner.push(stripQuote(lines[i++]!));
        out.push({ type: 'quote', children: parseBlocks(inner, depth + 1, budget) });
        continue;
      }
      budget.exceed('depth', maxDepth);
    }
    const marker = listMarker(line);
    // A lone "-" or "1." is text, not an empty list.
    if (marker && !marker.empty) {
      if (nest) {
        i = parseList(lines, i, marker, depth, budget, out);
        continue;
      }
      budget.exceed('depth', maxDepth);
    }
    i = parseParagraph(lines, i, nest, budget, out);
  }
  return out;
}

function parseParagraph(lines: string[], i: number, nest: boolean, budget: ParseBudget, out: BlockNode[]): number {
  const text: string[] = [lines[i++]!];
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line) || fenceOpen(line)) break;
    const m = listMarker(line);
    // "1." or a bullet with text after it starts a list right under a line; "1990. was a year" does not.
    const opensList = m !== null && !m.empty && (!m.ordered || m.start === 1);
    if (opensList || isQuoteLine(line)) {
      if (nest) break;
      budget.exceed('depth', budget.limits.maxBlockDepth);
    }
    text.push(line);
    i++;
  }
  budget.take();
  const inline = parseInline(text.join('\n').trimEnd(), budget, { depthBudget: budget.limits.maxInlineDepth, inLink: false });
  out.push({ type: 'paragraph', children: inline.nodes });
  return i;
}

function parseList(lines: string[], i: number, first: ListMarker, depth: number, budget: ParseBudget, out: BlockNode[]): number {
  budget.take();
  const items: ListItem[] = [];
  let marker: ListMarker | null = first;
  while (marker && marker.ordered === first.ordered) {
    if (budget.full) {
      // Past the node cap: the rest of this container stays, as the text it is, in one last item.
      budget.exceed('nodes', budget.limits.maxNodes);
      items.push({ children: [{ type: 'paragraph', children: [{ type: 'text', text: lines.slice(i).join('\n').trimEnd() }] }] });
      i = lines.length;
      break;
    }
    // Indented by two columns past the marker (or to the text, if nearer) continues the item.
    const threshold = Math.min(marker.contentColumn, marker.indent + 2);
    const body: string[] = [lines[i]!.slice(marker.contentIndex)];
    i++;
    while (i < lines.length) {
      const line = lines[i]!;
      if (isBlank(line)) {
        let j = i;
        while (j < lines.length && isBlank(lines[j]!)) j++;
        if (j < lines.length && indentOf(lines[j]!) >= threshold) {
          for (; i < j; i++) body.push('');
          continue;
        }
        break;
      }
      const indent = indentOf(line);
      if (indent < threshold) break;
      body.push(dedent(line, Math.min(indent, marker.contentColumn)));
      i++;
    }
    budget.take();
    items.push({ children: parseBlocks(body, depth + 1, budget) });
    let j = i;
    while (j < lines.length && isBlank(lines[j]!)) j++;
    marker = j < lines.length ? listMarker(lines[j]!) : null;
    if (marker && marker.ordered === first.ordered) i = j;
  }
  out.push({ type: 'list', ordered: first.ordered, start: first.start, items });
  return i;
}
