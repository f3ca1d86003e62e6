import { describe, expect, it } from 'vitest';
import { emojiOnlyCount, loadEmoji, searchEmoji, shortcodeAt } from './emoji';

describe('emojiOnlyCount', () => {
  it('counts messages of one to three emoji, including flags, skin tones, families and keycaps', () => {
    expect(emojiOnlyCount('😀')).toBe(1);
    expect(emojiOnlyCount(' 👍🏽 🇨🇳 ')).toBe(2);
    expect(emojiOnlyCount('👨‍👩‍👧‍👦❤️1️⃣')).toBe(3);
  });
  it('is 0 for text, digits, four emoji or nothing', () => {
    expect(emojiOnlyCount('hi 😀')).toBe(0);
    expect(emojiOnlyCount('123')).toBe(0);
    expect(emojiOnlyCount('😀😀😀😀')).toBe(0);
    expect(emojiOnlyCount('  ')).toBe(0);
    expect(emojiOnlyCount('好')).toBe(0);
  });
});

describe('shortcodes', () => {
  it('finds the :partial before the caret', () => {
    expect(shortcodeAt('hello :smi', 10)).toEqual({ start: 6, query: 'smi' });
    expect(shortcodeAt(':+1', 3)).toEqual({ start: 0, query: '+1' });
    expect(shortcodeAt('time 10:30', 10)).toBeNull();
    expect(shortcodeAt('a :x', 4)).toBeNull();
  });
  it('searches the shipped data by shortcode and by name, in English and Chinese', async () => {
    const en = await loadEmoji('en');
    expect(searchEmoji(en, 'smile')[0]?.emoji).toBe('😄');
    expect(searchEmoji(en, '+1')[0]?.emoji.startsWith('👍')).toBe(true);
    const zh = await loadEmoji('zh-CN');
    expect(searchEmoji(zh, '笑').length).toBeGreaterThan(3);
    expect(searchEmoji(zh, 'smile')[0]?.emoji).toBe('😄');
  });
});
