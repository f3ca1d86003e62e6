import { type Attachment, ClientMsgId, hasContent, type Message, MessageText, type ServerFrameOf } from '@natter/protocol';
import { backoffDelay } from '../backoff';
import { NatterError, issuesFromZod, toNatterError } from '../errors';
import { newClientMsgId } from '../ids';
import { type OutboxEntry, Outbox, type SendExtras } from '../outbox';
import type { ConversationsPart } from './conversations';
import type { ClientCore } from './core';
import type { SessionSync, SyncPart, Welcome } from './sync';

/**
 * Messages: history pages and latest messages merged into the store, messages arriving live or
 * replayed by a welcome, deletions, and sending: pending in the store at once, the outbox over the
 * socket (ack, retry with the same clientMsgId, failure) or REST without a socket, retry and discard.
 */
export class MessagesPart implements SyncPart {
  private readonly outbox = new Outbox();
  /** Conversations whose newest page is being reloaded after a resync. */
  private readonly reloading = new Set<string>();

  constructor(
    private readonly core: ClientCore,
    private readonly sync: SessionSync,
    private readonly conversations: ConversationsPart,
  ) {
    core.frames.on('message', (f) => this.applyIncoming(f.message, true));
    core.frames.on('ack', (f) => this.onAck(f));
    core.frames.on('message_deleted', (f) => this.applyDeleted(f));
  }

  /* ---------------- sync ---------------- */

  welcome(f: Welcome): void {
    const { store, events } = this.core;
    for (const m of f.missed) this.applyIncoming(m, false);
    for (const d of f.deleted) this.applyDeleted(d);
    for (const r of f.resync) {
      // A hello sent before the newest page arrived gets the same resync again: the reload in
      // flight, or the one that already brought the head, serves both.
      if (this.reloading.has(r.conversationId)) continue;
      const head = f.heads[r.conversationId];
      if (r.reason === 'too_old' && head !== undefined && (store.cursors()[r.conversationId] ?? 0) >= head) continue;
      events.emit('resync', r);
      if (r.reason === 'unknown') store.removeConversation(r.conversationId);
      else void this.reload(r.conversationId).catch((e) => events.emit('error', toNatterError(e)));
    }
  }

  online(): void {
    for (const e of this.outbox.unsent()) this.transmit(e);
  }

  lost(): void {
    this.outbox.forgetRequests();
  }

  ended(reason: NatterError): void {
    for (const e of this.outbox.all()) this.failSend(e, reason);
  }

  requestFailed(f: ServerFrameOf<'error'>, error: NatterError): boolean {
    const entry = f.id === null ? undefined : this.outbox.forRequest(f.id);
    if (!entry) return false;
    this.outbox.unlinkRequest(entry);
    if (f.retryable) {
      // Still sending, retried by itself; the pending message carries why it waits (e.g. storage_full).
      const p = this.core.store.getPending(entry.conversationId, entry.clientMsgId);
      if (p) this.core.store.putPending({ ...p, state: 'sending', error });
      const retryAfterMs = (f.retryAfterS ?? 0) * 1000;
      const delay = Math.max(backoffDelay(entry.attempts++, this.core.opts.reconnect), Math.min(retryAfterMs, 5_000));
      entry.retryTimer = setTimeout(() => {
        entry.retryTimer = null;
        if (this.outbox.get(entry.clientMsgId) === entry && this.sync.welcomed) this.transmit(entry);
      }, delay);
      return true;
    }
    this.failSend(entry, error);
    return true;
  }

  /* ---------------- history ---------------- */

  async getMessages(conversationId: string, opts: { limit?: number; before?: number } = {}): Promise<{ messages: Message[]; hasMore: boolean }> {
    const query: { limit?: number; before?: number } = {};
    if (opts.limit !== undefined) query.limit = opts.limit;
    if (opts.before !== undefined) query.before = opts.before;
    const page = await this.core.request('getHistory', { params: { id: conversationId }, query });
    if (opts.before === undefined) this.mergeLatest(conversationId, page.messages, page.hasMore);
    else this.core.store.mergeOlderPage(conversationId, page.messages, page.hasMore, opts.before);
    return page;
  }

