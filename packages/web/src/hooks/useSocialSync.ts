import { useEffect } from 'react';
import { setUnreadTotal } from '../lib/title';
import { useClient } from './useClient';
import { useSnapshot } from './useSnapshot';

/** Loads contacts after sign-in and after each reconnect, and keeps the unread total in the tab title. */
export function useSocialSync(): void {
  const client = useClient();
  const snapshot = useSnapshot();
  useEffect(() => {
    const load = () => void client.social.load().catch(() => undefined);
    load();
    return client.on('ready', ({ reconnected }) => {
      if (reconnected) load();
    });
  }, [client]);
  const total = snapshot.conversations.reduce((n, c) => n + c.unreadCount, 0);
  useEffect(() => {
    setUnreadTotal(total);
  }, [total]);
  useEffect(() => () => setUnreadTotal(0), []);
}
