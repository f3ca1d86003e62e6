import type { TFunction } from 'i18next';
import type { Attachment, Message } from '@natter/protocol';
import { previewText } from './conversation';

/** "1.5 MB", "320 KB", "12 B": sizes as people read them, in the UI's language. */
export function formatBytes(bytes: number, lang: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

export type FileKind = 'image' | 'pdf' | 'archive' | 'audio' | 'video' | 'document' | 'text' | 'file';

/** The kind of icon and label a file gets, from its sniffed type. */
export function fileKind(mime: string): FileKind {
  if (mime.startsWith('image/')) return 'image';
  if (mime === 'application/pdf') return 'pdf';
  if (/zip|gzip|7z|tar|rar/.test(mime)) return 'archive';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  if (/officedocument|opendocument|msword/.test(mime)) return 'document';
  if (mime.startsWith('text/')) return 'text';
  return 'file';
}

/** Size a thumbnail is shown at: fits a box, keeps the aspect ratio, so the list never jumps. */
export function fitBox(width: number, height: number, maxW: number, maxH: number): { width: number; height: number } {
  const scale = Math.min(1, maxW / width, maxH / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** One-line summary of a message for the conversation list: its text, else its files, or "deleted". */
export function messagePreview(m: Pick<Message, 'body' | 'attachments' | 'deleted'>, t: TFunction): string {
  if (m.deleted) return t('files.deleted');
  const text = previewText(m.body);
  const files = m.attachments ?? [];
  if (text || files.length === 0) return text;
  const first = files[0] as Attachment;
  const more = files.length > 1 ? ` +${files.length - 1}` : '';
  return `${first.kind === 'image' ? '🖼️' : '📎'} ${first.name}${more}`;
}
