import { useSyncExternalStore } from 'react';
import { desktopWanted, mutedIds, subscribeNotifyPrefs } from '../lib/notify-prefs';

export function useMutedIds(): readonly string[] {
  return useSyncExternalStore(subscribeNotifyPrefs, mutedIds);
}

export function useDesktopWanted(): boolean {
  return useSyncExternalStore(subscribeNotifyPrefs, desktopWanted);
}
