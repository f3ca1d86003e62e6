/**
 * Text as the search index sees it. Both the stored messages and the queries pass through here, so
 * both dialects index and ask for exactly the same tokens.
 *
 * Folding: NFKC-style compatibility mapping (full-width Ｈｅｌｌｏ is hello, half-width ｶ is カ),
 * lower case, and diacritics removed from Latin letters only (café is cafe; が stays が).
 * Chinese, Japanese and Korean have no spaces between words, so a run of those characters is
 * indexed as overlapping pairs (上海东边: 上海 海东 东边) plus its last character alone: every
 * character then begins some token, so a one-character query is a prefix query and a longer one
 * asks for all its pairs. Other letters and digits form words, asked for by prefix. Emoji are
 * tokens of their own.
 */

export interface Folded {
  /** The folded text. */
  text: string;
  /** For each UTF-16 unit of `text`: where the original character it came from starts and ends. */
  from: number[];
  to: number[];
}

const COMBINING = /\p{M}/u;
const LATIN = /\p{Script=Latin}/u;
const VARIATION_SELECTOR = /[\uFE0E\uFE0F]/;

export function fold(original: string): Folded {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let afterLatin = false;
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = original.slice(i, i + width);
    let out: string;
    if (cp === 0 || VARIATION_SELECTOR.test(ch)) out = '';
    else if (COMBINING.test(ch)) out = afterLatin ? '' : ch;
    else {
      let d = ch.normalize('NFKD').toLowerCase().normalize('NFKD');
      if (LATIN.test(d)) d = d.replace(/\p{M}/gu, '');
      out = d.normalize('NFC');
      if (out.length > 0) afterLatin = LATIN.test(out);
    }
    // A mark that composes with the character before (half-width ｶﾞ is ガ) joins it, as whole-text NFKC would.
    if (out.length === 1 && COMBINING.test(out) && text.length > 0) {
      const composed = (text.slice(-1) + out).normalize('NFC');
      if (composed.length === 1) {
        text = text.slice(0, -1) + composed;
        to[to.length - 1] = i + width;
        out = '';
      }
    }
    for (let k = 0; k < out.length; k++) {
      from.push(i);
      to.push(i + width);
    }
    text += out;
    i += width;
  }
  return { text, from, to };
}

type Kind = 'cjk' | 'word' | 'emoji' | 'other';
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const EMOJI = /\p{Extended_Pictographic}/u;

function kindOf(ch: string): Kind {
  if (CJK.test(ch)) return 'cjk';
  if (EMOJI.test(ch)) return 'emoji';
  if (WORD.test(ch)) return 'word';
  return 'other';
}

/** A piece of folded text: a run of CJK characters, a word, or one emoji; `start` is its UTF-16 offset. */
export interface Piece {
  kind: 'cjk' | 'word' | 'emoji';
  text: string;
  start: number;
}

export function pieces(folded: string): Piece[] {
  const out: Piece[] = [];
  let current = null as Piece | null;
  for (let i = 0; i < folded.length; ) {
    const cp = folded.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const kind = kindOf(ch);
    if (kind === 'other' || kind === 'emoji' || current?.kind !== kind) {
      if (current) out.push(current);
      current = null;
    }
    if (kind === 'emoji') out.push({ kind, text: ch, start: i });
    else if (kind !== 'other') {
      current ??= { kind, text: '', start: i };
      current.text += ch;
    }
    i += ch.length;
  }
  if (current) out.push(current);
  return out;
}

/** Words longer than this are indexed and asked for by their beginning (the text check sees all of it). */
export const MAX_WORD_CHARS = 40;

const chars = (s: string) => Array.from(s);
const clip = (word: string) => chars(word).slice(0, MAX_WORD_CHARS).join('');

/** The distinct index tokens of a message's text. */
export function documentTokens(body: string): string[] {
  const tokens = new Set<string>();
  for (const piece of pieces(fold(body).text)) {
    if (piece.kind === 'cjk') {
      const cs = chars(piece.text);
      for (let i = 0; i + 1 < cs.length; i++) tokens.add(cs[i]! + cs[i + 1]!);
      tokens.add(cs.at(-1)!);
    } else tokens.add(piece.kind === 'word' ? clip(piece.text) : piece.text);
  }
  return [...tokens];
}

/** One token the index must hold; `prefix` matches any token beginning with it. */
export interface IndexTerm {
  token: string;
  prefix: boolean;
}

/** What a query's text asks for: the index terms that select candidates, and the pieces each candidate's text must contain. */
export interface TextQuery {
  terms: IndexTerm[];
  pieces: Piece[];
}

export function textQuery(text: string): TextQuery {
  const found = pieces(fold(text).text);
  const terms = new Map<string, IndexTerm>();
  const add = (token: string, prefix: boolean) => {
    const key = `${prefix ? '*' : '='}${token}`;
    if (!terms.has(key)) terms.set(key, { token, prefix });
  };
  for (const piece of found) {
    if (piece.kind === 'cjk') {
      const cs = chars(piece.text);
      if (cs.length === 1) add(cs[0]!, true);
      for (let i = 0; i + 1 < cs.length; i++) add(cs[i]! + cs[i + 1]!, false);
    } else if (piece.kind === 'emoji') add(piece.text, false);
    else {
      const n = chars(piece.text).length;
      // One letter is too common to ask for by prefix; it must be a whole word.
      if (n > MAX_WORD_CHARS) add(clip(piece.text), true);
      else add(piece.text, n >= 2);
    }
  }
  return { terms: [...terms.values()], pieces: found };
}

export type Range = [start: number, end: number];

/**
 * Checks a candidate against the query on its folded text (the index may match pairs out of order)
 * and answers where the matches are, as [start, end) UTF-16 offsets into the original text, or null.
 * A CJK or emoji piece matches anywhere; a word matches at the start of a word (whole, if one letter).
 */
export function matchRanges(body: string, query: TextQuery): Range[] | null {
  const folded = fold(body);
  const t = folded.text;
  const spans: Range[] = [];
  for (const piece of query.pieces) {
    let found = false;
    for (let at = t.indexOf(piece.text); at >= 0; at = t.indexOf(piece.text, at + 1)) {
      const end = at + piece.text.length;
      if (piece.kind === 'word') {
        if (at > 0 && kindOf(charBefore(t, at)) === 'word') continue;
        if (chars(piece.text).length === 1 && end < t.length && kindOf(charAt(t, end)) === 'word') continue;
      }
      found = true;
      spans.push([folded.from[at]!, folded.to[end - 1]!]);
    }
    if (!found) return null;
  }
  return merge(spans);
}

function charAt(s: string, i: number): string {
  return String.fromCodePoint(s.codePointAt(i)!);
}

function charBefore(s: string, i: number): string {
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) return s.slice(i - 2, i);
  return s.slice(i - 1, i);
}

function merge(spans: Range[]): Range[] {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

const LINK = /\bhttps?:\/\/|\bwww\.[^\s.]+\.[^\s]/i;

/** Whether a text carries a link, for `has:link`. */
export function hasLink(body: string): boolean {
  return LINK.test(body);
}
