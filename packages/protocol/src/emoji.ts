/**
 * Whether `s` is exactly one emoji as Unicode lists them (RGI: fully-qualified sequences, ZWJ
 * families, skin tones, flags, keycaps, subdivision flags). The `v` flag that knows `\p{RGI_Emoji}`
 * is compiled on first use, so a browser without it still loads this module; there a looser
 * pictographic check stands in, and the server (Node 20) always applies the exact one.
 */
let exact: RegExp | null | undefined;
const LOOSE = /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F\u200D\p{Extended_Pictographic}\u{E0020}-\u{E007F}]*)$/u;

/** Longest emoji accepted, in UTF-16 units (the longest RGI sequences are 14; flags of subdivisions 14). */
export const EMOJI_MAX_UNITS = 32;

export function isEmoji(s: string): boolean {
  if (s.length === 0 || s.length > EMOJI_MAX_UNITS) return false;
  if (exact === undefined) {
    try {
      exact = new RegExp('^\\p{RGI_Emoji}$', 'v');
    } catch {
      exact = null;
    }
  }
  return (exact ?? LOOSE).test(s);
}
