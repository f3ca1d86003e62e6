import { useEffect } from 'react';
import { setFaviconCount } from '../lib/favicon';
import { useSnapshot } from './useSnapshot';

/** The unread total on the tab icon, next to the one in the tab title. */
export function useFaviconBadge(): void {
  const total = useSnapshot().conversations.reduce((n, c) => n + c.unreadCount, 0);
  useEffect(() => {
    setFaviconCount(total);
  }, [total]);
  useEffect(() => () => setFaviconCount(0), []);
}
