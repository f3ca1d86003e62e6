import { type Message, type MessageChange, type MessageEdit, PROTOCOL_VERSION, type Reaction, type UserRef } from '@natter/protocol';
import type { ClientCore } from './core';
import type { SessionSync, SyncPart, Welcome } from './sync';

/**
 * The change log of each conversation as this client follows it: edits, deletions, reactions and
 * pins, live and replayed. It keeps a change cursor per conversation (the last change applied in
 * order), sends the cursors with every hello, and applies changes to the store in order: one past a
 * hole waits while the server is asked to replay from the cursors. Also the REST calls that make
 * such changes.
 */
export class ChangesPart implements SyncPart {
  private readonly cursors = new Map<string, number>();
  /** Changes that arrived past a hole, per conversation, by change sequence. */
  private readonly ahead = new Map<string, Map<number, MessageChange>>();

  constructor(
    private readonly core: ClientCore,
    private readonly sync: SessionSync,
  ) {
    core.frames.on('message_change', (f) => this.apply(f.change, true));
  }

  /* ---------------- sync ---------------- */

  helloFields(): { protocol: typeof PROTOCOL_VERSION; changeCursors: Record<string, number> } {
    return { protocol: PROTOCOL_VERSION, changeCursors: Object.fromEntries(this.cursors) };
  }

  welcome(f: Welcome): void {
    const heads = f.changeHeads ?? {};
    for (const r of f.resync) {
      // The conversation is reloaded (or dropped): its changes start again at the head.
      this.ahead.delete(r.conversationId);
      if (heads[r.conversationId] === undefined) this.cursors.delete(r.conversationId);
      else this.cursors.set(r.conversationId, heads[r.conversationId]!);
    }
    // Conversations new to us start at their head: what changed before is in the messages we fetch.
    for (const [id, head] of Object.entries(heads)) if (!this.cursors.has(id)) this.cursors.set(id, head);
    for (const c of f.changes ?? []) this.apply(c, false);
  }

  /** Logged out or another account: no cursor carries over. */
  forget(): void {
    this.cursors.clear();
    this.ahead.clear();
  }

  /** The change cursor of a conversation (the last change applied in order), if followed. */
  cursor(conversationId: string): number | undefined {
    return this.cursors.get(conversationId);
  }

  private apply(c: MessageChange, live: boolean): void {
    const cursor = this.cursors.get(c.conversationId);
    if (cursor === undefined) {
      // A conversation joined since the welcome: follow it from this change on.
      this.cursors.set(c.conversationId, c.changeSeq - 1);
      return this.apply(c, live);
    }
    if (c.changeSeq <= cursor) return;
    if (c.changeSeq > cursor + 1) {
      let waiting = this.ahead.get(c.conversationId);
      if (!waiting) this.ahead.set(c.conversationId, (waiting = new Map()));
      waiting.set(c.changeSeq, c);
      if (live) this.sync.catchUp();
      return;
    }
    this.applyNow(c);
    const waiting = this.ahead.get(c.conversationId);
    for (let next = waiting?.get(c.changeSeq + 1); next; next = waiting?.get(next.changeSeq + 1)) {
      waiting!.delete(next.changeSeq);
      this.applyNow(next);
    }
    if (waiting?.size === 0) this.ahead.delete(c.conversationId);
  }

  private applyNow(c: MessageChange): void {
    this.cursors.set(c.conversationId, c.changeSeq);
    const message = this.core.store.applyChange(c);
    this.core.events.emit('message_change', { change: c, message });
    if (c.kind === 'delete') this.core.events.emit('message_deleted', { conversationId: c.conversationId, messageId: c.messageId, seq: c.seq });
  }

  /* ---------------- REST ---------------- */

  /** Changes the text (or caption) of a message I sent; everyone sees it live, marked edited. */
  async editMessage(conversationId: string, messageId: string, body: string): Promise<Message> {
    const { message } = await this.core.request('editMessage', { params: { id: conversationId, messageId }, body: { body } });
    this.adopt(message);
    return message;
  }

  /** Earlier versions of a message (its sender and administrators), oldest first. */
  async messageEdits(conversationId: string, messageId: string): Promise<MessageEdit[]> {
    return (await this.core.request('messageEdits', { params: { id: conversationId, messageId } })).edits;
  }

  /** Adds my reaction (adding it twice is fine). Resolves with the message's reactions. */
  async react(conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
    return (await this.core.request('react', { params: { id: conversationId, messageId, emoji } })).reactions;
  }

  async unreact(conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
    return (await this.core.request('unreact', { params: { id: conversationId, messageId, emoji } })).reactions;
  }

  /** Adds my reaction, or removes it when the store shows I already made it. */
  toggleReaction(conversationId: string, messageId: string, emoji: string): Promise<Reaction[]> {
    const me = this.core.user?.id;
    const held = this.core.store.message(conversationId, messageId);
    const mine = me !== undefined && (held?.reactions?.some((r) => r.emoji === emoji && r.userIds.includes(me)) ?? false);
    return mine ? this.unreact(conversationId, messageId, emoji) : this.react(conversationId, messageId, emoji);
  }

  /** Who reacted with what, with names. */
  async listReactions(conversationId: string, messageId: string): Promise<{ emoji: string; users: UserRef[] }[]> {
    return (await this.core.request('listReactions', { params: { id: conversationId, messageId } })).reactions;
  }

  async pin(conversationId: string, messageId: string): Promise<Message> {
    const { message } = await this.core.request('pinMessage', { params: { id: conversationId, messageId } });
    this.adopt(message);
    return message;
  }

  async unpin(conversationId: string, messageId: string): Promise<Message> {
    const { message } = await this.core.request('unpinMessage', { params: { id: conversationId, messageId } });
    this.adopt(message);
    return message;
  }

  /** Pinned messages, most recently pinned first. */
  async listPins(conversationId: string): Promise<Message[]> {
    return (await this.core.request('listPins', { params: { id: conversationId } })).messages;
  }

  /** A REST answer may be newer than what the socket brought so far: the copy with more changes wins. */
  private adopt(m: Message): void {
    this.core.store.refreshMessage(m);
  }
}
