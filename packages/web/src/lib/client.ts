import { NatterClient } from '@natter/sdk';
import { apiBaseFrom } from './api-base';
import { csrfTokenFrom, fetchWithCsrf } from './csrf';

export type { ConnectionStatus, PendingMessage, StoreSnapshot as Snapshot } from '@natter/sdk';

export function createClient(): NatterClient {
  return new NatterClient({
    baseUrl: apiBaseFrom(document.baseURI),
    fetch: fetchWithCsrf(globalThis.fetch.bind(globalThis), () => document.cookie),
    // Uploads go through XMLHttpRequest (for progress), not the fetch above: they need the token too.
    uploadHeaders: (): Record<string, string> => {
      const token = csrfTokenFrom(document.cookie);
      return token ? { 'X-CSRF-Token': token } : {};
    },
  });
}

/**
 * The SDK keeps presence from live events only; seed it with who is online right now so DM dots
 * and member lists are right before the first change arrives.
 */
export async function seedPresence(client: NatterClient): Promise<void> {
  const users = await client.getOnlineUsers();
  const known = client.store.getSnapshot().presence;
  for (const u of users) {
    if (!known[u.id]) client.store.setPresence({ userId: u.id, online: true, lastSeenAt: null });
  }
}
