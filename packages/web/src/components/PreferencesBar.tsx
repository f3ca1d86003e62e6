import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../hooks/usePreferences';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import type { ThemeChoice } from '../lib/theme';

const THEMES: { value: ThemeChoice; key: string }[] = [
  { value: 'system', key: 'settings.themeSystem' },
  { value: 'light', key: 'settings.themeLight' },
  { value: 'dark', key: 'settings.themeDark' },
];

/** Theme and language pickers; used on the log-in page and in the settings dialog. */
export function PreferencesBar({ stacked = false, row = false }: { stacked?: boolean; row?: boolean }) {
  const { t, i18n } = useTranslation();
  const { theme, setTheme } = usePreferences();
  const themeId = useId();
  const langId = useId();
  const current = (LANGUAGES as readonly string[]).includes(i18n.language) ? i18n.language : 'en';
  return (
    <div className={stacked ? 'prefs stacked' : row ? 'prefs row' : 'prefs'}>
      <div className="pref">
        <label htmlFor={themeId}>{t('settings.theme')}</label>
        <select id={themeId} value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
          {THEMES.map((o) => (
            <option key={o.value} value={o.value}>
              {t(o.key)}
            </option>
          ))}
        </select>
      </div>
      <div className="pref">
        <label htmlFor={langId}>{t('settings.language')}</label>
        <select id={langId} value={current} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
