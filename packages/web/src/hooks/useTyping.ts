import { useSyncExternalStore } from 'react';
import type { UserRef } from '@natter/protocol';
import { useClient } from './useClient';

const NOBODY: UserRef[] = [];

/** People typing in a conversation right now. */
export function useTyping(conversationId: string): UserRef[] {
  const client = useClient();
  const all = useSyncExternalStore(client.typing.subscribe, client.typing.getSnapshot);
  return all[conversationId] ?? NOBODY;
}
