import type { Message } from '@natter/protocol';
import { presentUserRef } from '../accounts/presenters';
import { attachmentsFromColumn } from '../files/presenters';
import type { MessageWithSender } from './queries';

export function presentMessage(row: MessageWithSender): Message {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    sender: presentUserRef({ id: row.sender_id, username: row.sender_username, deleted_at: row.sender_deleted_at }),
    body: deleted ? '' : row.body,
    clientMsgId: row.client_msg_id,
    createdAt: row.created_at,
    attachments: deleted ? [] : attachmentsFromColumn(row.attachments),
    ...(deleted ? { deleted: true } : {}),
  };
}
