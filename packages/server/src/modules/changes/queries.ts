import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { ChangeRow } from './presenters';

function withActor(db: Kysely<Database>) {
  return db
    .selectFrom('message_changes')
    .innerJoin('users', 'users.id', 'message_changes.actor_id')
    .selectAll('message_changes')
    .select(['users.username as actor_username', 'users.deleted_at as actor_deleted_at']);
}

/** Changes of a conversation after `afterChangeSeq`, oldest first. */
export function changesAfter(db: Kysely<Database>, conversationId: string, afterChangeSeq: number, limit: number): Promise<ChangeRow[]> {
  return withActor(db)
    .where('message_changes.conversation_id', '=', conversationId)
    .where('message_changes.change_seq', '>', afterChangeSeq)
    .orderBy('message_changes.change_seq', 'asc')
    .limit(limit)
    .execute();
}

/** Deletions made at or after `since` in these conversations (for protocol-1 clients), at most `limit`. */
export function deletionsSince(db: Kysely<Database>, conversationIds: string[], since: number, limit: number) {
  return db
    .selectFrom('message_changes')
    .select(['conversation_id', 'message_id', 'seq'])
    .where('kind', '=', 'delete')
    .where('created_at', '>=', since)
    .where('conversation_id', 'in', conversationIds)
    .limit(limit)
    .execute();
}
