/** Emoji names and shortcodes come from emojibase-data, loaded on first use so they stay out of the first page load. */

export interface EmojiEntry {
  emoji: string;
  /** Localised name, e.g. "grinning face" / "嘿嘿". */
  label: string;
  group: number;
  order: number;
  shortcodes: string[];
  tags: string[];
}

export interface EmojiData {
  entries: EmojiEntry[];
  /** `order` is the `group` number of the entries in it. */
  groups: { key: string; label: string; order: number }[];
}

interface Compact {
  unicode: string;
  label: string;
  hexcode: string;
  group?: number;
  order?: number;
  tags?: string[];
}

const COMPONENT_GROUP = 2;
const cache = new Map<string, Promise<EmojiData>>();

/** Emoji for the UI language; GitHub-style shortcodes (":smile:") in every language. */
export function loadEmoji(lang: string): Promise<EmojiData> {
  const key = lang.startsWith('zh') ? 'zh' : 'en';
  let data = cache.get(key);
  if (!data) {
    data = build(key);
    cache.set(key, data);
    data.catch(() => cache.delete(key));
  }
  return data;
}

async function build(key: 'en' | 'zh'): Promise<EmojiData> {
  const [compact, messages, shortcodes] = await Promise.all([
    key === 'zh' ? import('emojibase-data/zh/compact.json') : import('emojibase-data/en/compact.json'),
    key === 'zh' ? import('emojibase-data/zh/messages.json') : import('emojibase-data/en/messages.json'),
    import('emojibase-data/en/shortcodes/github.json'),
  ]);
  const codes = shortcodes.default as Record<string, string | string[]>;
  const entries = (compact.default as Compact[])
    .filter((e) => e.group !== undefined && e.group !== COMPONENT_GROUP)
    .map((e) => {
      const sc = codes[e.hexcode];
      return {
        emoji: e.unicode,
        label: e.label,
        group: e.group ?? 0,
        order: e.order ?? 0,
        shortcodes: sc === undefined ? [] : Array.isArray(sc) ? sc : [sc],
        tags: e.tags ?? [],
      };
    })
    .sort((a, b) => a.order - b.order);
  const groups = messages.default.groups
    .filter((g) => g.order !== COMPONENT_GROUP)
    .map((g) => ({ key: g.key, label: g.message, order: g.order }));
  return { entries, groups };
}

/** Best matches first: shortcode prefix, then name or tag containing the query. */
export function searchEmoji(data: EmojiData, query: string, limit = 60): EmojiEntry[] {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, '');
  if (!q) return [];
  const scored: { e: EmojiEntry; score: number }[] = [];
  for (const e of data.entries) {
    let score = 0;
    if (e.shortcodes.some((s) => s === q)) score = 4;
    else if (e.shortcodes.some((s) => s.startsWith(q))) score = 3;
    else if (e.label.toLowerCase().includes(q)) score = 2;
    else if (e.tags.some((t) => t.toLowerCase().includes(q)) || e.shortcodes.some((s) => s.includes(q))) score = 1;
    if (score > 0) scored.push({ e, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.e.order - b.e.order)
    .slice(0, limit)
    .map((s) => s.e);
}

/** The ":partial" being typed right before the caret, if any (at least two characters). */
export function shortcodeAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[\s(])(:[a-z0-9_+-]{2,})$/i.exec(text.slice(0, caret));
  if (!m || m[2] === undefined) return null;
  return { start: caret - m[2].length, query: m[2].slice(1) };
}

export { recentEmoji, rememberEmoji } from './recent-emoji';

const EMOJI_CLUSTER = /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|(?:\p{Extended_Pictographic}|\p{Emoji_Presentation})[\p{Emoji_Modifier}\uFE0F\u200D\p{Extended_Pictographic}\p{Emoji_Presentation}\u{E0020}-\u{E007F}]*)$/u;

/** 1–3 when the text is only that many emoji (spaces allowed), else 0: such messages are shown large. */
export function emojiOnlyCount(text: string): number {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 60) return 0;
  let count = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)) {
    if (/^\s+$/.test(segment)) continue;
    if (!EMOJI_CLUSTER.test(segment)) return 0;
    if (++count > 3) return 0;
  }
  return count;
}
