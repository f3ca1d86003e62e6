import type { AppContext } from '../../context';
import { notFound } from '../../http/errors';
import type { FileRow } from './presenters';
import { findFile } from './queries';

/**
 * The only way to load a file for a user. Its uploader may read it while a member of the
 * conversation it was uploaded to; anyone may once a message carrying it is in a conversation they
 * belong to (the one it was sent in, or one it was forwarded to). Anyone else, and a missing file,
 * get the same 404.
 */
export async function accessFile(ctx: AppContext, userId: string, fileId: string): Promise<FileRow> {
  const file = await findFile(ctx.db, fileId);
  if (!file) throw notFound('file not found');
  const carried = await ctx.db
    .selectFrom('message_attachments')
    .innerJoin('messages', 'messages.id', 'message_attachments.message_id')
    .innerJoin('members', 'members.conversation_id', 'messages.conversation_id')
    .select('message_attachments.file_id')
    .where('message_attachments.file_id', '=', fileId)
    .where('members.user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  if (carried) return file;
  if (file.uploader_id !== userId) throw notFound('file not found');
  const member = await ctx.db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', file.conversation_id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member) throw notFound('file not found');
  return file;
}
