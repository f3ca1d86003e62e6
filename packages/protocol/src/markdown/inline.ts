import type { InlineNode } from './ast';
import {
  codeLength, codePointAt, codePointBefore, isAsciiAlnum, isAsciiPunct, isPunct, isSpace, isUsernameChar,
} from './chars';
import type { ParseBudget } from './limits';
import { isAllowedHref, scanDestination, scanUrlChars, schemeAt, trimBareUrl } from './links';

/**
 * Inline Markdown in one pass, linear in the length of the text whatever it holds:
 * - code spans are paired up front, each backtick run with the next run of the same length;
 * - `[label](url)` looks its `]` up in a table built once, and a destination scan stops at the first
 *   character no URL has (a `]` is one), so link attempts never read the same text twice;
 * - emphasis uses a stack of open delimiters with one index per kind, so a closer finds its opener
 *   at once; unmatched openers are folded back into text as fragments, flattened once at the end.
 */

type DelimKind = '*' | '**' | '_' | '__' | '~~';
const NODE_OF: Record<DelimKind, 'emphasis' | 'strong' | 'strike'> = {
  '*': 'emphasis', '**': 'strong', '_': 'emphasis', '__': 'strong', '~~': 'strike',
};

interface Fragment {
  frag: Piece[];
}
type Piece = InlineNode | Fragment;

interface Frame {
  kind: DelimKind | null;
  pieces: Piece[];
  /** Deepest formatting inside (0: text, code and mentions only). */
  depth: number;
}

export interface InlineOptions {
  /** How many more levels of formatting may nest here. */
  depthBudget: number;
  /** Inside a link label: no links, bare URLs or mentions. */
  inLink: boolean;
}

export interface InlineResult {
  nodes: InlineNode[];
  depth: number;
}

const BACKSLASH = 0x5c;
const BACKTICK = 0x60;

/** Code spans: where each starts, where it ends, and the length of its backtick runs. */
function pairCodeSpans(s: string): { spans: Map<number, { end: number; fence: number }>; loose: Map<number, number>; inCode: Uint8Array | null } {
  const runs: { start: number; len: number }[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < s.length && isAsciiPunct(s.charCodeAt(i + 1))) {
      i += 2;
    } else if (c === BACKTICK) {
      let j = i;
      while (j < s.length && s.charCodeAt(j) === BACKTICK) j++;
      runs.push({ start: i, len: j - i });
      i = j;
    } else i++;
  }
  const spans = new Map<number, { end: number; fence: number }>();
  const loose = new Map<number, number>();
  if (runs.length === 0) return { spans, loose, inCode: null };
  const byLength = new Map<number, number[]>();
  runs.forEach((r, index) => {
    const list = byLength.get(r.len);
    if (list) list.push(index);
    else byLength.set(r.len, [index]);
  });
  const cursor = new Map<number, number>();
  const inCode = new Uint8Array(s.length);
  for (let r = 0; r < runs.length; ) {
    const { start, len } = runs[r]!;
    const list = byLength.get(len)!;
    let p = cursor.get(len) ?? 0;
    while (p < list.length && list[p]! <= r) p++;
    cursor.set(len, p);
    if (p < list.length) {
      const closer = runs[list[p]!]!;
      const end = closer.start + closer.len;
      spans.set(start, { end, fence: len });
      inCode.fill(1, start, end);
      r = list[p]! + 1;
    } else {
      loose.set(start, len);
      r++;
    }
  }
  return { spans, loose, inCode };
}

/** For each index, the next `[` and `]` at or after it that are neither escaped nor in code (or -1). */
function bracketTables(s: string, inCode: Uint8Array | null): { nextOpen: Int32Array; nextClose: Int32Array } {
  const n = s.length;
  const escaped = new Uint8Array(n);
  for (let i = 0; i + 1 < n; i++) {
    if (s.charCodeAt(i) === BACKSLASH && isAsciiPunct(s.charCodeAt(i + 1))) escaped[++i] = 1;
  }
  const nextOpen = new Int32Array(n + 1);
  const nextClose = new Int32Array(n + 1);
  nextOpen[n] = -1;
  nextClose[n] = -1;
  for (let i = n - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    const live = !escaped[i] && !(inCode && inCode[i]);
    nextOpen[i] = live && c === 0x5b ? i : nextOpen[i + 1]!;
    nextClose[i] = live && c === 0x5d ? i : nextClose[i + 1]!;
  }
  return { nextOpen, nextClose };
}

