import type { UserRef } from '@natter/protocol';
import { CONTACT_FRAME_TYPES, type ContactsStore } from '../contacts';
import type { ClientCore } from './core';
import type { SessionSync } from './sync';

/**
 * People around you, live: presence (in the chat store and on friends), who is typing, and the
 * friend requests, friends and removals the socket reports into `social.contacts` (whose REST side
 * is SocialClient).
 */
export class PeoplePart {
  constructor(
    private readonly core: ClientCore,
    private readonly sync: SessionSync,
    contacts: ContactsStore,
  ) {
    const { frames, events, store, typing } = core;
    const selfId = (): string | null => core.user?.id ?? null;
    frames.on('presence', (f) => {
      store.setPresence(f.presence);
      events.emit('presence', f.presence);
      contacts.apply(f, selfId());
    });
    for (const type of CONTACT_FRAME_TYPES) frames.on(type, (f) => contacts.apply(f, selfId()));
    frames.on('typing', (f) => {
      if (f.user.id !== core.user?.id) typing.heard(f.conversationId, f.user);
    });
    events.on('message', (m) => typing.stopped(m.conversationId, m.sender.id));
  }

  sendTyping(conversationId: string): void {
    if (!this.sync.welcomed || !this.core.typing.shouldSend(conversationId)) return;
    this.sync.send({ type: 'typing', conversationId });
  }

  async getOnlineUsers(): Promise<UserRef[]> {
    const { users } = await this.core.request('onlineUsers');
    return users;
  }
}
