import type { MessageChange, MessageChangeKind } from '@natter/protocol';
import { presentUserRef } from '../accounts/presenters';
import type { MessageChangesTable } from './tables';

/** What a change of each kind stores in `payload`: the resulting state, without the common fields. */
export type ChangeState =
  | { kind: 'edit'; body: string; editedAt: number }
  | { kind: 'delete' }
  | { kind: 'react' | 'unreact'; emoji: string; reactions: Extract<MessageChange, { kind: 'react' }>['reactions'] }
  | { kind: 'pin'; pinned: Extract<MessageChange, { kind: 'pin' }>['pinned'] }
  | { kind: 'unpin' };

export type ChangeRow = MessageChangesTable & { actor_username: string; actor_deleted_at: number | null };

export function payloadOf(state: ChangeState): string {
  const { kind: _kind, ...rest } = state;
  return JSON.stringify(rest);
}

export function presentChange(row: ChangeRow): MessageChange {
  const state = JSON.parse(row.payload) as Record<string, unknown>;
  return {
    ...state,
    kind: row.kind as MessageChangeKind,
    conversationId: row.conversation_id,
    changeSeq: Number(row.change_seq),
    messageId: row.message_id,
    seq: Number(row.seq),
    at: Number(row.created_at),
    actor: presentUserRef({ id: row.actor_id, username: row.actor_username, deleted_at: row.actor_deleted_at }),
  } as MessageChange;
}
