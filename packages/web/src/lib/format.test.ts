import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { dayKey, daysBetween, formatClock, formatDayLabel, formatRelative } from './format';

let tEn: TFunction;
let tZh: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'en', showSupportNotice: false });
  tEn = i18n.getFixedT('en');
  tZh = i18n.getFixedT('zh-CN');
});

const now = new Date(2026, 10, 21, 15, 30).getTime();
const MIN = 60_000;

describe('formatRelative', () => {
  it('says "just now" under a minute, in both languages', () => {
    expect(formatRelative(now - 20_000, now, 'en', tEn)).toBe('just now');
    expect(formatRelative(now - 20_000, now, 'zh-CN', tZh)).toBe('刚刚');
  });

  it('counts minutes, then hours on the same day', () => {
    expect(formatRelative(now - 5 * MIN, now, 'en', tEn)).toMatch(/5 min/);
    expect(formatRelative(now - 5 * MIN, now, 'zh-CN', tZh)).toBe('5分钟前');
    expect(formatRelative(now - 3 * 60 * MIN, now, 'en', tEn)).toMatch(/3 hr/);
  });

  it('says yesterday, then a date', () => {
    expect(formatRelative(new Date(2026, 10, 20, 23, 0).getTime(), now, 'en', tEn)).toBe('Yesterday');
    expect(formatRelative(new Date(2026, 10, 20, 23, 0).getTime(), now, 'zh-CN', tZh)).toBe('昨天');
    expect(formatRelative(new Date(2026, 10, 2, 9, 0).getTime(), now, 'en', tEn)).toBe('Nov 2');
    expect(formatRelative(new Date(2025, 0, 2, 9, 0).getTime(), now, 'en', tEn)).toMatch(/25/);
  });
});

describe('day labels', () => {
  it('names today and yesterday and writes other dates out', () => {
    expect(formatDayLabel(now - MIN, now, 'en', tEn)).toBe('Today');
    expect(formatDayLabel(new Date(2026, 10, 20, 1).getTime(), now, 'zh-CN', tZh)).toBe('昨天');
    expect(formatDayLabel(new Date(2026, 10, 16, 1).getTime(), now, 'en', tEn)).toBe('Monday, November 16');
    expect(formatDayLabel(new Date(2026, 10, 16, 1).getTime(), now, 'zh-CN', tZh)).toBe('11月16日星期一');
  });

  it('uses local calendar days', () => {
    expect(dayKey(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
    expect(daysBetween(new Date(2026, 10, 20, 23, 59).getTime(), new Date(2026, 10, 21, 0, 1).getTime())).toBe(1);
  });

  it('formats clock times in local time', () => {
    expect(formatClock(new Date(2026, 10, 21, 9, 5).getTime(), 'en')).toMatch(/^9:05\sAM$/);
    expect(formatClock(new Date(2026, 10, 21, 21, 5).getTime(), 'zh-CN')).toBe('21:05');
  });
});
