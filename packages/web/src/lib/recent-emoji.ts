import { isEmoji } from '@natter/protocol';

/*
 * The emoji this person used last, newest first, on this device: picked in a reaction picker, a
 * reaction chip added to, or the composer's picker and :shortcode: suggestions. Kept in
 * localStorage rather than the account's settings, which are columns of the users table: a list
 * of emoji would need a schema change and a write per reaction for little gain, and which emoji
 * come first is a matter of the keyboard at hand as much as of the person.
 */

const RECENT_KEY = 'natter.recentEmoji';
export const RECENT_MAX = 24;
/** The quick reaction row: how many emoji it shows, and what it falls back to. */
export const QUICK_SIZE = 6;
export const DEFAULT_QUICK = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

/** A stored list as read back: anything that is not a list of single emoji is dropped, duplicates too. */
export function parseRecent(stored: string | null): string[] {
  let list: unknown;
  try {
    list = JSON.parse(stored ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const x of list) {
    if (typeof x === 'string' && isEmoji(x) && !out.includes(x)) out.push(x);
    if (out.length === RECENT_MAX) break;
  }
  return out;
}

/** `emoji` moved (or added) to the front, the list kept to its bound. */
export function withRecent(list: readonly string[], emoji: string): string[] {
  return [emoji, ...list.filter((e) => e !== emoji)].slice(0, RECENT_MAX);
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** When storage is blocked the list lives as long as the page. */
let inMemory: string[] = [];

export function recentEmoji(): string[] {
  const s = storage();
  if (!s) return inMemory;
  try {
    return parseRecent(s.getItem(RECENT_KEY));
  } catch {
    return inMemory;
  }
}

export function rememberEmoji(emoji: string): void {
  if (!isEmoji(emoji)) return;
  const next = withRecent(recentEmoji(), emoji);
  inMemory = next;
  try {
    storage()?.setItem(RECENT_KEY, JSON.stringify(next));
  } catch {
    // Full or blocked: the in-memory copy serves this page.
  }
}

/** The quick reaction row: recent emoji first, then the defaults not already there. */
export function quickReactions(recent: readonly string[], size = QUICK_SIZE): string[] {
  const out: string[] = [];
  for (const e of [...recent, ...DEFAULT_QUICK]) {
    if (!out.includes(e)) out.push(e);
    if (out.length === size) break;
  }
  return out;
}
