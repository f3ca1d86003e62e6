import type { MessageChange } from '@natter/protocol';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context';
import { commitTogether } from '../../db/group-commit';
import { prepared } from '../../db/prepared';
import type { Database } from '../../db/schema';
import { type ChangeState, payloadOf, presentChange } from './presenters';

export interface ChangeTarget {
  conversationId: string;
  messageId: string;
  /** The message's sequence. */
  seq: number;
}

export interface Actor {
  userId: string;
  username: string;
}

/** What a change did: its resulting state for the log, and whatever the caller needs afterwards. */
export interface Applied<T> {
  state: ChangeState;
  extra: T;
}

/** Thrown inside the transaction when nothing changed: the taken change sequence is rolled back with it. */
class NothingChanged extends Error {}

/**
 * Commits one change to a message and announces it. The transaction first takes the conversation's
 * next change sequence (the update locks the conversation row on PostgreSQL, and SQLite has one
 * writer), so the changes of a conversation are serialised, and `apply` reads the state it builds
 * on after every earlier change committed. When `apply` returns null (nothing to do: a reaction
 * already there, a second deletion) the transaction rolls back, sequence included: no gaps.
 * Published after the commit. Returns null when nothing changed.
 */
export async function commitChange<T>(
  ctx: AppContext,
  target: ChangeTarget,
  actor: Actor,
  apply: (trx: Transaction<Database>, changeSeq: number, now: number) => Promise<Applied<T> | null>,
): Promise<{ change: MessageChange; extra: T } | null> {
  const now = ctx.now();
  let outcome: { change: MessageChange; extra: T };
  try {
    outcome = await commitTogether(ctx.db, ctx.dialect, async (trx) => {
      const [taken] = await takeNextChangeSeq(trx, { conversationId: target.conversationId });
      if (!taken) throw new Error('conversation vanished during a change');
      const changeSeq = Number(taken.last_change_seq);
      const applied = await apply(trx, changeSeq, now);
      if (!applied) throw new NothingChanged();
      const payload = payloadOf(applied.state);
      await insertChange(trx, {
        conversation_id: target.conversationId, change_seq: changeSeq, message_id: target.messageId, seq: target.seq,
        kind: applied.state.kind, payload, actor_id: actor.userId, created_at: now,
      });
      await stampMessage(trx, { id: target.messageId, changeSeq });
      const change = presentChange({
        conversation_id: target.conversationId, change_seq: changeSeq, message_id: target.messageId, seq: target.seq,
        kind: applied.state.kind, payload, actor_id: actor.userId, created_at: now, actor_username: actor.username, actor_deleted_at: null,
      });
      return { change, extra: applied.extra };
    });
  } catch (err) {
    if (err instanceof NothingChanged) return null;
    throw err;
  }
  ctx.bus.publish({ to: 'conversation', conversationId: target.conversationId, frame: { type: 'message_change', change: outcome.change } });
  return outcome;
}

const takeNextChangeSeq = prepared<{ conversationId: string }, { last_change_seq: number }>((db, slot) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ last_change_seq: eb('last_change_seq', '+', 1) }))
    .where('id', '=', slot('conversationId'))
    .returning('last_change_seq'),
);

type NewChange = {
  conversation_id: string; change_seq: number; message_id: string; seq: number; kind: ChangeState['kind'];
  payload: string; actor_id: string; created_at: number;
};

const insertChange = prepared<NewChange, never>((db, slot) =>
  db.insertInto('message_changes').values({
    conversation_id: slot('conversation_id'), change_seq: slot('change_seq'), message_id: slot('message_id'), seq: slot('seq'),
    kind: slot('kind'), payload: slot('payload'), actor_id: slot('actor_id'), created_at: slot('created_at'),
  }),
);

const stampMessage = prepared<{ id: string; changeSeq: number }, never>((db, slot) =>
  db.updateTable('messages').set({ change_seq: slot('changeSeq') }).where('id', '=', slot('id')),
);
