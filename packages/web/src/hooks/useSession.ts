import { useCallback, useEffect, useState } from 'react';
import type { Me } from '@natter/protocol';
import type { NatterClient } from '@natter/sdk';
import { seedPresence } from '../lib/client';

export type Session =
  | { state: 'loading' }
  | { state: 'failed' }
  /** `endedBy`: why the server ended the previous session, when the user must be told (a ban). */
  | { state: 'anonymous'; endedBy?: 'account_banned' }
  | { state: 'signed-in'; user: Me };

/** Starts the socket and the first loads once someone is signed in. */
function start(client: NatterClient): void {
  // Connection trouble shows in the banner; the SDK keeps retrying on its own.
  client.connect().catch(() => undefined);
  void client.listConversations().catch(() => undefined);
  void seedPresence(client).catch(() => undefined);
}

export function useSession(client: NatterClient) {
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const load = useCallback(() => {
    client.me().then(
      (user) => {
        if (user) start(client);
        setSession(user ? { state: 'signed-in', user } : { state: 'anonymous' });
      },
      () => setSession({ state: 'failed' }),
    );
  }, [client]);

  useEffect(load, [load]);

  const retry = useCallback(() => {
    setSession({ state: 'loading' });
    load();
  }, [load]);

  // The server can end the session (logout elsewhere, expiry, a ban): fall back to the log-in page.
  useEffect(() => {
    let banned = false;
    const offError = client.on('error', (err) => {
      if (err.code === 'account_banned') banned = true;
    });
    const offStatus = client.on('status', (status) => {
      if (status !== 'closed') return;
      // The SDK reports why (the error event) right after the status: ask the server first, then read it.
      client.me().then(
        (user) => {
          if (!user) setSession(banned ? { state: 'anonymous', endedBy: 'account_banned' } : { state: 'anonymous' });
          banned = false;
        },
        () => undefined,
      );
    });
    return () => {
      offError();
      offStatus();
    };
  }, [client]);

  const signedIn = useCallback(
    (user: Me) => {
      start(client);
      setSession({ state: 'signed-in', user });
    },
    [client],
  );

  const logout = useCallback(async () => {
    try {
      await client.logout();
    } finally {
      client.disconnect();
      setSession({ state: 'anonymous' });
    }
  }, [client]);

  return { session, retry, signedIn, logout };
}
