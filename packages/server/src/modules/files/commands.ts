import { pipeline, Readable, Transform } from 'node:stream';
import type { Attachment } from '@natter/protocol';
import type { Transaction } from 'kysely';
import type { AppContext, Auth } from '../../context';
import type { Database } from '../../db/schema';
import { AppError, isStorageFull, notFound, storageFull } from '../../http/errors';
import { newId } from '../../util/ids';
import { accessConversation } from '../conversations/access';
import { readImage } from './images';
import { cleanFileName } from './names';
import { type FileRow, presentAttachment } from './presenters';
import { bytesUsedBy, findFile, isAttached } from './queries';
import { SNIFF_BYTES, sniff } from './sniff';

/** An upload nobody attached within this long is deleted. */
export const UNATTACHED_TTL_MS = 24 * 3600 * 1000;

export interface UploadInput {
  conversationId: string;
  name: string;
  body: Readable;
  /** From Content-Length, when the client sent one: lets limits answer before any byte is read. */
  declaredSize: number | null;
}

/**
 * Streams one upload to storage. Limits are checked from Content-Length first, then enforced by a
 * byte counter while reading; whatever fails after the bytes were stored removes them again.
 */
export async function uploadFile(ctx: AppContext, auth: Auth, input: UploadInput): Promise<Attachment> {
  try {
    const file = await storeUpload(ctx, auth, input);
    ctx.storageHealth.wrote('files');
    return file;
  } catch (err) {
    // Bytes or the row that found no space: 507 Insufficient Storage, retryable (ADR 0009).
    if (err instanceof AppError && err.code === 'storage_full') throw storageFull(507);
    if (ctx.storageHealth.observe(err)) throw storageFull(507);
    throw err;
  }
}

async function storeUpload(ctx: AppContext, auth: Auth, input: UploadInput): Promise<Attachment> {
  await accessConversation(ctx, auth.userId, input.conversationId);
  const { maxBytes, quotaBytes } = ctx.config.uploads;
  const room = quotaBytes - (await bytesUsedBy(ctx.db, auth.userId));
  if (input.declaredSize !== null) checkSize(input.declaredSize, maxBytes, room);
  if (room <= 0) throw quotaExceeded(quotaBytes);

  const head = new HeadCapture(SNIFF_BYTES);
  // Past the quota the counter stops the body as "too large"; say "quota" when that was the limit.
  const limit = Math.min(maxBytes, room);
  let blob;
  try {
    // pipeline, not pipe: a client that disconnects must fail the write, not leave it waiting.
    blob = await ctx.storage.put(pipeline(input.body, head, () => {}), { maxBytes: limit });
  } catch (err) {
    if (err instanceof AppError && err.code === 'payload_too_large' && limit < maxBytes) throw quotaExceeded(quotaBytes);
    // A full disk also ends the body's pipeline: check it before blaming the client.
    if (isStorageFull(err)) {
      ctx.storageHealth.observe(err, 'files');
      throw err;
    }
    // The client went away (cancelled, closed the tab): its fault, not a server error to log.
    if (!(err instanceof AppError) && input.body.destroyed && !input.body.readableEnded) {
      throw new AppError('bad_request', 'the upload was interrupted before the whole file arrived');
    }
    throw err;
  }
  const keys = [blob.key];
  try {
    if (blob.size === 0) throw new AppError('bad_request', 'the file is empty');
    const name = cleanFileName(input.name);
    const type = sniff(head.bytes(), name);
    const row: FileRow = {
      id: newId(), conversation_id: input.conversationId, uploader_id: auth.userId, storage_key: blob.key, thumbnail_key: null,
      name, size: blob.size, mime: type.mime, kind: type.image ? 'image' : 'file', width: null, height: null,
      sha256: blob.sha256, created_at: ctx.now(),
    };
    if (type.image) {
      const image = await readImage(ctx.storage.get(blob.key), type.mime, ctx.config.uploads.maxImagePixels);
      const thumb = await ctx.storage.put(Readable.from([image.thumbnail]));
      keys.push(thumb.key);
      Object.assign(row, { thumbnail_key: thumb.key, width: image.width, height: image.height });
    }
    await ctx.db.insertInto('files').values(row).execute();
    // Parallel uploads each passed the check above; the one that tipped the total over gives way.
    if ((await bytesUsedBy(ctx.db, auth.userId)) > quotaBytes) {
      await ctx.db.deleteFrom('files').where('id', '=', row.id).execute();
      throw quotaExceeded(quotaBytes);
    }
    return presentAttachment(row);
  } catch (err) {
    await Promise.all(keys.map((k) => ctx.storage.delete(k)));
    throw err;
  }
}

