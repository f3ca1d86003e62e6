import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

/**
 * The image library (libvips, some 25 MB of memory) is loaded by the first image that needs it,
 * not at start: a server whose users send no pictures never pays for it.
 */
export async function imageLibrary(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((m) => m.default);
  return loading;
}
