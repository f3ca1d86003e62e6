import type { Readable } from 'node:stream';
import type { Metadata } from 'sharp';
import { AppError } from '../../http/errors';
import { imageLibrary } from './sharp';

/** Longest side of a thumbnail, in pixels; twice what the message list shows, for dense screens. */
export const THUMBNAIL_MAX_SIDE = 640;

export interface ImageInfo {
  width: number;
  height: number;
  thumbnail: Buffer;
}

const FORMAT_OF: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

/**
 * Size (after EXIF orientation) and a WebP thumbnail of an uploaded image. The whole image is
 * decoded once here, so a corrupt or truncated file, one that is not the type its bytes claim, or
 * one with more than `maxPixels` pixels (a pixel flood: small file, huge canvas) is refused.
 */
export async function readImage(source: Readable, mime: string, maxPixels: number): Promise<ImageInfo> {
  const input = await collect(source);
  const sharp = await imageLibrary();
  const options = { limitInputPixels: maxPixels, failOn: 'error' as const, autoOrient: true };
  let meta: Metadata;
  try {
    // Reading the header decodes no pixels, so it may look at any size and say why it is refused.
    meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw invalid('the image cannot be read');
  }
  if (meta.format !== FORMAT_OF[mime]) throw invalid('the image is damaged');
  if (meta.width * meta.height > maxPixels) {
    throw invalid(`the image is too large: at most ${Math.floor(maxPixels / 1e6)} megapixels`);
  }
  try {
    const thumbnail = await sharp(input, options)
      .resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    return { width: meta.autoOrient.width, height: meta.autoOrient.height, thumbnail };
  } catch {
    throw invalid('the image is damaged');
  }
}

function invalid(message: string): AppError {
  return new AppError('invalid_image', message);
}

async function collect(source: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
