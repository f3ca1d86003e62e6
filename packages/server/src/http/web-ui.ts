import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { negotiateEncoding, type ContentEncoding } from './encoding';

/**
 * The built web UI. packages/web's build writes a Brotli (.br) and a gzip (.gz) copy beside every
 * text file, so nothing is compressed per request: @fastify/static picks the copy the browser accepts
 * (and says `Vary: Accept-Encoding`). Files under assets/ carry a content hash in their names and so
 * never change: browsers keep them a year without asking. Everything else (index.html, sw.js, the
 * small unhashed scripts) is revalidated on every use, so a new release is seen at once.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

const HASHED = /[/\\]assets[/\\][^/\\]+$/;

export function cacheControlFor(file: string): string {
  return HASHED.test(file) ? IMMUTABLE : REVALIDATE;
}

export async function serveWebUi(scoped: FastifyInstance, root: string): Promise<void> {
  // Loaded only by a server that serves the UI (not by an API-only node or the tests' servers).
  const { default: fastifyStatic } = await import('@fastify/static');
  await scoped.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, file) => void reply.header('cache-control', cacheControlFor(file)),
  });
}

/** index.html and its compressed copies, kept in memory: every client-side route answers with it. */
export interface AppShell {
  send(reply: FastifyReply, acceptEncoding: string | undefined): FastifyReply;
}

export function loadAppShell(root: string): AppShell {
  const file = path.join(root, 'index.html');
  const variants = new Map<ContentEncoding, Buffer>([['identity', fs.readFileSync(file)]]);
  for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (fs.existsSync(file + ext)) variants.set(encoding, fs.readFileSync(file + ext));
  }
  return {
    send(reply, acceptEncoding) {
      const encoding = negotiateEncoding(acceptEncoding, [...variants.keys()]);
      void reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).header('vary', 'Accept-Encoding');
      if (encoding !== 'identity') void reply.header('content-encoding', encoding);
      return reply.send(variants.get(encoding));
    },
  };
}
