import type { AppContext } from '../../context';
import { notFound } from '../../http/errors';
import type { FileRow } from './presenters';
import { findFile, isAttached } from './queries';

/**
 * The only way to load a file for a user. Its uploader may always read it; other members of its
 * conversation once a message carries it. Anyone else, and a missing file, get the same 404.
 */
export async function accessFile(ctx: AppContext, userId: string, fileId: string): Promise<FileRow> {
  const file = await findFile(ctx.db, fileId);
  if (!file) throw notFound('file not found');
  const member = await ctx.db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', file.conversation_id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member) throw notFound('file not found');
  if (file.uploader_id !== userId && !(await isAttached(ctx.db, file.id))) throw notFound('file not found');
  return file;
}
