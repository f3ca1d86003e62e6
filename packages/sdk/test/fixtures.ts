import type { Conversation, Message } from '@natter/protocol';

// Fields later protocol versions add; spread from a variable so older typings accept them too.
const newerMessageFields = { attachments: [] };
const newerConversationFields = { readSeq: 0, unreadCount: 0, peerReadSeq: null, mentionCount: 0, lastChangeSeq: 0, myRole: 'member' as const };

export function msg(conversationId: string, seq: number, extra: Partial<Message> = {}): Message {
  return {
    ...newerMessageFields,
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    sender: { id: 'u1', username: 'alice' },
    body: `message ${seq}`,
    clientMsgId: null,
    createdAt: 1_000 + seq,
    ...extra,
  };
}

export function range(conversationId: string, from: number, to: number): Message[] {
  const out: Message[] = [];
  for (let s = from; s <= to; s++) out.push(msg(conversationId, s));
  return out;
}

export function conv(id: string, lastSeq: number, createdAt = 1): Conversation {
  return {
    ...newerConversationFields,
    id,
    kind: 'room',
    name: id,
    topic: '',
    visibility: 'public',
    peer: null,
    memberCount: 1,
    lastSeq,
    lastMessage: lastSeq > 0 ? msg(id, lastSeq) : null,
    createdAt,
  };
}

export const seqs = (ms: readonly Message[]): number[] => ms.map((m) => m.seq);
