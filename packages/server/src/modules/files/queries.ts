import type { Attachment } from '@natter/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { presentAttachment } from './presenters';

/** Bytes a user's uploads take; thumbnails are the server's own and do not count. */
export async function bytesUsedBy(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('files')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('used'))
    .where('uploader_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.used ?? 0);
}

export function findFile(db: Kysely<Database>, id: string) {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function isAttached(db: Kysely<Database>, fileId: string): Promise<boolean> {
  const row = await db.selectFrom('message_attachments').select('file_id').where('file_id', '=', fileId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The files each message carries, in the order they were sent. */
export async function attachmentsOf(db: Kysely<Database>, messageIds: string[]): Promise<Map<string, Attachment[]>> {
  const out = new Map<string, Attachment[]>();
  if (messageIds.length === 0) return out;
  const rows = await db
    .selectFrom('message_attachments')
    .innerJoin('files', 'files.id', 'message_attachments.file_id')
    .selectAll('files')
    .select('message_attachments.message_id')
    .where('message_attachments.message_id', 'in', messageIds)
    .orderBy('message_attachments.message_id')
    .orderBy('message_attachments.position')
    .execute();
  for (const { message_id, ...file } of rows) {
    const list = out.get(message_id) ?? [];
    list.push(presentAttachment(file));
    out.set(message_id, list);
  }
  return out;
}
