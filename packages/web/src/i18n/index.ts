import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';
import { everydayEn } from './everyday.en';
import { everydayZhCN } from './everyday.zh-CN';
import { talkEn } from './talk.en';
import { talkZhCN } from './talk.zh-CN';
import { comfortEn } from './comfort.en';
import { comfortZhCN } from './comfort.zh-CN';
import { searchEn } from './search.en';
import { searchZhCN } from './search.zh-CN';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'natter.lang';

/** First supported language among the browser's preferences; English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : null;
  } catch {
    return null;
  }
}

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
  void i18n.changeLanguage(lang);
}

export function initI18n(): typeof i18n {
  const lng = storedLanguage() ?? pickLanguage(navigator.languages ?? [navigator.language]);
  void i18n.use(initReactI18next).init({
    resources: {
      en: { translation: { ...en, ...everydayEn, ...talkEn, ...comfortEn, ...searchEn } },
      'zh-CN': { translation: { ...zhCN, ...everydayZhCN, ...talkZhCN, ...comfortZhCN, ...searchZhCN } },
    },
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes.
    showSupportNotice: false,
  });
  document.documentElement.lang = lng;
  i18n.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return i18n;
}
