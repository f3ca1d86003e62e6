import { type DeletedEntry, type Message, type MessageChange, RESUME_MAX_PER_CONVERSATION, type ResyncEntry } from '@natter/protocol';
import type { AppContext } from '../context';
import { presentChange } from '../modules/changes/presenters';
import { changesAfter, deletionsSince } from '../modules/changes/queries';
import { presentMessage } from '../modules/messages/presenters';
import { messagesAfter } from '../modules/messages/queries';

export interface Welcome {
  missed: Message[];
  resync: ResyncEntry[];
  heads: Record<string, number>;
  deleted: DeletedEntry[];
  serverTime: number;
  /** Protocol 2 only. */
  changes?: MessageChange[];
  changeHeads: Record<string, number>;
}

export interface HelloInput {
  protocol: 1 | 2;
  cursors: Record<string, number>;
  changeCursors: Record<string, number>;
  deletedSince?: number | undefined;
}

/**
 * A deletion's time is taken before its commit and may come from another node's clock: looking this
 * far back before `deletedSince` covers both. Repeating a deletion the client already knows is harmless.
 */
const DELETED_SKEW_MS = 60_000;
/** More deletions than this since the last visit: those conversations are reloaded instead. */
const DELETED_MAX = 1000;

/**
 * What a client holding `cursors` (and, in protocol 2, `changeCursors`) missed, read from the
 * database after the socket already follows live events. Messages are read before changes: a
 * change committed between the two reads is in `changes` (and the message state it leads to is
 * the newest), so applying `missed` then `changes` in order ends at the newest state.
 */
export async function computeWelcome(ctx: AppContext, userId: string, hello: HelloInput): Promise<Welcome> {
  const { cursors } = hello;
  const serverTime = ctx.now();
  const rows = await ctx.db
    .selectFrom('conversations')
    .innerJoin('members', 'members.conversation_id', 'conversations.id')
    .select(['conversations.id', 'conversations.last_seq', 'conversations.last_change_seq'])
    .where('members.user_id', '=', userId)
    .execute();
  const heads: Record<string, number> = {};
  const changeHeads: Record<string, number> = {};
  for (const r of rows) {
    heads[r.id] = Number(r.last_seq);
    changeHeads[r.id] = Number(r.last_change_seq);
  }

  const missed: Message[] = [];
  const resync: ResyncEntry[] = [];
  const resynced = new Set<string>();
  const refuse = (conversationId: string, reason: ResyncEntry['reason']) => {
    if (resynced.has(conversationId)) return;
    resynced.add(conversationId);
    resync.push({ conversationId, reason });
  };
  for (const [conversationId, cursor] of Object.entries(cursors)) {
    const head = heads[conversationId];
    if (head === undefined || cursor > head) refuse(conversationId, 'unknown');
    else if (head - cursor > RESUME_MAX_PER_CONVERSATION) refuse(conversationId, 'too_old');
    else if (head > cursor) {
      const page = await messagesAfter(ctx.db, conversationId, cursor, RESUME_MAX_PER_CONVERSATION);
      for (const row of page) missed.push(presentMessage(row));
    }
  }

  if (hello.protocol === 2) {
    const changes: MessageChange[] = [];
    for (const [conversationId, cursor] of Object.entries(hello.changeCursors)) {
      const head = changeHeads[conversationId];
      if (head === undefined || cursor > head) refuse(conversationId, 'unknown');
      else if (head - cursor > RESUME_MAX_PER_CONVERSATION) refuse(conversationId, 'too_old');
    }
    for (const [conversationId, cursor] of Object.entries(hello.changeCursors)) {
      if (resynced.has(conversationId) || (changeHeads[conversationId] ?? 0) <= cursor) continue;
      const page = await changesAfter(ctx.db, conversationId, cursor, RESUME_MAX_PER_CONVERSATION);
      for (const row of page) changes.push(presentChange(row));
    }
    // Heads read before the changes: a change committed since is in `changes` and moves its head on.
    for (const c of changes) if (c.changeSeq > (changeHeads[c.conversationId] ?? 0)) changeHeads[c.conversationId] = c.changeSeq;
    return { missed, resync, heads, deleted: [], serverTime, changes, changeHeads };
  }

  const held = Object.keys(cursors).filter((id) => heads[id] !== undefined && !resynced.has(id));
  const deleted = hello.deletedSince === undefined ? [] : await deletedSinceIn(ctx, held, cursors, hello.deletedSince - DELETED_SKEW_MS);
  if (deleted === 'too_many') {
    for (const conversationId of held) refuse(conversationId, 'too_old');
    return { missed, resync, heads, deleted: [], serverTime, changeHeads };
  }
  // changeHeads tell the connection where deletions start for this socket; protocol 1 is not sent them.
  return { missed, resync, heads, deleted, serverTime, changeHeads };
}

/** Protocol 1: messages up to each cursor deleted at or after `since`, read from the change log. */
async function deletedSinceIn(ctx: AppContext, conversationIds: string[], cursors: Record<string, number>, since: number): Promise<DeletedEntry[] | 'too_many'> {
  if (conversationIds.length === 0) return [];
  const rows = await deletionsSince(ctx.db, conversationIds, since, DELETED_MAX + 1);
  if (rows.length > DELETED_MAX) return 'too_many';
  return rows
    .filter((r) => Number(r.seq) <= (cursors[r.conversation_id] ?? 0))
    .map((r) => ({ conversationId: r.conversation_id, messageId: r.message_id, seq: Number(r.seq) }));
}
