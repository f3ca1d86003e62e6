import type { TFunction } from 'i18next';
import type { NatterClient } from '@natter/sdk';

/**
 * One row of the quick switcher. `run` does what the row names and resolves to the conversation to
 * open, if any; a failure is shown under the field.
 */
export interface SwitcherItem {
  key: string;
  label: string;
  detail?: string;
  /** Shown as the avatar's letter or a room mark. */
  kind: 'conversation' | 'room' | 'person' | 'message';
  /** Whose avatar the row shows, when it is not the label's (a found message shows its sender). */
  avatar?: string;
  run: () => Promise<string | undefined> | string | undefined;
}

/**
 * A section of results found from the typed text. The built-in people and rooms sections are
 * sources; others (message search) are passed to the switcher the same way.
 */
export interface SwitcherSource {
  key: string;
  title: string;
  /** Fewer characters than this and the section is not asked (searches that cost the server). */
  minLength?: number;
  search: (query: string, signal: AbortSignal) => Promise<SwitcherItem[]>;
}

/** People by username; choosing one opens (or creates) the direct conversation. */
export function peopleSource(client: NatterClient, t: TFunction): SwitcherSource {
  return {
    key: 'people',
    title: t('comfort.sectionPeople'),
    minLength: 2,
    search: async (query) => {
      const found = await client.social.searchUsers(query);
      return found
        .filter((u) => u.user.id !== client.user?.id)
        .map((u) => ({
          key: `person:${u.user.id}`,
          label: u.user.username,
          detail: u.relation === 'friend' ? t('comfort.relationFriend') : t('comfort.messagePerson'),
          kind: 'person' as const,
          run: async () => (await client.openDm(u.user.username)).id,
        }));
    },
  };
}

/** Public rooms not joined yet; choosing one joins it. */
export function roomsSource(client: NatterClient, t: TFunction): SwitcherSource {
  return {
    key: 'rooms',
    title: t('comfort.sectionRooms'),
    minLength: 1,
    search: async (query) => {
      const rooms = await client.listPublicRooms(query);
      // Rooms already joined are in the conversations section.
      return rooms
        .filter((r) => !r.joined)
        .map((r) => ({
          key: `room:${r.id}`,
          label: `#${r.name}`,
          detail: t('comfort.joinRoom', { count: r.memberCount }),
          kind: 'room' as const,
          run: async () => (await client.joinRoom(r.name)).id,
        }));
    },
  };
}
