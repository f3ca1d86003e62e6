import { z } from 'zod';
import { charLength, Id, MESSAGE_MAX_CHARS, Timestamp, UserText } from './common';

/** Files one message may carry. */
export const ATTACHMENTS_MAX = 10;
/** Longer names are shortened on upload, keeping the extension. */
export const FILE_NAME_MAX_CHARS = 255;
/** The only types served inline (and thumbnailed); everything else downloads as an attachment. */
export const INLINE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

export const AttachmentKind = z.enum(['image', 'file']);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

export const Attachment = z.object({
  id: Id,
  /** The uploader's file name, cleaned: no path, no control characters, at most FILE_NAME_MAX_CHARS. */
  name: z.string(),
  size: z.number().int().nonnegative(),
  /** Type sniffed from the content, not taken from the name or the uploader. */
  mime: z.string(),
  kind: AttachmentKind,
  /** Pixel size after EXIF orientation, so a list can reserve the space before the image loads. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  /** Path under the server's base URL, e.g. /api/files/ID. */
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
  sha256: z.string(),
  createdAt: Timestamp,
});
export type Attachment = z.infer<typeof Attachment>;

/** Ids of files uploaded to the same conversation by the sender, in display order. */
export const AttachmentIds = z
  .array(Id)
  .max(ATTACHMENTS_MAX)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'an attachment is listed twice' });

/** Message text; it may be empty when files are attached (a caption is optional). */
export const MessageText = UserText().refine((s) => charLength(s) <= MESSAGE_MAX_CHARS, {
  message: `message must be at most ${MESSAGE_MAX_CHARS} characters`,
});

/** A send must carry text or at least one file. */
export function hasContent(v: { body: string; attachments?: readonly string[] | undefined }): boolean {
  return v.body.trim().length > 0 || (v.attachments?.length ?? 0) > 0;
}
export const EMPTY_MESSAGE = { message: 'message is empty', path: ['body'] };

export const UploadQuery = z.strictObject({
  /**
   * The original file name (URL-encoded in the query). The one text field not held to `UserText`:
   * names come from the uploader's file system, not from typing, so the server cleans them
   * (control characters removed) instead of refusing the file.
   */
  name: z.string().min(1).max(1024),
});
export const UploadResponse = z.object({ file: Attachment });
export const FileParams = z.strictObject({ id: Id });
export const MessageParams = z.strictObject({ id: Id, messageId: Id });

export const MessageDeletedEvent = z.object({
  type: z.literal('message_deleted'),
  conversationId: Id,
  messageId: Id,
  seq: z.number().int().positive(),
});
