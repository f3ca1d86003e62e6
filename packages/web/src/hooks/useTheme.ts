import { useCallback, useEffect, useState } from 'react';
import { applyTheme, readThemeChoice, resolveTheme, saveThemeChoice, type ThemeChoice } from '../lib/theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);

  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const apply = () => applyTheme(resolveTheme(choice, media.matches));
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [choice]);

  const update = useCallback((next: ThemeChoice) => {
    saveThemeChoice(next);
    setChoice(next);
  }, []);
  return [choice, update];
}
