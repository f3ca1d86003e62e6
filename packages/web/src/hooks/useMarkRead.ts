import { useEffect, useState } from 'react';
import type { Conversation } from '@natter/protocol';
import { useClient } from './useClient';

function visible(): boolean {
  return document.visibilityState === 'visible';
}

/** While a conversation is on screen (and the tab visible), everything in it counts as read. */
export function useMarkRead(conversation: Conversation | null): void {
  const client = useClient();
  const [shown, setShown] = useState(visible);
  useEffect(() => {
    const onChange = () => setShown(visible());
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  const id = conversation?.id;
  const behind = conversation ? conversation.lastSeq > conversation.readSeq : false;
  const lastSeq = conversation?.lastSeq;
  useEffect(() => {
    if (!id || !shown || !behind) return;
    void client.markRead(id).catch(() => undefined);
  }, [client, id, shown, behind, lastSeq]);
}
