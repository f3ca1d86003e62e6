import { useCallback, useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../lib/client';
import { useClient } from './useClient';

export function useStatus(): ConnectionStatus {
  const client = useClient();
  const subscribe = useCallback((onChange: () => void) => client.on('status', onChange), [client]);
  return useSyncExternalStore(subscribe, () => client.status);
}
