import type { Conversation, PublicRoom, RoomInfo } from '@natter/protocol';
import { toNatterError } from '../errors';
import type { ClientCore } from './core';
import type { SessionSync, SyncPart, Welcome } from './sync';

/**
 * Conversations: listing and fetching them, rooms (create, browse, join, room info), direct
 * conversations, leaving, membership events, read positions and receipts, and adopting
 * conversations into the store (a gap it reveals asks for a catch-up). Conversations the server
 * lists in a welcome but the store lacks are fetched here, as are those a message arrives in.
 */
export class ConversationsPart implements SyncPart {
  private readonly fetching = new Set<string>();
  private adopting: Promise<void> | null = null;

  constructor(
    private readonly core: ClientCore,
    private readonly sync: SessionSync,
  ) {
    const { frames, events, store } = core;
    frames.on('conversation', (f) => {
      this.adopt(f.conversation);
      events.emit('conversation', f.conversation);
      if (f.conversation.peer?.deleted) store.forgetUser(f.conversation.peer.id);
    });
    frames.on('member_joined', (f) => events.emit('member_joined', { conversationId: f.conversationId, user: f.user }));
    frames.on('member_left', (f) => {
      if (core.user && f.userId === core.user.id) store.removeConversation(f.conversationId);
      events.emit('member_left', { conversationId: f.conversationId, userId: f.userId });
    });
    frames.on('read', (f) => store.setRead(f.conversationId, f.readSeq, f.unreadCount, f.mentionCount));
    frames.on('read_receipt', (f) => store.setPeerRead(f.conversationId, f.seq));
    // After the welcome is applied and ready announced. Too far behind to replay: the unread count
    // comes from the server rather than from counting.
    frames.on('welcome', (f) => {
      for (const r of f.resync) if (r.reason === 'too_old') void this.getConversation(r.conversationId).catch(() => undefined);
    });
    // Reads made on other devices while this one was away arrive with a fresh list, not as events.
    events.on('ready', ({ reconnected }) => {
      if (reconnected) void this.listConversations().catch(() => undefined);
    });
  }

  welcome(f: Welcome): void {
    const unknown = Object.keys(f.heads).filter((id) => !this.core.store.hasConversation(id));
    if (unknown.length > 0) void this.adoptNew(unknown, this.sync.synced);
  }

  async listConversations(): Promise<Conversation[]> {
    const known = this.core.store.conversationIds();
    const { conversations } = await this.core.request('listConversations');
    const r = this.core.store.replaceConversations(conversations, known);
    if (r.gap) this.sync.catchUp();
    return conversations;
  }

  async getConversation(id: string): Promise<Conversation> {
    const { conversation } = await this.core.request('getConversation', { params: { id } });
    return this.adopt(conversation);
  }

  async createRoom(input: { name: string; topic?: string; visibility?: 'public' | 'private' }): Promise<Conversation> {
    const { conversation } = await this.core.request('createRoom', { body: input });
    return this.adopt(conversation);
  }

  async listPublicRooms(q?: string): Promise<PublicRoom[]> {
    const { rooms } = await this.core.request('listPublicRooms', { query: q === undefined || q === '' ? {} : { q } });
    return rooms;
  }

  async joinRoom(name: string): Promise<Conversation> {
    const { conversation } = await this.core.request('joinRoom', { params: { name } });
    return this.adopt(conversation);
  }

  async leaveConversation(id: string): Promise<void> {
    await this.core.request('leaveConversation', { params: { id } });
    this.core.store.removeConversation(id);
  }

  async openDm(username: string): Promise<Conversation> {
    const { conversation } = await this.core.request('openDm', { body: { username } });
    return this.adopt(conversation);
  }

  async getRoomInfo(name: string): Promise<RoomInfo> {
    const info = await this.core.request('getRoomInfo', { params: { name } });
    if (this.core.store.hasConversation(info.conversation.id)) this.adopt(info.conversation);
    return info;
  }

  /** The room's owner makes a member a moderator (may @room and pin) or a member again. */
  async setMemberRole(conversationId: string, userId: string, role: 'moderator' | 'member'): Promise<void> {
    await this.core.request('setMemberRole', { params: { id: conversationId, userId }, body: { role } });
  }

  async markRead(conversationId: string, seq?: number): Promise<void> {
    const { store } = this.core;
    const upTo = seq ?? store.lastSeq(conversationId);
    if (upTo === undefined || upTo <= store.readSeq(conversationId)) return;
    store.setRead(conversationId, upTo, null);
    if (this.sync.welcomed && this.sync.send({ type: 'read', conversationId, seq: upTo })) return;
    await this.core.request('markRead', { params: { id: conversationId }, body: { seq: upTo } });
  }

  adopt(c: Conversation): Conversation {
    const r = this.core.store.upsertConversation(c);
    if (r.gap) this.sync.catchUp();
    return c;
  }

  /** A message arrived in a conversation the store does not know: fetch it once, however many arrive. */
  fetchUnknown(id: string): void {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    const { events } = this.core;
    this.getConversation(id)
      .then((c) => events.emit('conversation', c))
      .catch((e) => events.emit('error', toNatterError(e)))
      .finally(() => this.fetching.delete(id));
  }

  /**
   * Conversations the server lists but the store does not know. Before the first sync they are
   * history (start at their newest seq); after it they are new to us, so everything in them is replayed.
   */
  private async adoptNew(ids: string[], replay: boolean): Promise<void> {
    while (this.adopting) await this.adopting;
    const { store, events } = this.core;
    const wanted = ids.filter((id) => !store.hasConversation(id));
    if (wanted.length === 0) return;
    const run = (async () => {
      const { conversations } = await this.core.request('listConversations');
      let added = false;
      for (const c of conversations) {
        if (!wanted.includes(c.id) || store.hasConversation(c.id)) continue;
        store.upsertConversation(c, replay ? 0 : c.lastSeq);
        added = true;
        events.emit('conversation', c);
      }
      if (added && replay) this.sync.catchUp();
    })();
    this.adopting = run.catch((e) => events.emit('error', toNatterError(e)));
    try {
      await this.adopting;
    } finally {
      this.adopting = null;
    }
  }
}
