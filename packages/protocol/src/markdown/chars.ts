/** Character classes the parsers need, by code point, without regular expressions that can backtrack. */

const UNICODE_SPACE = /\s/u;
const UNICODE_PUNCT = /[\p{P}\p{S}]/u;
const UNICODE_ALNUM = /[\p{L}\p{N}\p{M}]/u;
/** The characters a username may have (see `Username` in common.ts). */
const USERNAME_CHAR = /[A-Za-z0-9_.\-\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function isAsciiPunct(code: number): boolean {
  return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

export function isAsciiAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** The code point starting at i (or NaN past the end). */
export function codePointAt(s: string, i: number): number {
  return i < s.length ? (s.codePointAt(i) ?? NaN) : NaN;
}

/** The code point ending just before i (or NaN at the start). */
export function codePointBefore(s: string, i: number): number {
  if (i <= 0) return NaN;
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.codePointAt(i - 2) ?? NaN;
  }
  return low;
}

export function codeLength(code: number): number {
  return code > 0xffff ? 2 : 1;
}

/** Start and end of the text count as white space (as in CommonMark). */
export function isSpace(code: number): boolean {
  if (Number.isNaN(code)) return true;
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return UNICODE_SPACE.test(String.fromCodePoint(code));
}

export function isPunct(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 0x80) return isAsciiPunct(code);
  return UNICODE_PUNCT.test(String.fromCodePoint(code));
}

export function isUsernameChar(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 0x80) return isAsciiAlnum(code) || code === 0x5f || code === 0x2e || code === 0x2d;
  return USERNAME_CHAR.test(String.fromCodePoint(code));
}

/**
 * Characters a URL may contain: RFC 3986's unreserved and reserved ASCII characters, `%`, and letters
 * and digits of any script (people paste IRIs). White space, quotes, brackets, `<>`, backticks and
 * non-ASCII punctuation (such as "，" after a link in Chinese text) end it.
 */
export function isUrlChar(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 0x80) {
    if (isAsciiAlnum(code)) return true;
    // - . _ ~ : / ? # @ ! $ & ' ( ) * + , ; = %
    return '-._~:/?#@!$&\'()*+,;=%'.includes(String.fromCharCode(code));
  }
  return UNICODE_ALNUM.test(String.fromCodePoint(code));
}
