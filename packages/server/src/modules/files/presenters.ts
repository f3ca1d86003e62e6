import type { Attachment } from '@natter/protocol';
import type { Selectable } from 'kysely';
import type { FilesTable } from './tables';

export type FileRow = Selectable<FilesTable>;

export function presentAttachment(row: FileRow): Attachment {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mime: row.mime,
    kind: row.kind,
    width: row.width,
    height: row.height,
    url: `/api/files/${row.id}`,
    thumbnailUrl: row.thumbnail_key ? `/api/files/${row.id}/thumbnail` : null,
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

/**
 * Messages keep a copy of their attachments' details (JSON in messages.attachments), so every path
 * that presents a message — history, replay, live events — shows them without another query.
 * File details never change after upload, so the copy cannot go stale.
 */
export function attachmentsColumn(list: Attachment[]): string | null {
  return list.length === 0 ? null : JSON.stringify(list);
}

export function attachmentsFromColumn(text: string | null): Attachment[] {
  if (!text) return [];
  return JSON.parse(text) as Attachment[];
}
