import { describe, expect, it } from 'vitest';
import { en } from './en';
import { everydayEn } from './everyday.en';
import { everydayZhCN } from './everyday.zh-CN';

describe('notification and layout strings', () => {
  it('do not replace any section of the main translations', () => {
    for (const key of Object.keys(everydayEn)) expect(Object.keys(en)).not.toContain(key);
  });

  it('are translated, with the same placeholders', () => {
    const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    for (const [section, strings] of Object.entries(everydayEn)) {
      for (const [key, text] of Object.entries(strings)) {
        const zh = (everydayZhCN as Record<string, Record<string, string>>)[section]?.[key] ?? '';
        expect(zh, `${section}.${key}`).not.toBe(text);
        expect(vars(zh), `${section}.${key}`).toEqual(vars(text));
      }
    }
  });
});

describe('strings of edits, replies, reactions, mentions, pins and forwards', () => {
  it('do not replace any section and are translated with the same placeholders', async () => {
    const { talkEn } = await import('./talk.en');
    const { talkZhCN } = await import('./talk.zh-CN');
    const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(talkEn)) expect(Object.keys(en)).not.toContain(key);
    for (const [key, text] of Object.entries(talkEn.talk)) {
      const zh = (talkZhCN.talk as Record<string, string>)[key] ?? '';
      expect(zh, key).not.toBe(text);
      expect(vars(zh), key).toEqual(vars(text));
    }
  });
});
