import { useEffect, useState } from 'react';
import type { NatterClient } from '@natter/sdk';
import { useClient } from './useClient';

export interface ServerLimits {
  editWindowMinutes: number;
  reactionsPerMessage: number;
  reactionsPerUser: number;
  mentionsPerMessage: number;
}

const cache = new WeakMap<NatterClient, Promise<ServerLimits>>();

/** The server's limits (edit window, reaction caps), asked once per client; null until known. */
export function useLimits(): ServerLimits | null {
  const client = useClient();
  const [limits, setLimits] = useState<ServerLimits | null>(null);
  useEffect(() => {
    let live = true;
    let p = cache.get(client);
    if (!p) {
      p = client.request('limits', {});
      cache.set(client, p);
      // A failure is asked again next time; meanwhile the server decides alone.
      p.catch(() => cache.delete(client));
    }
    p.then((l) => live && setLimits(l), () => undefined);
    return () => {
      live = false;
    };
  }, [client]);
  return limits;
}

/** After an administrator changed the edit window: the next reader asks again. */
export function forgetLimits(client: NatterClient): void {
  cache.delete(client);
}
