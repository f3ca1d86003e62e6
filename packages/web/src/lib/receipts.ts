import type { Conversation, Message } from '@natter/protocol';

/** In a DM, the id of my newest message the peer has read: "read" is shown under it. */
export function lastReadByPeer(conversation: Conversation, messages: readonly Message[], meId: string): string | null {
  const upTo = conversation.kind === 'dm' ? conversation.peerReadSeq : null;
  if (upTo === null || upTo === 0) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.sender.id === meId && m.seq <= upTo) return m.id;
  }
  return null;
}
