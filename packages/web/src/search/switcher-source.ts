import type { TFunction } from 'i18next';
import type { NatterClient } from '@natter/sdk';
import type { SwitcherItem, SwitcherSource } from '../components/switcher/sources';
import type { SearchTarget } from './MessageSearch';

/** How many found messages the quick switcher lists before its "search all messages" row. */
const SWITCHER_HITS = 3;
const EXCERPT_CHARS = 60;

function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
}

/**
 * Messages in the quick switcher: the newest few hits, then a row that opens the full search view
 * with the typed text. A refused search (the per-user rate limit while typing fast) still leaves
 * that row, so the full view is always one key away.
 */
export function messagesSource(
  client: NatterClient,
  t: TFunction,
  /** Readies the jump to a hit and names the conversation the switcher then opens. */
  onOpenHit: (target: SearchTarget) => string,
  onSearchAll: (query: string) => void,
): SwitcherSource {
  return {
    key: 'messages',
    title: t('search.sectionMessages'),
    minLength: 1,
    search: async (query) => {
      const all: SwitcherItem = {
        key: 'messages:all',
        label: t('search.allFor', { query }),
        kind: 'message',
        run: () => {
          onSearchAll(query);
          return undefined;
        },
      };
      let hits: SwitcherItem[] = [];
      try {
        const found = await client.searchMessages(query, { limit: SWITCHER_HITS });
        hits = found.results.map((hit) => ({
          key: `message:${hit.message.id}`,
          label: excerpt(hit.message.body) || t('search.filesOnly'),
          avatar: hit.message.sender.username,
          detail: `${hit.message.sender.username} · ${hit.conversation.name !== null ? `#${hit.conversation.name}` : (hit.conversation.peer?.username ?? '')}`,
          kind: 'message' as const,
          run: () => onOpenHit({ conversationId: hit.conversation.id, messageId: hit.message.id, seq: hit.message.seq }),
        }));
      } catch {
        // Left to the full view, which shows why.
      }
      return [...hits, all];
    },
  };
}
