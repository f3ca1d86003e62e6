import { useEffect, useState } from 'react';
import type { Conversation, Me, UserRef } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';

/**
 * The people of a conversation, for @mentions and for naming who reacted: both people of a direct
 * conversation, the members of a room (asked again when its member count changes).
 */
export function useMembers(conversation: Conversation, me: Me): UserRef[] {
  const client = useClient();
  const [room, setRoom] = useState<{ id: string; members: UserRef[] } | null>(null);
  const { id, kind, name, memberCount, peer } = conversation;
  useEffect(() => {
    if (kind !== 'room' || !name) return;
    let live = true;
    client.getRoomInfo(name).then(
      (info) => live && setRoom({ id, members: info.members.map((m) => m.user) }),
      () => undefined, // without the list, names are not suggested; typing them still works
    );
    return () => {
      live = false;
    };
  }, [client, id, kind, name, memberCount]);
  if (kind === 'dm') return peer ? [{ id: me.id, username: me.username }, peer] : [{ id: me.id, username: me.username }];
  return room?.id === id ? room.members : [];
}
