import { CloseCode, type ServerFrame } from '@natter/protocol';
import type { Bus, BusEvent } from './bus';
import type { Connection, Sequenced } from './connection';
import { legacyFrame } from './legacy';

/**
 * The only place that writes events to sockets. Each node keeps which of its sockets belong to
 * which user and conversation, and serialises every event once however many sockets receive it.
 */
export class Gateway {
  private byUser = new Map<string, Set<Connection>>();
  private byConversation = new Map<string, Set<Connection>>();
  private readonly unsubscribe: () => void;

  constructor(bus: Bus) {
    this.unsubscribe = bus.subscribe((event) => this.handle(event));
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  socketsOf(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  attach(conn: Connection): void {
    add(this.byUser, conn.auth.userId, conn);
  }

  follow(conn: Connection, conversationIds: Iterable<string>): void {
    for (const id of conversationIds) {
      add(this.byConversation, id, conn);
      conn.conversations.add(id);
    }
  }

  detach(conn: Connection): void {
    remove(this.byUser, conn.auth.userId, conn);
    for (const id of conn.conversations) remove(this.byConversation, id, conn);
    conn.conversations.clear();
  }

  all(): Connection[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Every socket (or those following `conversationIds`) is sent what the database holds beyond what
   * it was sent: events lost while the fan-out was down still arrive. A few sockets at a time, so the
   * database pool also serves the commands arriving meanwhile. With `memberships`, what each socket
   * follows is first reconciled with the database, since joins and leaves may have been lost too.
   */
  async catchUp(conversationIds?: string[], onError?: (err: unknown) => void, memberships?: (userId: string) => Promise<Set<string>>): Promise<void> {
    let targets: Connection[];
    if (conversationIds) {
      const set = new Set<Connection>();
      for (const id of conversationIds) for (const conn of this.byConversation.get(id) ?? []) set.add(conn);
      targets = [...set];
    } else targets = this.all();
    const CONCURRENCY = 4;
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const conn = targets[next++];
        if (!conn) continue;
        try {
          if (memberships && !(await this.reconcile(conn, memberships))) continue;
          await conn.catchUp(conversationIds);
        } catch (err) {
          onError?.(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, targets.length) }, worker));
  }

  /**
   * A conversation left meanwhile stops flowing at once. One joined meanwhile has no announcement to
   * replay, so the socket is sent away to reconnect: its hello then lists that conversation among the
   * heads. Returns whether the socket stays.
   */
  private async reconcile(conn: Connection, memberships: (userId: string) => Promise<Set<string>>): Promise<boolean> {
    // Conversations followed while the query runs came from live events and are current.
    const before = new Set(conn.conversations);
    const current = await memberships(conn.auth.userId);
    for (const id of before) {
      if (current.has(id)) continue;
      remove(this.byConversation, id, conn);
      conn.conversations.delete(id);
    }
    if ([...current].every((id) => conn.conversations.has(id))) return true;
    conn.send({ type: 'goodbye', reason: 'shutdown' });
    conn.ws.close(CloseCode.shutdown, 'conversations changed, resume');
    return false;
  }

  private handle(event: BusEvent): void {
    switch (event.to) {
      case 'conversation': {
        for (const userId of event.join ?? []) {
          for (const conn of this.byUser.get(userId) ?? []) this.follow(conn, [event.conversationId]);
        }
        if (event.frame) {
          // Encoded once: every socket is handed the same bytes instead of converting the text itself.
          const data = Buffer.from(JSON.stringify(event.frame));
          const sequenced = sequencedOf(event.conversationId, event.frame);
          for (const conn of this.byConversation.get(event.conversationId) ?? []) conn.deliver(data, sequenced);
        }
        for (const userId of event.leave ?? []) {
          for (const conn of this.byUser.get(userId) ?? []) {
            remove(this.byConversation, event.conversationId, conn);
            conn.conversations.delete(event.conversationId);
          }
        }
        return;
      }
      case 'users': {
        const data = Buffer.from(JSON.stringify(event.frame));
        for (const userId of event.userIds) for (const conn of this.byUser.get(userId) ?? []) conn.deliver(data);
        return;
      }
      case 'conversations': {
        const targets = new Set<Connection>();
        for (const id of event.conversationIds) for (const conn of this.byConversation.get(id) ?? []) targets.add(conn);
        const data = Buffer.from(JSON.stringify(event.frame));
        for (const conn of targets) conn.deliver(data);
        return;
      }
      case 'end_sessions': {
        const ended = new Set(event.sessionIds);
        for (const conn of this.all()) if (ended.has(conn.auth.sessionId)) conn.end(event.reason);
        return;
      }
    }
  }
}

/** Messages and changes are delivered in order and once per socket; other conversation events as they come. */
function sequencedOf(conversationId: string, frame: ServerFrame): Sequenced | undefined {
  if (frame.type === 'message') return { conversationId, stream: 'messages', seq: frame.message.seq };
  if (frame.type === 'message_change') {
    // The protocol-1 copy is encoded once here too, for every older socket.
    const legacy = legacyFrame(frame.change);
    return { conversationId, stream: 'changes', seq: frame.change.changeSeq, legacy: legacy === null ? null : Buffer.from(legacy) };
  }
  return undefined;
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