  /**
   * Messages on both sides of `seq` (to jump to a quoted message or a search hit). Not merged into
   * the store's run unless they touch it: show them as their own window until the gap is paged in.
   */
  async getMessagesAround(conversationId: string, seq: number, limit?: number): Promise<{ messages: Message[]; hasMore: boolean; hasMoreAfter: boolean }> {
    const page = await this.core.request('getHistory', { params: { id: conversationId }, query: { around: seq, ...(limit !== undefined ? { limit } : {}) } });
    for (const m of page.messages) this.core.store.refreshMessage(m);
    return { messages: page.messages, hasMore: page.hasMore, hasMoreAfter: page.hasMoreAfter ?? false };
  }

  async getLatestMessages(opts: { room?: string; limit?: number } = {}): Promise<Message[]> {
    const query: { room?: string; limit?: number } = {};
    if (opts.room !== undefined) query.room = opts.room;
    if (opts.limit !== undefined) query.limit = opts.limit;
    const page = await this.core.request('latestMessages', { query });
    const conversationId = page.messages[0]?.conversationId;
    if (conversationId && this.core.store.hasConversation(conversationId)) this.mergeLatest(conversationId, page.messages, page.hasMore);
    return page.messages;
  }

  async deleteMessage(conversationId: string, messageId: string): Promise<void> {
    await this.core.request('deleteMessage', { params: { id: conversationId, messageId } });
    this.core.store.markDeleted(conversationId, messageId);
  }

  /** The newest page after a resync: the server's copies replace what is held (changes may have been missed). */
  private async reload(conversationId: string): Promise<void> {
    this.reloading.add(conversationId);
    try {
      const page = await this.core.request('getHistory', { params: { id: conversationId }, query: {} });
      this.mergeLatest(conversationId, page.messages, page.hasMore, true);
    } finally {
      this.reloading.delete(conversationId);
    }
  }

  private mergeLatest(conversationId: string, page: Message[], hasMore: boolean, authoritative = false): void {
    const r = this.core.store.mergeLatestPage(conversationId, page, hasMore, { authoritative });
    for (const m of r.applied) this.core.events.emit('message', m);
    if (r.gap) this.sync.catchUp();
  }

  /** The per-message path: a message frame, an ack, a replayed or a REST-sent message. */
  private applyIncoming(m: Message, live: boolean): void {
    const { store, events } = this.core;
    const known = store.hasConversation(m.conversationId);
    const r = store.applyMessage(m);
    this.settleOwn(m);
    for (const a of r.applied) events.emit('message', a);
    if (r.gap && live) this.sync.catchUp();
    if (!known) this.conversations.fetchUnknown(m.conversationId);
  }

  private applyDeleted(d: { conversationId: string; messageId: string; seq: number }): void {
    this.core.store.markDeleted(d.conversationId, d.messageId);
    this.core.events.emit('message_deleted', { conversationId: d.conversationId, messageId: d.messageId, seq: d.seq });
  }

  /* ---------------- sending ---------------- */

  sendMessage(conversationId: string, body: string, opts: SendOptions = {}): Promise<Message> {
    const attachments = opts.attachments ?? [];
    const b = MessageText.safeParse(body);
    if (!b.success) return Promise.reject(validationError(b.error.issues, 'body'));
    const extras = extrasOf(opts);
    if (extras.forwardOf === undefined && !hasContent({ body, attachments: attachments.map((a) => a.id) })) {
      return Promise.reject(validationError([{ path: [], message: 'message is empty' }], 'body'));
    }
    const clientMsgId = opts.clientMsgId ?? newClientMsgId();
    const c = ClientMsgId.safeParse(clientMsgId);
    if (!c.success) return Promise.reject(validationError(c.error.issues, 'clientMsgId'));
    const existing = this.outbox.get(clientMsgId);
    if (existing && existing.conversationId === conversationId) return existing.promise;
    this.core.typing.sent(conversationId);
    return this.enqueue(conversationId, clientMsgId, body, Date.now(), attachments, extras);
  }

  /** Forwards a message (of a conversation I belong to) into another one: a new message naming where it came from. */
  forwardMessage(toConversationId: string, messageId: string, opts: { clientMsgId?: string } = {}): Promise<Message> {
    return this.sendMessage(toConversationId, '', { ...opts, forwardOf: messageId });
  }

  retryPending(conversationId: string, clientMsgId: string): Promise<Message> {
    const inFlight = this.outbox.get(clientMsgId);
    if (inFlight) return inFlight.promise;
    const p = this.core.store.getPending(conversationId, clientMsgId);
    if (!p) return Promise.reject(new NatterError('not_found', 'no such pending message'));
    return this.enqueue(conversationId, clientMsgId, p.body, p.createdAt, p.attachments ?? [], p.extras ?? {});
  }