/** Pieces to nodes, fragments opened in place and neighbouring text joined; iterative (fragments nest deep). */
function flatten(pieces: Piece[]): InlineNode[] {
  const out: InlineNode[] = [];
  const work: { list: Piece[]; at: number }[] = [{ list: pieces, at: 0 }];
  while (work.length > 0) {
    const top = work[work.length - 1]!;
    if (top.at >= top.list.length) {
      work.pop();
      continue;
    }
    const piece = top.list[top.at++]!;
    if ('frag' in piece) {
      work.push({ list: piece.frag, at: 0 });
      continue;
    }
    const last = out[out.length - 1];
    if (piece.type === 'text' && last?.type === 'text') last.text += piece.text;
    else out.push(piece);
  }
  return out;
}

function codeContent(raw: string): string {
  const text = raw.replace(/\n/g, ' ');
  // One space on each side is padding (so a span can start or end with a backtick), as in CommonMark.
  if (text.length >= 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') return text.slice(1, -1);
  return text;
}

export function parseInline(s: string, budget: ParseBudget, opts: InlineOptions): InlineResult {
  const n = s.length;
  const { spans, loose, inCode } = pairCodeSpans(s);
  let brackets: ReturnType<typeof bracketTables> | null = null;
  const root: Frame = { kind: null, pieces: [], depth: 0 };
  const stack: Frame[] = [];
  const openOf: Record<DelimKind, number[]> = { '*': [], '**': [], _: [], __: [], '~~': [] };
  let buf = '';

  const top = (): Frame => stack[stack.length - 1] ?? root;
  const flush = () => {
    if (buf) top().pieces.push({ type: 'text', text: buf });
    buf = '';
  };
  const put = (node: InlineNode, depth: number) => {
    flush();
    const f = top();
    f.pieces.push(node);
    if (depth > f.depth) f.depth = depth;
  };
  /** An opener that was never closed: its marker is text again, its contents join the frame below. */
  const unwrapTop = (closingMarker: string) => {
    const f = stack.pop()!;
    openOf[f.kind!].pop();
    const parent = top();
    parent.pieces.push({ type: 'text', text: f.kind! }, { frag: f.pieces });
    if (closingMarker) parent.pieces.push({ type: 'text', text: closingMarker });
    if (f.depth > parent.depth) parent.depth = f.depth;
  };
  const close = (index: number) => {
    flush();
    while (stack.length - 1 > index) unwrapTop('');
    const f = stack[index]!;
    const depth = f.depth + 1;
    if (depth > opts.depthBudget) {
      budget.exceed('depth', budget.limits.maxInlineDepth);
      unwrapTop(f.kind!);
    } else if (!budget.take()) {
      unwrapTop(f.kind!);
    } else {
      stack.pop();
      openOf[f.kind!].pop();
      put({ type: NODE_OF[f.kind!], children: flatten(f.pieces) }, depth);
    }
  };

  const delimiterRun = (i: number): number => {
    const ch = s[i]!;
    let j = i;
    while (j < n && s[j] === ch) j++;
    const len = j - i;
    const kinds: DelimKind[] | null = ch === '~' ? (len === 2 ? ['~~'] : null) : len <= 3 ? [ch as DelimKind, (ch + ch) as DelimKind] : null;
    if (!kinds) {
      buf += s.slice(i, j);
      return j;
    }
    const prev = codePointBefore(s, i);
    const next = codePointAt(s, j);
    const left = !isSpace(next) && (!isPunct(next) || isSpace(prev) || isPunct(prev));
    const right = !isSpace(prev) && (!isPunct(prev) || isSpace(next) || isPunct(next));
    // snake_case_words are not emphasis: underscores inside a word neither open nor close.
    const canOpen = ch === '_' ? left && (!right || isPunct(prev)) : left;
    const canClose = ch === '_' ? right && (!left || isPunct(next)) : right;
    let remaining = len;
    while (canClose && remaining > 0) {
      let best = -1;
      for (const k of kinds) {
        const open = openOf[k];
        const at = open[open.length - 1];
        if (k.length <= remaining && at !== undefined && at > best) best = at;
      }
      if (best < 0) break;
      remaining -= stack[best]!.kind!.length;
      close(best);
    }
    if (remaining > 0 && canOpen) {
      flush();
      for (const part of remaining === 3 ? [2, 1] : [remaining]) {
        const kind = ch.repeat(part) as DelimKind;
        openOf[kind].push(stack.length);
        stack.push({ kind, pieces: [], depth: 0 });
      }
    } else if (remaining > 0) buf += ch.repeat(remaining);
    return j;
  };

  const link = (i: number): number => {
    brackets ??= bracketTables(s, inCode);
    const end = brackets.nextClose[i + 1]!;
    if (end < 0 || s.charCodeAt(end + 1) !== 0x28) return 0;
    const inner = brackets.nextOpen[i + 1]!;
    if (inner >= 0 && inner < end) return 0;
    const closeParen = scanDestination(s, end + 2);
    if (closeParen < 0) return 0;
    const href = s.slice(end + 2, closeParen);
    if (!isAllowedHref(href)) return 0;
    if (href.length > budget.limits.maxLinkLength) {
      budget.exceed('link_length', budget.limits.maxLinkLength);
      return 0;
    }
    if (opts.depthBudget < 1) {
      budget.exceed('depth', budget.limits.maxInlineDepth);
      return 0;
    }
    if (!budget.take()) return 0;
    const label = parseInline(s.slice(i + 1, end), budget, { depthBudget: opts.depthBudget - 1, inLink: true });
    const children: InlineNode[] = label.nodes.length > 0 ? label.nodes : [{ type: 'text', text: href }];
    put({ type: 'link', href, bare: false, children }, label.depth + 1);
    return closeParen + 1;
  };

  const bareUrl = (i: number): number => {
    // "xhttp://" is a word; "看https://…" (no space, as Chinese is written) is a link.
    if (isAsciiAlnum(codePointBefore(s, i))) return 0;
    const scheme = schemeAt(s, i);
    if (scheme === 0) return 0;
    const stop = scanUrlChars(s, i);
    const end = trimBareUrl(s, i + scheme, stop);
    if (end <= i + scheme) return 0;
    const href = s.slice(i, end);
    if (href.length > budget.limits.maxLinkLength) {
      budget.exceed('link_length', budget.limits.maxLinkLength);
      buf += s.slice(i, stop);
      return stop;
    }
    if (!budget.take()) {
      buf += href;
      return end;
    }
    put({ type: 'link', href, bare: true, children: [{ type: 'text', text: href }] }, 1);
    return end;
  };

  const mention = (i: number): number => {
    const prev = codePointBefore(s, i);
    // Not the middle of an address or a word: "maria@example.com", "a_@b".
    if (isAsciiAlnum(prev) || prev === 0x5f || prev === 0x2e || prev === 0x2d) return 0;
    let j = i + 1;
    let count = 0;
    while (j < n) {
      const code = codePointAt(s, j);
      if (!isUsernameChar(code)) break;
      j += codeLength(code);
      count++;
    }
    // A full stop or dash after a name ends the sentence, not the name.
    let end = j;
    while (end > i + 1 && (s[end - 1] === '.' || s[end - 1] === '-')) {
      end--;
      count--;
    }
    if (count < 3 || count > 32 || !budget.take()) {
      buf += s.slice(i, j);
      return j;
    }
    put({ type: 'mention', username: s.slice(i + 1, end) }, 0);
    return end;
  };

  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    let next = 0;
    if (c === BACKSLASH) {
      if (i + 1 < n && isAsciiPunct(s.charCodeAt(i + 1))) {
        buf += s[i + 1];
        i += 2;
        continue;
      }
    } else if (c === BACKTICK) {
      const span = spans.get(i);
      if (span && budget.take()) {
        put({ type: 'code', text: codeContent(s.slice(i + span.fence, span.end - span.fence)) }, 0);
        i = span.end;
      } else {
        const stop = span ? span.end : i + (loose.get(i) ?? 1);
        buf += s.slice(i, stop);
        i = stop;
      }
      continue;
    } else if (c === 0x2a || c === 0x5f || c === 0x7e) {
      i = delimiterRun(i);
      continue;
    } else if (!opts.inLink) {
      if (c === 0x5b) next = link(i);
      else if (c === 0x40) next = mention(i);
      else if (c === 0x68 || c === 0x48 || c === 0x6d || c === 0x4d) next = bareUrl(i);
    }
    if (next > 0) {
      i = next;
      continue;
    }
    buf += s[i];
    i++;
  }
  flush();
  while (stack.length > 0) unwrapTop('');
  return { nodes: flatten(root.pieces), depth: root.depth };
}
