import type { SharedFile } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { accessConversation } from '../conversations/access';
import { presentMessage } from '../messages/presenters';
import { messagesWithFiles } from '../messages/queries';
import { bytesUsedBy } from './queries';

/** A user's own storage: what their uploads take against the quota, and the per-file limit. */
export async function storageOf(ctx: AppContext, auth: Auth): Promise<{ usedBytes: number; quotaBytes: number; maxUploadBytes: number }> {
  const { quotaBytes, maxBytes } = ctx.config.uploads;
  return { usedBytes: await bytesUsedBy(ctx.db, auth.userId), quotaBytes, maxUploadBytes: maxBytes };
}

/** The files members shared in a conversation, a page of messages at a time, newest first. */
export async function listSharedFiles(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  page: { before?: number | undefined; limit: number },
): Promise<{ files: SharedFile[]; hasMore: boolean }> {
  await accessConversation(ctx, auth.userId, conversationId);
  const rows = await messagesWithFiles(ctx.db, conversationId, page.before, page.limit);
  const messages = rows.slice(0, page.limit).map(presentMessage);
  const files = messages.flatMap((m) =>
    m.attachments.map((file) => ({ file, messageId: m.id, seq: m.seq, sender: m.sender, sharedAt: m.createdAt })),
  );
  return { files, hasMore: rows.length > page.limit };
}
