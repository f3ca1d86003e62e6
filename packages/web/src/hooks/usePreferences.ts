import { createContext, useContext } from 'react';
import type { ThemeChoice } from '../lib/theme';

export interface Preferences {
  theme: ThemeChoice;
  setTheme: (choice: ThemeChoice) => void;
}

export const PreferencesContext = createContext<Preferences | null>(null);

export function usePreferences(): Preferences {
  const prefs = useContext(PreferencesContext);
  if (!prefs) throw new Error('usePreferences needs a PreferencesContext provider');
  return prefs;
}
