import { createContext, useContext } from 'react';
import type { NatterClient } from '@natter/sdk';

export const ClientContext = createContext<NatterClient | null>(null);

export function useClient(): NatterClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a ClientContext provider');
  return client;
}
