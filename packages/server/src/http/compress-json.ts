import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { negotiateEncoding } from './encoding';

/** Below this a JSON answer fits in a packet or two either way; compressing it only costs CPU. */
export const COMPRESS_JSON_MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Compresses JSON answers (history pages, conversation lists) for clients that accept it. Brotli at
 * quality 4 and gzip at level 6: close to the best ratio for JSON at a small fraction of the CPU of
 * the top levels, and asynchronous, so a large page does not hold the event loop. Files, the web UI
 * (precompressed at build time) and streams are left alone.
 */
export function compressJsonAnswers(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (req.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304) return payload;
    if (reply.hasHeader('content-encoding')) return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
    const raw = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (raw.length < COMPRESS_JSON_MIN_BYTES) return payload;
    const encoding = negotiateEncoding(req.headers['accept-encoding'], ['br', 'gzip']);
    void reply.header('vary', appendVary(reply.getHeader('vary')));
    if (encoding === 'identity') return payload;
    const packed =
      encoding === 'br'
        ? await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : await gzip(raw, { level: 6 });
    void reply.header('content-encoding', encoding).removeHeader('content-length');
    return packed;
  });
}

function appendVary(current: unknown): string {
  const existing = current ? String(current) : '';
  return /accept-encoding/i.test(existing) ? existing : existing ? `${existing}, Accept-Encoding` : 'Accept-Encoding';
}
