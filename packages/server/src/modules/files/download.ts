import type { FastifyReply, FastifyRequest } from 'fastify';
import { FileParams, hasInvalidText, INLINE_IMAGE_TYPES } from '@natter/protocol';
import type { AppContext } from '../../context';
import { authenticateRequest } from '../../http/auth';
import { AppError, notFound } from '../../http/errors';
import { accessFile } from './access';
import { contentDisposition } from './names';
import type { FileRow } from './presenters';
import { parseRange } from './range';

const INLINE = new Set<string>(INLINE_IMAGE_TYPES);

/**
 * Sends a file's bytes to a member of its conversation. Only the four raster image types are shown
 * inline; everything else is an application/octet-stream attachment, so an uploaded page or SVG can
 * never run in the app's origin. nosniff and a sandboxing CSP make sure browsers agree.
 */
export async function serveFile(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, variant: 'original' | 'thumbnail') {
  const auth = await authenticateRequest(ctx, req);
  const params = FileParams.safeParse(req.params);
  if (!params.success) {
    if (hasInvalidText(params.error.issues)) throw new AppError('invalid_text', 'invalid path');
    throw notFound('file not found');
  }
  const file = await accessFile(ctx, auth.userId, params.data.id);
  const target = variant === 'original' ? original(file) : thumbnail(file);

  void reply
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('cross-origin-resource-policy', 'same-origin')
    .header('accept-ranges', target.size === null ? 'none' : 'bytes');
  const range = target.size === null ? ({ kind: 'whole' } as const) : parseRange(req.headers.range, target.size);
  if (range.kind === 'unsatisfiable') {
    void reply.header('content-range', `bytes */${target.size}`);
    throw new AppError('range_not_satisfiable', `the file has ${target.size} bytes`);
  }
  void reply
    // An id's bytes never change; "private" keeps them out of shared caches.
    .header('cache-control', 'private, max-age=31536000, immutable')
    .header('etag', target.etag)
    .header('content-type', target.type)
    .header('content-disposition', contentDisposition(target.inline ? 'inline' : 'attachment', target.name));
  if (req.headers['if-none-match'] === target.etag) return reply.code(304).send();
  if (range.kind === 'part') {
    const { start, end } = range.range;
    void reply.code(206).header('content-range', `bytes ${start}-${end}/${target.size}`).header('content-length', String(end - start + 1));
    return reply.send(ctx.storage.get(target.key, range.range));
  }
  // Sent chunked: with a Content-Length set by hand here, a keep-alive connection was left
  // non-idle after the answer and held up server shutdown. Range answers carry their length.
  return reply.send(ctx.storage.get(target.key));
}

interface Target {
  key: string;
  size: number | null;
  type: string;
  inline: boolean;
  name: string;
  etag: string;
}

function original(file: FileRow): Target {
  const inline = file.kind === 'image' && INLINE.has(file.mime);
  return {
    key: file.storage_key,
    size: file.size,
    type: inline ? file.mime : 'application/octet-stream',
    inline,
    name: file.name,
    etag: `"${file.sha256}"`,
  };
}

function thumbnail(file: FileRow): Target {
  if (!file.thumbnail_key) throw notFound('this file has no thumbnail');
  const base = file.name.replace(/\.[^.]*$/, '');
  return { key: file.thumbnail_key, size: null, type: 'image/webp', inline: true, name: `${base}.webp`, etag: `"t-${file.sha256}"` };
}
