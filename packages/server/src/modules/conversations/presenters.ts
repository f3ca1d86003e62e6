import type { Conversation } from '@natter/protocol';
import type { AppContext } from '../../context';
import type { ConversationRow } from '../../db/schema';
import { presentUserRef } from '../accounts/presenters';
import { lastMessages } from '../messages/queries';
import { presentMessage } from '../messages/presenters';
import { peerReadSeqs, readStates } from '../reads/queries';
import { dmPeers, memberCounts } from './queries';

/** Conversations as `viewerId` sees them, loaded with a fixed number of queries however many there are. */
export async function presentConversations(ctx: AppContext, rows: ConversationRow[], viewerId: string): Promise<Conversation[]> {
  const ids = rows.map((r) => r.id);
  const dmIds = rows.filter((r) => r.kind === 'dm').map((r) => r.id);
  const [counts, peers, last, reads, peerReads] = await Promise.all([
    memberCounts(ctx.db, ids),
    dmPeers(ctx.db, dmIds, viewerId),
    lastMessages(ctx.db, rows.filter((r) => r.last_seq > 0)),
    readStates(ctx.db, viewerId, ids),
    peerReadSeqs(ctx.db, viewerId, dmIds),
  ]);
  return rows.map((row) => {
    const peer = peers.get(row.id);
    const message = last.get(row.id);
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      topic: row.topic,
      visibility: row.visibility,
      peer: peer ? presentUserRef(peer) : null,
      memberCount: counts.get(row.id) ?? 0,
      lastSeq: row.last_seq,
      lastMessage: message ? presentMessage(message) : null,
      createdAt: row.created_at,
      readSeq: reads.get(row.id)?.readSeq ?? 0,
      unreadCount: reads.get(row.id)?.unreadCount ?? 0,
      mentionCount: reads.get(row.id)?.mentionCount ?? 0,
      lastChangeSeq: Number(row.last_change_seq),
      myRole: reads.get(row.id)?.role ?? 'member',
      peerReadSeq: peerReads.get(row.id) ?? null,
    };
  });
}

export async function presentConversation(ctx: AppContext, row: ConversationRow, viewerId: string): Promise<Conversation> {
  const [one] = await presentConversations(ctx, [row], viewerId);
  return one as Conversation;
}
