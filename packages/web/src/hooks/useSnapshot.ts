import { useSyncExternalStore } from 'react';
import type { Snapshot } from '../lib/client';
import { useClient } from './useClient';

export function useSnapshot(): Snapshot {
  const client = useClient();
  return useSyncExternalStore(client.store.subscribe, client.store.getSnapshot);
}
