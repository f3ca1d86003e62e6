import type { Conversation, Message, MessageChange, Presence } from '@natter/protocol';
import { type ApplyResult, MessageLog } from './message-log';
import { activity, EMPTY, type PendingMessage, type StoreSnapshot } from './store-snapshot';
import { applyToRun, mentions, withChange } from './message-state';

export type { PendingMessage, StoreSnapshot } from './store-snapshot';

/**
 * Plain observable store. State is kept mutable inside; snapshots are rebuilt lazily and only for
 * what changed, and listeners are notified once per microtask, so a replay of a thousand messages
 * costs one copy and one render rather than a thousand.
 */
export class ChatStore {
  private readonly convs = new Map<string, Conversation>();
  private readonly logs = new Map<string, MessageLog>();
  private readonly pendingByConv = new Map<string, PendingMessage[]>();
  private readonly presenceByUser = new Map<string, Presence>();
  private readonly listeners = new Set<() => void>();

  private snapshot: StoreSnapshot = EMPTY;
  /** Who "I" am: my own messages never count as unread. */
  selfId: () => string | null = () => null;
  private dirtyLogs = new Set<string>();
  private dirtyConvs = false;
  private dirtyPending = false;
  private dirtyPresence = false;
  private dirtyAll = false;
  private notifyQueued = false;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): StoreSnapshot => {
    if (this.isDirty()) this.rebuild();
    return this.snapshot;
  };

  /* ---- reads used by the client ---- */

  hasConversation(id: string): boolean {
    return this.convs.has(id);
  }

  conversationIds(): string[] {
    return [...this.convs.keys()];
  }

  cursors(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, log] of this.logs) out[id] = log.cursor;
    return out;
  }

  cursor(conversationId: string): number | undefined {
    return this.logs.get(conversationId)?.cursor;
  }

  /** True when some conversation holds messages past a gap. */
  hasGaps(): boolean {
    for (const log of this.logs.values()) if (log.waiting > 0) return true;
    return false;
  }

  /* ---- conversations ---- */

  /**
   * Adds or refreshes a conversation. A conversation seen for the first time starts caught up to
   * `startAt` (its lastSeq by default: older messages are history, fetched by paging).
   * Returns `gap` when the server has more than we hold.
   */
  upsertConversation(c: Conversation, startAt: number = c.lastSeq): { isNew: boolean; gap: boolean } {
    const prev = this.convs.get(c.id);
    let next = c;
    // An older copy of the conversation (a slow REST answer) must not undo messages or reads seen since.
    if (prev && prev.lastSeq > c.lastSeq) {
      next = { ...c, lastSeq: prev.lastSeq, lastMessage: prev.lastMessage, readSeq: prev.readSeq, unreadCount: prev.unreadCount };
    }
    if (prev && prev.readSeq > next.readSeq) {
      next = { ...next, readSeq: prev.readSeq, unreadCount: Math.min(prev.unreadCount, next.unreadCount), mentionCount: Math.min(prev.mentionCount, next.mentionCount) };
    }
    // Nor may it take back changes (edits, reactions) already applied to its last message.
    if (prev?.lastMessage && next.lastMessage?.id === prev.lastMessage.id && (prev.lastMessage.changeSeq ?? 0) > (next.lastMessage.changeSeq ?? 0)) {
      next = { ...next, lastMessage: prev.lastMessage };
    }
    this.convs.set(c.id, next);
    this.dirtyConvs = true;
    let log = this.logs.get(c.id);
    if (!log) {
      log = new MessageLog(Math.min(startAt, c.lastSeq));
      this.logs.set(c.id, log);
      this.dirtyLogs.add(c.id);
    }
    this.changed();
    return { isNew: !prev, gap: next.lastSeq > log.cursor };
  }

  /** Makes the store's conversation set match `list`, dropping only ids listed in `dropCandidates`. */
  replaceConversations(list: Conversation[], dropCandidates: Iterable<string>): { added: string[]; gap: boolean } {
    const keep = new Set(list.map((c) => c.id));
    for (const id of dropCandidates) if (!keep.has(id)) this.removeConversation(id);
    const added: string[] = [];
    let gap = false;
    for (const c of list) {
      const r = this.upsertConversation(c);
      if (r.isNew) added.push(c.id);
      gap ||= r.gap;
    }
    return { added, gap };
  }

  removeConversation(id: string): void {
    if (!this.convs.has(id) && !this.logs.has(id)) return;
    this.convs.delete(id);
    this.logs.delete(id);
    this.pendingByConv.delete(id);
    this.dirtyAll = true;
    this.changed();
  }

  /* ---- messages ---- */

  /** A message from the live stream, a replay or an ack. Unknown conversations start at this message. */
  applyMessage(m: Message): ApplyResult {
    let log = this.logs.get(m.conversationId);
    if (!log) {
      log = new MessageLog(m.seq - 1);
      this.logs.set(m.conversationId, log);
    }
    const r = log.apply(m);
    if (r.applied.length > 0) this.afterApplied(m.conversationId, r.applied);
    return r;
  }

  /** `authoritative`: the page was loaded for a resync; its copies replace held ones (see MessageLog.mergeLatest). */
  mergeLatestPage(conversationId: string, page: Message[], hasMore: boolean, opts: { authoritative?: boolean } = {}): ApplyResult & { replaced: boolean } {
    const log = this.logFor(conversationId, page);
    const r = log.mergeLatest(page, hasMore, opts);
    this.afterApplied(conversationId, r.applied);
    return r;
  }

  mergeOlderPage(conversationId: string, page: Message[], hasMore: boolean, before: number): void {
    const log = this.logs.get(conversationId);
    if (!log) return;
    log.mergeOlder(page, hasMore, before);
    this.dirtyLogs.add(conversationId);
    this.changed();
  }

  /* ---- read positions ---- */

  lastSeq(conversationId: string): number | undefined {
    return this.convs.get(conversationId)?.lastSeq;
  }

  readSeq(conversationId: string): number {
    return this.convs.get(conversationId)?.readSeq ?? 0;
  }

  /** My read position moved forward; counts null mean "work it out" (0 when read to the end). */
  setRead(conversationId: string, readSeq: number, unreadCount: number | null, mentionCount: number | null = null): void {
    const conv = this.convs.get(conversationId);
    if (!conv || readSeq < conv.readSeq) return;
    const unread = unreadCount ?? (readSeq >= conv.lastSeq ? 0 : conv.unreadCount);
    const mentioned = mentionCount ?? (readSeq >= conv.lastSeq ? 0 : conv.mentionCount);
    this.convs.set(conversationId, { ...conv, readSeq, unreadCount: unread, mentionCount: mentioned });
    this.dirtyConvs = true;
    this.changed();
  }

  /** The peer of a direct conversation read up to `seq` (a read receipt). */
  setPeerRead(conversationId: string, seq: number): void {
    const conv = this.convs.get(conversationId);
    if (!conv || (conv.peerReadSeq ?? 0) >= seq) return;
    this.convs.set(conversationId, { ...conv, peerReadSeq: seq });
    this.dirtyConvs = true;
    this.changed();
  }

  /** An account was deleted: its messages now show a deleted user, and it is offline. */
  forgetUser(userId: string): void {
    const ghost = { id: userId, username: '', deleted: true };
    const hide = (m: Message): Message => (m.sender.id === userId && !m.sender.deleted ? { ...m, sender: ghost } : m);
    for (const [id, log] of this.logs) {
      for (let i = 0; i < log.messages.length; i++) {
        const m = log.messages[i];
        const shown = m && hide(m);
        if (m && shown && shown !== m) {
          log.messages[i] = shown;
          this.dirtyLogs.add(id);
        }
      }
    }
    for (const [id, c] of this.convs) if (c.lastMessage?.sender.id === userId) this.convs.set(id, { ...c, lastMessage: hide(c.lastMessage) });
    this.presenceByUser.set(userId, { userId, online: false, lastSeenAt: this.presenceByUser.get(userId)?.lastSeenAt ?? null });
    this.dirtyConvs = true;
    this.dirtyPresence = true;
    this.changed();
  }

  /** Its sender deleted a message: it keeps its place but shows no text or files. */
  markDeleted(conversationId: string, messageId: string): void {
    const gone = (m: Message): Message => ({ ...m, body: '', attachments: [], deleted: true });
    const log = this.logs.get(conversationId);
    const i = log ? log.messages.findIndex((m) => m.id === messageId) : -1;
    const held = log?.messages[i];
    if (log && held && !held.deleted) {
      log.messages[i] = gone(held);
      this.dirtyLogs.add(conversationId);
    }
    const conv = this.convs.get(conversationId);
    if (conv?.lastMessage?.id === messageId && !conv.lastMessage.deleted) {
      this.convs.set(conversationId, { ...conv, lastMessage: gone(conv.lastMessage) });
      this.dirtyConvs = true;
    }
    this.changed();
  }

  /**
   * Applies one change of the log to the message it names (if held) and to the quotes of replies
   * to it. Idempotent: a change already reflected (by changeSeq) does nothing. Returns the message
   * as it now is, or null when it is not held or was already up to date.
   */
  applyChange(c: MessageChange): Message | null {
    const log = this.logs.get(c.conversationId);
    const updated = log ? applyToRun(log.messages, c) : null;
    if (updated) this.dirtyLogs.add(c.conversationId);
    const conv = this.convs.get(c.conversationId);
    const last = conv?.lastMessage ? withChange(conv.lastMessage, c) : null;
    if (conv && last) {
      const mentionGone = c.kind === 'delete' && mentions(conv.lastMessage!, this.selfId()) && conv.lastMessage!.seq > conv.readSeq;
      this.convs.set(c.conversationId, { ...conv, lastMessage: last, mentionCount: Math.max(0, conv.mentionCount - (mentionGone ? 1 : 0)) });
      this.dirtyConvs = true;
    }
    if (updated || last) this.changed();
    return updated ?? last;
  }

  /** A copy of a held message from a REST answer: kept when it carries more changes than the held one. */
  refreshMessage(m: Message): void {
    const log = this.logs.get(m.conversationId);
    if (!log) return;
    log.refresh([m]);
    this.dirtyLogs.add(m.conversationId);
    this.changed();
  }

  /** The message with this id, if held. */
  message(conversationId: string, messageId: string): Message | undefined {
    return this.logs.get(conversationId)?.messages.find((m) => m.id === messageId);
  }

  /* ---- pending sends ---- */

  putPending(p: PendingMessage): void {
    const list = (this.pendingByConv.get(p.conversationId) ?? []).filter((x) => x.clientMsgId !== p.clientMsgId);
    list.push(p);
    this.pendingByConv.set(p.conversationId, list);
    this.dirtyPending = true;
    this.changed();
  }

  getPending(conversationId: string, clientMsgId: string): PendingMessage | undefined {
    return this.pendingByConv.get(conversationId)?.find((p) => p.clientMsgId === clientMsgId);
  }

  removePending(conversationId: string, clientMsgId: string): void {
    const list = this.pendingByConv.get(conversationId);
    if (!list) return;
    const next = list.filter((p) => p.clientMsgId !== clientMsgId);
    if (next.length === list.length) return;
    if (next.length === 0) this.pendingByConv.delete(conversationId);
    else this.pendingByConv.set(conversationId, next);
    this.dirtyPending = true;
    this.changed();
  }

  /* ---- presence ---- */

  setPresence(p: Presence): void {
    this.presenceByUser.set(p.userId, p);
    this.dirtyPresence = true;
    this.changed();
  }

  /** Forget everything (after logout, before another user logs in). */
  reset(): void {
    this.convs.clear();
    this.logs.clear();
    this.pendingByConv.clear();
    this.presenceByUser.clear();
    this.dirtyAll = true;
    this.changed();
  }

  /* ---- internals ---- */

  private logFor(conversationId: string, page: Message[]): MessageLog {
    let log = this.logs.get(conversationId);
    if (!log) {
      const conv = this.convs.get(conversationId);
      const newest = page.reduce((n, m) => Math.max(n, m.seq), 0);
      log = new MessageLog(conv?.lastSeq ?? newest);
      this.logs.set(conversationId, log);
    }
    return log;
  }

  private afterApplied(conversationId: string, applied: Message[]): void {
    this.dirtyLogs.add(conversationId);
    const newest = applied.at(-1);
    const conv = this.convs.get(conversationId);
    if (newest && conv && newest.seq > conv.lastSeq) {
      const self = this.selfId();
      const unseen = applied.filter((m) => m.seq > conv.lastSeq && m.seq > conv.readSeq);
      const fresh = unseen.filter((m) => m.sender.id !== self).length;
      const mentioned = unseen.filter((m) => mentions(m, self)).length;
      this.convs.set(conversationId, { ...conv, lastSeq: newest.seq, lastMessage: newest, unreadCount: conv.unreadCount + fresh, mentionCount: conv.mentionCount + mentioned });
      this.dirtyConvs = true;
    }
    this.changed();
  }

  private isDirty(): boolean {
    return this.dirtyAll || this.dirtyConvs || this.dirtyPending || this.dirtyPresence || this.dirtyLogs.size > 0;
  }

  private rebuild(): void {
    const prev = this.snapshot;
    const all = this.dirtyAll;
    const next: StoreSnapshot = { ...prev };
    if (all || this.dirtyConvs) {
      next.conversations = [...this.convs.values()].sort((x, y) => activity(y) - activity(x) || (x.id < y.id ? -1 : 1));
      next.unreadTotal = next.conversations.reduce((n, c) => n + c.unreadCount, 0);
      next.mentionTotal = next.conversations.reduce((n, c) => n + c.mentionCount, 0);
    }
    if (all || this.dirtyLogs.size > 0) {
      const ids = all ? [...this.logs.keys()] : [...this.dirtyLogs];
      const messages: Record<string, Message[]> = all ? {} : { ...prev.messages };
      const cursors: Record<string, number> = all ? {} : { ...prev.cursors };
      const hasMoreBefore: Record<string, boolean> = all ? {} : { ...prev.hasMoreBefore };
      const loaded: Record<string, boolean> = all ? {} : { ...prev.loaded };
      for (const id of ids) {
        const log = this.logs.get(id);
        if (!log) {
          delete messages[id];
          delete cursors[id];
          delete hasMoreBefore[id];
          delete loaded[id];
          continue;
        }
        messages[id] = log.messages.slice();
        cursors[id] = log.cursor;
        hasMoreBefore[id] = log.hasMoreBefore;
        loaded[id] = log.loaded;
      }
      Object.assign(next, { messages, cursors, hasMoreBefore, loaded });
    }
    if (all || this.dirtyPending) {
      const pending: Record<string, PendingMessage[]> = {};
      for (const [id, list] of this.pendingByConv) pending[id] = list.slice();
      next.pending = pending;
    }
    if (all || this.dirtyPresence) next.presence = Object.fromEntries(this.presenceByUser);
    this.snapshot = next;
    this.dirtyAll = false;
    this.dirtyConvs = false;
    this.dirtyPending = false;
    this.dirtyPresence = false;
    this.dirtyLogs = new Set();
  }

  private changed(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const l of [...this.listeners]) {
        try {
          l();
        } catch (e) {
          console.error(e);
        }
      }
    });
  }
}
