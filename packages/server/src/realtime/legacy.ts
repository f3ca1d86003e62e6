import type { MessageChange, ServerFrame } from '@natter/protocol';

/**
 * What a protocol-1 client (an older SDK, which knows no `message_change`) is sent for a change:
 * a deletion as the `message_deleted` frame it understands, anything else not at all.
 */
export function legacyFrame(change: MessageChange): string | null {
  if (change.kind !== 'delete') return null;
  return JSON.stringify({ type: 'message_deleted', conversationId: change.conversationId, messageId: change.messageId, seq: change.seq } satisfies ServerFrame);
}
