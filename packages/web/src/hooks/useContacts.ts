import { useSyncExternalStore } from 'react';
import type { ContactsSnapshot } from '@natter/sdk';
import { useClient } from './useClient';

export function useContacts(): ContactsSnapshot {
  const client = useClient();
  return useSyncExternalStore(client.social.contacts.subscribe, client.social.contacts.getSnapshot);
}