  discardPending(conversationId: string, clientMsgId: string): void {
    if (this.outbox.get(clientMsgId)) return;
    this.core.store.removePending(conversationId, clientMsgId);
  }

  private enqueue(conversationId: string, clientMsgId: string, body: string, createdAt: number, attachments: Attachment[], extras: SendExtras): Promise<Message> {
    this.core.store.putPending({ clientMsgId, conversationId, body, createdAt, state: 'sending', attachments, extras });
    if (!this.sync.active) return this.sendViaRest(conversationId, clientMsgId, body, createdAt, attachments, extras);
    const entry = this.outbox.add(conversationId, clientMsgId, body, attachments.map((a) => a.id), extras);
    if (this.sync.welcomed) this.transmit(entry);
    return entry.promise;
  }

  private async sendViaRest(conversationId: string, clientMsgId: string, body: string, createdAt: number, attachments: Attachment[], extras: SendExtras): Promise<Message> {
    try {
      const { message } = await this.core.request('sendMessage', {
        params: { id: conversationId },
        body: { clientMsgId, body, attachments: attachments.map((a) => a.id), ...extras },
      });
      this.core.store.removePending(conversationId, clientMsgId);
      this.applyIncoming(message, true);
      return message;
    } catch (e) {
      const error = toNatterError(e);
      this.core.store.putPending({ clientMsgId, conversationId, body, createdAt, state: 'failed', error, attachments, extras });
      throw error;
    }
  }

  private transmit(entry: OutboxEntry): void {
    if (!this.sync.active) return;
    const id = this.core.nextId('send');
    const frame = {
      type: 'send', id, conversationId: entry.conversationId, clientMsgId: entry.clientMsgId, body: entry.body, attachments: entry.attachments, ...entry.extras,
    } as const;
    if (this.sync.send(frame)) this.outbox.markSent(entry, id);
  }

  /** A message of ours, by ack or by broadcast or replay: the send with that clientMsgId is done. */
  private settleOwn(m: Message): void {
    const user = this.core.user;
    if (!m.clientMsgId || !user || m.sender.id !== user.id) return;
    const entry = this.outbox.get(m.clientMsgId);
    if (!entry || entry.conversationId !== m.conversationId) {
      this.core.store.removePending(m.conversationId, m.clientMsgId);
      return;
    }
    this.core.store.removePending(m.conversationId, m.clientMsgId);
    this.outbox.complete(entry, m);
  }

  private onAck(f: ServerFrameOf<'ack'>): void {
    const entry = this.outbox.forRequest(f.id);
    this.applyIncoming(f.message, true);
    if (entry) {
      this.core.store.removePending(entry.conversationId, entry.clientMsgId);
      this.outbox.complete(entry, f.message);
    }
  }

  private failSend(entry: OutboxEntry, error: NatterError): void {
    const p = this.core.store.getPending(entry.conversationId, entry.clientMsgId);
    this.core.store.putPending({
      clientMsgId: entry.clientMsgId,
      conversationId: entry.conversationId,
      body: entry.body,
      createdAt: p?.createdAt ?? Date.now(),
      state: 'failed',
      error,
      ...(p?.attachments ? { attachments: p.attachments } : {}),
      extras: entry.extras,
    });
    this.outbox.fail(entry, error);
  }
}

export interface SendOptions extends SendExtras {
  clientMsgId?: string;
  attachments?: Attachment[];
}

/** Only what is set goes on the wire (an empty mention list is no mention). */
function extrasOf(o: SendOptions): SendExtras {
  const e: SendExtras = {};
  if (o.replyTo !== undefined) e.replyTo = o.replyTo;
  if (o.mentions !== undefined && o.mentions.length > 0) e.mentions = o.mentions;
  if (o.mentionsRoom) e.mentionsRoom = true;
  if (o.forwardOf !== undefined) e.forwardOf = o.forwardOf;
  return e;
}

function validationError(issues: readonly { path: readonly PropertyKey[]; message: string }[], where: string): NatterError {
  const list = issuesFromZod(issues, where);
  return new NatterError('validation_failed', list.map((i) => `${i.path}: ${i.message}`).join('; '), { issues: list });
}