function checkSize(size: number, maxBytes: number, room: number): void {
  if (size > maxBytes) throw new AppError('payload_too_large', `the file is larger than ${maxBytes} bytes`);
  if (size > room) throw quotaExceeded(room);
}

function quotaExceeded(quotaBytes: number): AppError {
  return new AppError('quota_exceeded', `this upload would pass your storage quota of ${Math.round(quotaBytes / 1024 / 1024)} MB`);
}

/** Takes back an upload that no message carries yet (the composer's remove button). */
export async function deleteUpload(ctx: AppContext, auth: Auth, fileId: string): Promise<void> {
  const file = await findFile(ctx.db, fileId);
  if (!file || file.uploader_id !== auth.userId) throw notFound('file not found');
  if (await isAttached(ctx.db, fileId)) throw new AppError('conflict', 'the file is part of a message; delete the message instead');
  await removeFiles(ctx, [file]);
}

/**
 * The files a message being stored will carry, read inside its transaction. Only the sender's own
 * uploads to this conversation qualify; anything else is reported as not found.
 */
export async function attachableFiles(trx: Transaction<Database>, userId: string, conversationId: string, fileIds: string[]): Promise<Attachment[]> {
  if (fileIds.length === 0) return [];
  const rows = await trx
    .selectFrom('files')
    .selectAll()
    .where('id', 'in', fileIds)
    .where('uploader_id', '=', userId)
    .where('conversation_id', '=', conversationId)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = fileIds.map((id) => byId.get(id));
  if (ordered.some((r) => r === undefined)) throw new AppError('not_found', 'an attachment was not found: upload it to this conversation first');
  return (ordered as FileRow[]).map(presentAttachment);
}

/** Records that a stored message carries these files, which keeps them alive. */
export async function linkFiles(trx: Transaction<Database>, messageId: string, files: Attachment[]): Promise<void> {
  if (files.length === 0) return;
  await trx
    .insertInto('message_attachments')
    .values(files.map((f, position) => ({ message_id: messageId, file_id: f.id, position })))
    .execute();
}

/**
 * Unlinks a deleted message's files inside its transaction and drops the rows of those no other
 * message carries. The caller deletes their bytes (deleteBlobs) once the transaction committed.
 */
export async function unlinkFiles(trx: Transaction<Database>, messageId: string): Promise<FileRow[]> {
  const linked = await trx.selectFrom('message_attachments').select('file_id').where('message_id', '=', messageId).execute();
  if (linked.length === 0) return [];
  await trx.deleteFrom('message_attachments').where('message_id', '=', messageId).execute();
  const orphans = await trx
    .selectFrom('files')
    .selectAll()
    .where('id', 'in', linked.map((l) => l.file_id))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('message_attachments').select('file_id').whereRef('message_attachments.file_id', '=', 'files.id'))),
    )
    .execute();
  if (orphans.length > 0) await trx.deleteFrom('files').where('id', 'in', orphans.map((f) => f.id)).execute();
  return orphans;
}

/** Uploads left unattached past UNATTACHED_TTL_MS (a closed tab, an abandoned draft). */
export async function sweepUnattached(ctx: AppContext): Promise<number> {
  const stale = await ctx.db
    .selectFrom('files')
    .selectAll()
    .where('created_at', '<', ctx.now() - UNATTACHED_TTL_MS)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('message_attachments').select('file_id').whereRef('message_attachments.file_id', '=', 'files.id'))),
    )
    .limit(500)
    .execute();
  await removeFiles(ctx, stale);
  return stale.length;
}

/** Rows first, then bytes: a crash in between leaves an unreferenced blob, never a row without bytes. */
async function removeFiles(ctx: AppContext, files: FileRow[]): Promise<void> {
  if (files.length === 0) return;
  await ctx.db.deleteFrom('files').where('id', 'in', files.map((f) => f.id)).execute();
  await deleteBlobs(ctx, files);
}

export async function deleteBlobs(ctx: AppContext, files: FileRow[]): Promise<void> {
  for (const f of files) {
    await ctx.storage.delete(f.storage_key);
    if (f.thumbnail_key) await ctx.storage.delete(f.thumbnail_key);
  }
}

/** Keeps the first bytes that pass through, for sniffing the type without a second read. */
class HeadCapture extends Transform {
  private readonly chunks: Buffer[] = [];
  private held = 0;

  constructor(private readonly want: number) {
    super();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks).subarray(0, this.want);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    if (this.held < this.want) {
      this.chunks.push(chunk.subarray(0, this.want - this.held));
      this.held += Math.min(chunk.length, this.want - this.held);
    }
    done(null, chunk);
  }
}
