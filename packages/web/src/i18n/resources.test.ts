import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { pickLanguage } from './index';

function flatten(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(out, flatten(v as object, key));
    else out[key] = String(v);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const enFlat = flatten(en);
  const zhFlat = flatten(zhCN);

  it('have the same keys in English and Chinese', () => {
    expect(Object.keys(zhFlat).sort()).toEqual(Object.keys(enFlat).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(enFlat)) {
      expect(placeholders(zhFlat[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('have no empty strings', () => {
    for (const [key, text] of [...Object.entries(enFlat), ...Object.entries(zhFlat)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('are actually translated for sentences', () => {
    const same = Object.keys(enFlat).filter((k) => enFlat[k] === zhFlat[k] && !k.startsWith('lang.') && k !== 'app.name');
    expect(same).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('picks Chinese for any zh tag and English otherwise', () => {
    expect(pickLanguage(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh'])).toBe('zh-CN');
    expect(pickLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage(['fr-FR', 'zh-CN'])).toBe('zh-CN');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
