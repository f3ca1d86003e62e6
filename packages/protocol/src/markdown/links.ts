import { codeLength, codePointAt, isUrlChar } from './chars';

/** The only schemes that become links; `javascript:`, `data:`, `vbscript:` and all others stay text. */
const SCHEMES = ['https://', 'http://', 'mailto:'] as const;

/** Length of the allowed scheme that starts at i (case-insensitive), or 0. */
export function schemeAt(s: string, i: number): number {
  for (const scheme of SCHEMES) {
    if (s.length - i <= scheme.length) continue;
    if (s.slice(i, i + scheme.length).toLowerCase() === scheme) return scheme.length;
  }
  return 0;
}

/** True for a destination that may be a link: an allowed scheme followed by something. */
export function isAllowedHref(href: string): boolean {
  const scheme = schemeAt(href, 0);
  if (scheme === 0) return false;
  for (let i = 0; i < href.length; ) {
    const code = codePointAt(href, i);
    if (!isUrlChar(code)) return false;
    i += codeLength(code);
  }
  return true;
}

/** Index just after the run of URL characters starting at i. */
export function scanUrlChars(s: string, i: number): number {
  while (i < s.length) {
    const code = codePointAt(s, i);
    if (!isUrlChar(code)) break;
    i += codeLength(code);
  }
  return i;
}

const TRAILING = new Set(['.', ',', ':', ';', '!', '?', "'", '"', '*', '_', '~']);

/**
 * End of a bare URL that starts at `start` and runs (as URL characters) to `stop`: punctuation that
 * ends a sentence is not part of it, nor is a closing parenthesis that has no opening one in it.
 */
export function trimBareUrl(s: string, start: number, stop: number): number {
  let open = 0;
  let close = 0;
  for (let i = start; i < stop; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x28) open++;
    else if (c === 0x29) close++;
  }
  let end = stop;
  while (end > start) {
    const ch = s[end - 1]!;
    if (TRAILING.has(ch)) end--;
    else if (ch === ')' && close > open) {
      end--;
      close--;
    } else break;
  }
  return end;
}

/**
 * The destination of `[label](dest)` starting at i (just after the opening parenthesis): URL
 * characters with balanced parentheses, up to the closing one. Answers the index of that closing
 * parenthesis, or -1. Stops at the first character that cannot be in a URL, so a failed attempt
 * never reads past a `]` (which is not one): attempts never overlap.
 */
export function scanDestination(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    const code = codePointAt(s, i);
    if (code === 0x29) {
      if (depth === 0) return i;
      depth--;
    } else if (code === 0x28) depth++;
    else if (!isUrlChar(code)) return -1;
    i += codeLength(code);
  }
  return -1;
}
