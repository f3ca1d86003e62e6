import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUICK, parseRecent, quickReactions, RECENT_MAX, recentEmoji, rememberEmoji, withRecent } from './recent-emoji';

const KEY = 'natter.recentEmoji';

describe('recent emoji', () => {
  beforeEach(() => localStorage.clear());

  it('puts the emoji used last first, once, and keeps it across page loads on this device', () => {
    rememberEmoji('👍');
    rememberEmoji('🎉');
    rememberEmoji('👍');
    expect(recentEmoji()).toEqual(['👍', '🎉']);
    expect(JSON.parse(localStorage.getItem(KEY) ?? '[]')).toEqual(['👍', '🎉']);
  });

  it('is bounded: the oldest fall off', () => {
    const many = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘', '🥰', '😗', '😙', '😚', '🙂', '🤗', '🤩', '🤔', '🤨', '😐', '😑', '😶'];
    for (const e of many) rememberEmoji(e);
    const list = recentEmoji();
    expect(list).toHaveLength(RECENT_MAX);
    expect(list[0]).toBe('😶');
    expect(list).not.toContain('😀');
    expect(withRecent(list, '😀')).toHaveLength(RECENT_MAX);
  });

  it('drops what is not a list of single emoji when loading', () => {
    expect(parseRecent(null)).toEqual([]);
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent('{"a":1}')).toEqual([]);
    expect(parseRecent(JSON.stringify(['👍', 'hello', 3, '<img src=x>', '👍', '👍🏽', '🇨🇳', '😀😀', '']))).toEqual(['👍', '👍🏽', '🇨🇳']);
    localStorage.setItem(KEY, JSON.stringify(Array.from({ length: 200 }, (_, i) => (i % 2 ? '🎉' : `x${i}`))));
    expect(recentEmoji()).toEqual(['🎉']);
  });

  it('refuses to remember text that is not an emoji', () => {
    rememberEmoji('hi');
    rememberEmoji('👍👍');
    expect(recentEmoji()).toEqual([]);
  });
});

describe('the quick reaction row', () => {
  it('shows the defaults when nothing was used yet', () => {
    expect(quickReactions([])).toEqual([...DEFAULT_QUICK]);
  });

  it('shows recent emoji first, then the defaults not already there, at the same length', () => {
    expect(quickReactions(['🔥', '❤️'])).toEqual(['🔥', '❤️', '👍', '😂', '🎉', '😮']);
    expect(quickReactions(['🔥', '🚀', '👀', '✅', '🙏', '💯', '🤔'])).toEqual(['🔥', '🚀', '👀', '✅', '🙏', '💯']);
  });
});
